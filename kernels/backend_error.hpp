// The one error type of device code and its drivers: a failure at run time
// (a CUDA call, a missing GPU, a backend that is not compiled in), reported
// with exit code 1. It lives here, at the bottom of the dependency order, so
// that kernels/cuda/ can raise it without including anything from host/.
#pragma once

#include <stdexcept>

namespace chokepoint {

//! Failure of a backend at run time (exit code 1).
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chokepoint
