// One interface over the simulation backends (CPU with OpenMP, CUDA). A backend
// runs batches of paths of one model and reduces them, where they were
// simulated, into a point's exact reductions (host/reduction/point_reduction.hpp); the
// host turns those into statistics, the same way for every backend. Per-path
// outputs come back to host memory only when asked for (--save-paths, sweeps).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/model/model.hpp"
#include "host/reduction/point_reduction.hpp"
#include "kernels/backend_error.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

//! What a point takes from earlier points of the run (the same paths, the same
//! random numbers): per industry, the earlier point whose per-path outputs of it
//! equal this point's (−1: simulate it); the point whose path environments (regimes,
//! outages) equal this point's (−1: simulate them); whether later points take this
//! point's outputs or environments; and the earlier points no later point needs.
//!
//! The pools (stockpiles, quotas) couple the industries they serve
//! (ModelView::coupled): those run together, so a point takes all of them from
//! one earlier point or none. Where the model has pools, every coupled industry's
//! source is `pools_source`, the point whose pool rows (RemedyRows: stockpile
//! holdings and releases, quota denials, the lockstep flag) this point takes;
//! −1: the coupled industries and the pools are simulated. A reused industry's
//! substitution rows (switched buyers and shortfall) come with its other rows.
struct PointReuse {
  std::vector<int64_t> sources;  //!< [I] per industry: the earlier point, or −1
  bool keep = false;             //!< later points take this point's rows
  std::vector<int64_t> release;  //!< points whose rows no later point takes
  int64_t environment_source = -1;
  bool keep_environment = false;
  std::vector<int64_t> environment_release;
  int64_t pools_source = -1;  //!< the point whose pool rows this one takes, or −1
};

class Backend {
 public:
  virtual ~Backend() = default;
  //! "cpu" or "cuda".
  virtual std::string name() const = 0;
  //! Human-readable description of where the paths run.
  virtual std::string device() const = 0;
  //! Makes `model` the model of the following batches (called once per sweep point).
  virtual void load(const Model& model) = 0;
  //! A batch size that keeps memory bounded and progress flowing. `rows`:
  //! whether the caller wants each batch's per-path rows in host memory (then
  //! a batch must fit there too); without, a GPU sizes its batches from its
  //! own memory alone.
  virtual int64_t batch_size(bool rows) const = 0;
  //! Starts reducing a point of the loaded model: the simulate() calls up to
  //! finish_point() must cover paths 0 .. request.paths - 1, in order; with
  //! request.order_statistics false they may cover any set of paths (a rank's
  //! share), and only the counters are reduced. simulate() without a point in
  //! progress only fills rows (replays of paths for order statistics).
  virtual void begin_point(const PointRequest& request) = 0;
  //! Simulates paths first_path .. first_path + count - 1 and, between
  //! begin_point() and finish_point(), adds them to the point's reduction. When
  //! `rows` is not null, also fills rows 0 .. count - 1 of *rows (host memory)
  //! with their per-path outputs. Returns early, leaving the rows and the
  //! reduction unspecified, once `stop` is set.
  virtual void simulate(uint64_t first_path, int64_t count, const PathOutputs* rows,
                        const std::atomic<bool>& stop) = 0;
  //! The reduction of every path simulated since begin_point().
  virtual PointReduction finish_point() = 0;
  //! Seconds of simulate() spent reducing rather than simulating, so far.
  virtual double reduction_seconds() const = 0;
  //! Incremental evaluation (host/run/reuse_plan.hpp), called before begin_point() of
  //! point `point`: what it takes from earlier points instead of simulating; this
  //! process's paths start at `first_path`, `paths` of them. The outputs are the same
  //! as without reuse. Returns false where the backend does not reuse (it then
  //! simulates everything).
  virtual bool set_reuse(int64_t /*point*/, const PointReuse& /*reuse*/, uint64_t /*first_path*/,
                         int64_t /*paths*/) {
    return false;
  }
};

//! The CPU backend; threads <= 0 uses OpenMP's default.
std::unique_ptr<Backend> make_cpu_backend(int threads);

//! The CUDA backend on GPU `device`; throws BackendError when CUDA is not
//! compiled in or no such GPU exists.
std::unique_ptr<Backend> make_cuda_backend(int device);

//! One line per GPU found (name, memory, compute capability); empty when none.
std::vector<std::string> cuda_devices();

//! Whether this binary was built with the CUDA backend.
bool cuda_compiled();

}  // namespace chokepoint
