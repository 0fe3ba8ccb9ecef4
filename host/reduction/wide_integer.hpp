// Unsigned 256-bit integers, just enough for exact moments: a point's Σ q² and
// Σ q_a q_b reach ~2^190 and N Σ q² − (Σ q)² ~2^250 before the single, final
// rounding to double. Plain limb arithmetic, little-endian.
#pragma once

#include <cstdint>

namespace chokepoint {

//! Exact sums of up to 2^64 values below 2^64 (host side).
__extension__ typedef unsigned __int128 ExactSum;

class Wide {
 public:
  Wide() = default;
  explicit Wide(ExactSum v) {
    limb_[0] = static_cast<uint64_t>(v);
    limb_[1] = static_cast<uint64_t>(v >> 64);
  }

  //! x · 2^shift, for shift < 128.
  static Wide shifted(ExactSum x, int shift) {
    Wide w(x);
    return w.shift_left(shift);
  }

  Wide& operator+=(const Wide& o) {
    uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      const ExactSum s = static_cast<ExactSum>(limb_[j]) + o.limb_[j] + carry;
      limb_[j] = static_cast<uint64_t>(s);
      carry = static_cast<uint64_t>(s >> 64);
    }
    return *this;
  }

  //! *this − o; requires *this >= o.
  Wide minus(const Wide& o) const {
    Wide d;
    uint64_t borrow = 0;
    for (int j = 0; j < 4; ++j) {
      const uint64_t a = limb_[j], b = o.limb_[j];
      const uint64_t t = a - b - borrow;
      borrow = (a < b || (a == b && borrow)) ? 1 : 0;
      d.limb_[j] = t;
    }
    return d;
  }

  //! The low 256 bits of *this · m.
  Wide times(uint64_t m) const {
    Wide p;
    uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      const ExactSum t = static_cast<ExactSum>(limb_[j]) * m + carry;
      p.limb_[j] = static_cast<uint64_t>(t);
      carry = static_cast<uint64_t>(t >> 64);
    }
    return p;
  }

  //! a · b in full (256 bits).
  static Wide product(ExactSum a, ExactSum b) {
    const uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
    Wide p = Wide(b).times(a0);
    p += Wide(b).times(a1).shift_left(64);
    return p;
  }

  bool operator<(const Wide& o) const {
    for (int j = 3; j >= 0; --j) {
      if (limb_[j] != o.limb_[j]) return limb_[j] < o.limb_[j];
    }
    return false;
  }
  bool operator==(const Wide& o) const {
    for (int j = 0; j < 4; ++j) {
      if (limb_[j] != o.limb_[j]) return false;
    }
    return true;
  }
  bool is_zero() const { return *this == Wide(); }

  //! The value as a double, limb by limb from the top: deterministic, with a
  //! relative error below 2^-51.
  double to_double() const {
    double v = 0;
    for (int j = 3; j >= 0; --j) v = v * 0x1p64 + static_cast<double>(limb_[j]);
    return v;
  }

  uint64_t limb(int j) const { return limb_[j]; }

 private:
  Wide shift_left(int shift) const {
    Wide w;
    const int words = shift / 64, bits = shift % 64;
    for (int j = 3; j >= 0; --j) {
      const int from = j - words;
      if (from < 0) continue;
      uint64_t v = limb_[from] << bits;
      if (bits != 0 && from > 0) v |= limb_[from - 1] >> (64 - bits);
      w.limb_[j] = v;
    }
    return w;
  }

  uint64_t limb_[4] = {0, 0, 0, 0};
};

//! Σ_j limbs[j] · 2^(32 j) of `count` limb sums.
inline Wide compose_limbs(const ExactSum* limbs, int count) {
  Wide w;
  for (int j = 0; j < count; ++j) w += Wide::shifted(limbs[j], 32 * j);
  return w;
}

//! The signed difference a − b as a double.
inline double signed_difference(const Wide& a, const Wide& b) {
  return b < a ? a.minus(b).to_double() : -b.minus(a).to_double();
}

}  // namespace chokepoint
