#include "host/run/cluster.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#ifdef CHOKEPOINT_HAVE_MPI
#include <mpi.h>
#endif

#include "host/scenario/input_error.hpp"

namespace chokepoint {

namespace {

//! Whether a launcher started this process as one rank of a job.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  const char* tasks = std::getenv("SLURM_NTASKS");
  return tasks != nullptr && std::atoi(tasks) > 1 && std::getenv("SLURM_PROCID") != nullptr;
}

#ifdef CHOKEPOINT_HAVE_MPI
bool g_mpi_initialised = false;

extern "C" void add_exact_sums(void* in, void* inout, int* len, MPI_Datatype*) {
  const auto* a = static_cast<const ExactSum*>(in);
  auto* b = static_cast<ExactSum*>(inout);
  for (int k = 0; k < *len; ++k) b[k] += a[k];
}

MPI_Datatype exact_sum_type() {
  static MPI_Datatype type = [] {
    MPI_Datatype t;
    MPI_Type_contiguous(2, MPI_UINT64_T, &t);
    MPI_Type_commit(&t);
    return t;
  }();
  return type;
}

MPI_Op exact_sum_op() {
  static MPI_Op op = [] {
    MPI_Op o;
    MPI_Op_create(add_exact_sums, 1, &o);
    return o;
  }();
  return op;
}

//! MPI counts are int: large vectors go in pieces.
constexpr size_t kChunk = size_t{1} << 28;
#endif

}  // namespace

Cluster::Cluster() {
#ifdef CHOKEPOINT_HAVE_MPI
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  g_mpi_initialised = true;
  std::atexit(&Cluster::finalize);
  mpi_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &local_rank_);
  MPI_Comm_size(node, &local_size_);
  MPI_Comm_free(&node);
#else
  if (launched_by_mpi()) {
    const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
    if (size == nullptr) size = std::getenv("PMI_SIZE");
    if (size == nullptr) size = std::getenv("SLURM_NTASKS");
    if (size != nullptr && std::atoi(size) > 1) {
      throw InputError("started as one of " + std::string(size) +
                       " MPI ranks, but this chokepoint was built without MPI "
                       "(rebuild with libopenmpi-dev installed, or run one process)");
    }
  }
#endif
}

Cluster& Cluster::get() {
  static Cluster cluster;
  return cluster;
}

void Cluster::finalize() {
#ifdef CHOKEPOINT_HAVE_MPI
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (g_mpi_initialised && !finalized) MPI_Finalize();
#endif
}

void Cluster::split(int64_t paths, int64_t* first, int64_t* count) const {
  // Contiguous blocks, sizes differing by at most one path.
  const auto block = [&](int r) {
    return static_cast<int64_t>(static_cast<ExactSum>(paths) * static_cast<unsigned>(r) /
                                static_cast<unsigned>(size_));
  };
  *first = block(rank_);
  *count = block(rank_ + 1) - *first;
}

void Cluster::sum(std::vector<uint64_t>* values) {
#ifdef CHOKEPOINT_HAVE_MPI
  if (!mpi_) return;
  for (size_t at = 0; at < values->size(); at += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, values->size() - at));
    MPI_Allreduce(MPI_IN_PLACE, values->data() + at, n, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  }
#else
  (void)values;
#endif
}

void Cluster::sum(std::vector<ExactSum>* values) {
#ifdef CHOKEPOINT_HAVE_MPI
  if (!mpi_) return;
  for (size_t at = 0; at < values->size(); at += kChunk) {
    const int n = static_cast<int>(std::min(kChunk, values->size() - at));
    MPI_Allreduce(MPI_IN_PLACE, values->data() + at, n, exact_sum_type(), exact_sum_op(),
                  MPI_COMM_WORLD);
  }
#else
  (void)values;
#endif
}

int64_t Cluster::sum(int64_t value) {
  std::vector<uint64_t> v{static_cast<uint64_t>(value)};
  sum(&v);
  return static_cast<int64_t>(v[0]);
}

int64_t Cluster::max(int64_t value) {
#ifdef CHOKEPOINT_HAVE_MPI
  long long v = value;
  if (mpi_) MPI_Allreduce(MPI_IN_PLACE, &v, 1, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD);
  return static_cast<int64_t>(v);
#else
  return value;
#endif
}

double Cluster::max(double value) {
#ifdef CHOKEPOINT_HAVE_MPI
  if (mpi_) MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
#endif
  return value;
}

std::vector<uint64_t> Cluster::gather(const std::vector<uint64_t>& local) {
#ifdef CHOKEPOINT_HAVE_MPI
  if (!mpi_) return local;
  // The selection keeps at most a few million values per pass (SelectionLimits).
  if (local.size() > kChunk) throw std::logic_error("Cluster::gather: too many values");
  const int n = static_cast<int>(local.size());
  std::vector<int> counts(static_cast<size_t>(size_)), offsets(static_cast<size_t>(size_));
  MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int64_t total = 0;
  for (int r = 0; r < size_; ++r) {
    offsets[static_cast<size_t>(r)] = static_cast<int>(total);
    total += counts[static_cast<size_t>(r)];
  }
  if (total > static_cast<int64_t>(kChunk))
    throw std::logic_error("Cluster::gather: too many values");
  std::vector<uint64_t> all(static_cast<size_t>(total));
  MPI_Allgatherv(local.data(), n, MPI_UINT64_T, all.data(), counts.data(), offsets.data(),
                 MPI_UINT64_T, MPI_COMM_WORLD);
  return all;
#else
  return local;
#endif
}

int exit_code_of(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const InputError&) {
    return 2;
  } catch (const QuietExit& e) {
    return e.code;
  } catch (...) {
    return 1;
  }
}

void Cluster::abort(std::exception_ptr failure) {
  if (!mpi_) std::rethrow_exception(failure);
#ifdef CHOKEPOINT_HAVE_MPI
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chokepoint: failed: rank %d of %d: %s\n", rank_, size_, e.what());
  } catch (...) {
    std::fprintf(stderr, "chokepoint: failed: rank %d of %d\n", rank_, size_);
  }
  MPI_Abort(MPI_COMM_WORLD, 1);
#endif
  std::abort();
}

Cluster::Step Cluster::step(std::exception_ptr failure, int signal, int64_t done) {
  Step s;
  s.signal = signal;
  s.done = done;
  if (!mpi_) {
    if (failure) std::rethrow_exception(failure);
    return s;
  }
#ifdef CHOKEPOINT_HAVE_MPI
  const int code = failure ? exit_code_of(failure) : 0;
  // Highest code and whether any rank stops, then who reports.
  int flags[2] = {code, signal};
  MPI_Allreduce(MPI_IN_PLACE, flags, 2, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  long long total = done;
  MPI_Allreduce(MPI_IN_PLACE, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
  s.signal = flags[1];
  s.done = total;
  if (flags[0] != 0) {
    int reporter = code == flags[0] ? rank_ : size_;
    MPI_Allreduce(MPI_IN_PLACE, &reporter, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (reporter != rank_) throw QuietExit{flags[0]};
    try {
      std::rethrow_exception(failure);
    } catch (const InputError&) {
      throw;  // the same on every rank: no need to say which
    } catch (const std::exception& e) {
      throw std::runtime_error("rank " + std::to_string(rank_) + " of " + std::to_string(size_) +
                               ": " + e.what());
    }
  }
#endif
  return s;
}

}  // namespace chokepoint
