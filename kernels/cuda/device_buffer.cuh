// One block of device memory that only grows, so that re-loading a model for
// the next sweep point reuses the buffers of the previous one.
#pragma once

#include <cstddef>
#include <utility>

#include "kernels/cuda/device_runtime.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : ptr_(std::exchange(other.ptr_, nullptr)), capacity_(std::exchange(other.capacity_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      free_quietly();
      ptr_ = std::exchange(other.ptr_, nullptr);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  ~DeviceBuffer() { free_quietly(); }

  //! Makes room for at least `bytes`; the contents are lost when it grows.
  void reserve(size_t bytes) {
    if (bytes <= capacity_) return;
    release();  // before allocating, so that the old and new blocks never coexist
    ptr_ = device_allocate(bytes);
    capacity_ = bytes;
  }

  //! Frees the memory now.
  void release() {
    if (ptr_ == nullptr) return;
    void* ptr = std::exchange(ptr_, nullptr);
    capacity_ = 0;
    device_free(ptr);
  }

  template <typename T>
  T* as() const {
    return static_cast<T*>(ptr_);
  }
  size_t capacity() const { return capacity_; }

 private:
  // Destructors must not throw; a failing cudaFree here means the context is
  // already lost, and the error was or will be reported by a checked call.
  void free_quietly() noexcept {
    if (ptr_ != nullptr) device_free_quietly(ptr_);
    ptr_ = nullptr;
    capacity_ = 0;
  }

  void* ptr_ = nullptr;
  size_t capacity_ = 0;
};

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
