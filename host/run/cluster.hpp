// The processes of a run: one, or the ranks of an MPI job (mpirun, srun) when
// the binary was built with MPI and started by such a launcher. Ranks split
// the path ids into contiguous blocks, combine their exact reductions
// (Combiner) and agree, at fixed steps of the run, on whether to go on: a
// stop request or a failure on any rank stops them all at the same step.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include "host/reduction/combiner.hpp"

namespace chokepoint {

//! Thrown on every rank but the one that reports a failure: exit with `code`
//! without a message (the reporting rank printed it).
struct QuietExit {
  int code;
};

class Cluster final : public Combiner {
 public:
  //! The processes of this run; initialises MPI on first use when launched by mpirun/srun.
  static Cluster& get();

  int rank() const { return rank_; }
  int size() const { return size_; }
  //! Rank among the processes of this node, and their number.
  int local_rank() const { return local_rank_; }
  int local_size() const { return local_size_; }
  bool is_root() const { return rank_ == 0; }

  //! This rank's paths of `paths`: ids first .. first + count - 1.
  void split(int64_t paths, int64_t* first, int64_t* count) const;

  void sum(std::vector<uint64_t>* values) override;
  void sum(std::vector<ExactSum>* values) override;
  std::vector<uint64_t> gather(const std::vector<uint64_t>& local) override;
  //! The sum, and the largest, over ranks of one value.
  int64_t sum(int64_t value);
  int64_t max(int64_t value);
  double max(double value);

  //! What the ranks agreed at a step.
  struct Step {
    int signal = 0;    //!< a signal some rank received (0: none): stop
    int64_t done = 0;  //!< Σ of the ranks' `done`
  };
  //! A step every rank takes at the same place: `failure` is this rank's
  //! exception since the last step (null: none). When any rank failed, throws
  //! on every rank: the failure itself on the lowest failing rank with the
  //! highest exit code (input errors 2 over runtime failures 1), QuietExit elsewhere.
  Step step(std::exception_ptr failure, int signal, int64_t done);

  //! Ends every rank at once, for a failure where the ranks cannot agree
  //! (inside a collective); in one process, rethrows it.
  [[noreturn]] void abort(std::exception_ptr failure);

  //! Ends MPI (at exit; idempotent).
  static void finalize();

 private:
  Cluster();
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
  bool mpi_ = false;
};

//! The exit code of a failure: 2 for input errors, 1 otherwise.
int exit_code_of(std::exception_ptr failure);

}  // namespace chokepoint
