// Device memory reserved ahead for Thrust's temporary allocations
// (thrust_policy.hpp), so that the sorts and sums at the end of a point take
// no memory that another process could have taken meanwhile.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_runtime.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! One block of device memory handed out to Thrust's temporary allocations as
//! a stack (each Thrust call frees what it took before it returns). A request
//! beyond the block gets memory of its own (counted by fallbacks()), so that
//! a wrong estimate costs time, not results.
class TemporaryArena {
 public:
  void reserve(size_t bytes) { block_.reserve(bytes); }
  void release() {
    block_.release();
    top_ = 0;
  }
  size_t capacity() const { return block_.capacity(); }
  int64_t fallbacks() const { return fallbacks_; }

  char* allocate(size_t bytes) {
    const size_t rounded = round_up(bytes);
    if (top_ + rounded <= block_.capacity()) {
      char* p = block_.as<char>() + top_;
      top_ += rounded;
      return p;
    }
    ++fallbacks_;
    return static_cast<char*>(device_allocate(bytes));
  }

  void deallocate(char* p, size_t bytes) {
    char* base = block_.as<char>();
    if (base != nullptr && p >= base && p < base + block_.capacity()) {
      // Thrust frees in reverse order; anything else only wastes the space until the top returns.
      if (p + round_up(bytes) == base + top_) top_ = static_cast<size_t>(p - base);
      return;
    }
    device_free(p);
  }

 private:
  static size_t round_up(size_t bytes) { return (bytes + 255) / 256 * 256; }

  DeviceBuffer block_;
  size_t top_ = 0;
  int64_t fallbacks_ = 0;
};

//! Thrust's view of a TemporaryArena (copied freely; the arena stays put).
struct ArenaAllocator {
  using value_type = char;
  TemporaryArena* arena;
  char* allocate(std::ptrdiff_t bytes) { return arena->allocate(static_cast<size_t>(bytes)); }
  void deallocate(char* p, size_t bytes) { arena->deallocate(p, bytes); }
};

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
