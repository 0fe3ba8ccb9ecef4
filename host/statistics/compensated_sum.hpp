// Neumaier's compensated summation: sums of many doubles in a fixed order,
// with an error that does not grow with the count (a mean of N equal values
// comes out exactly). Used by the host statistics.
#pragma once

namespace chokepoint {

class CompensatedSum {
 public:
  void add(double x) {
    const double t = sum_ + x;
    // Whichever operand is larger keeps its bits; the smaller one's lost bits
    // go to the compensation.
    if ((sum_ >= 0 ? sum_ : -sum_) >= (x >= 0 ? x : -x)) {
      compensation_ += (sum_ - t) + x;
    } else {
      compensation_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  double value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0;
  double compensation_ = 0;
};

}  // namespace chokepoint
