// Combining a point's exact reductions across the processes that share its
// paths (MPI ranks). Every operation is on integers, so the combined values do
// not depend on how the paths were split. In one process each is the identity.
#pragma once

#include <cstdint>
#include <vector>

#include "host/reduction/wide_integer.hpp"

namespace chokepoint {

class Combiner {
 public:
  virtual ~Combiner() = default;
  //! Element-wise sums over every process (all get the result); same size everywhere.
  virtual void sum(std::vector<uint64_t>* values) = 0;
  virtual void sum(std::vector<ExactSum>* values) = 0;
  //! The concatenation of every process's `local` values (in process order), on every process.
  virtual std::vector<uint64_t> gather(const std::vector<uint64_t>& local) = 0;
};

//! One process: nothing to combine.
class SingleProcess final : public Combiner {
 public:
  void sum(std::vector<uint64_t>*) override {}
  void sum(std::vector<ExactSum>*) override {}
  std::vector<uint64_t> gather(const std::vector<uint64_t>& local) override { return local; }
};

}  // namespace chokepoint
