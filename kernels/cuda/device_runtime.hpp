// What the CUDA backend asks of a device, and nothing more: device memory,
// copies, one stream, timing events, the device's facts. The backend's own
// logic (batch sizing, scratch slots, offsets, reductions) is written against
// this header only, so that it compiles twice:
//
//   - for the GPU, over the CUDA runtime (device_runtime.cu);
//   - for the host (CHOKEPOINT_DEVICE_ON_HOST, the device-logic tests), over
//     host memory with the same rules (device_runtime_host.cpp): memory that
//     runs out, freed bytes that come back, a stream that orders work.
//
// The two builds live in different namespaces (CHOKEPOINT_DEVICE_NAMESPACE), so
// that one test binary may link both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#ifdef CHOKEPOINT_DEVICE_ON_HOST
#define CHOKEPOINT_DEVICE_NAMESPACE on_host
#else
#define CHOKEPOINT_DEVICE_NAMESPACE cuda_detail
#endif

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

//! Number of devices; 0 when the driver or the device is missing, with the
//! reason in *why (never throws).
int device_count(std::string* why = nullptr);

//! Makes `device` the current device of the calling thread.
void set_device(int device);

struct DeviceFacts {
  std::string name;     //!< "NVIDIA H100 80GB HBM3"
  size_t total_bytes;   //!< device memory
  std::string arch;     //!< "sm_90"
  int multiprocessors;  //!< SMs
};
DeviceFacts device_facts(int device);

//! Free and total bytes of the current device.
void memory_info(size_t* free_bytes, size_t* total_bytes);

//! Device memory; throws BackendError when it cannot be had.
void* device_allocate(size_t bytes);
//! Frees what device_allocate returned; throws BackendError when the device
//! reports an error.
void device_free(void* ptr);
//! The same for destructors, which must not throw: a failure here means the
//! context is lost, which the next checked call reports.
void device_free_quietly(void* ptr) noexcept;

//! An ordered queue of device work, owned (RAII).
class CudaStream {
 public:
  CudaStream();
  ~CudaStream();
  CudaStream(const CudaStream&) = delete;
  CudaStream& operator=(const CudaStream&) = delete;
  //! The runtime's handle (cudaStream_t on the GPU).
  void* handle() const { return handle_; }
  //! Waits for everything queued; kernel execution errors surface here.
  void synchronize() const;
  //! The same, calling poll() about every millisecond while it waits (to
  //! pass a stop request on to running kernels through a HostFlag).
  void synchronize_polling(const std::function<void()>& poll) const;

  //! Whether check_launch waits for each kernel (CHOKEPOINT_CUDA_SYNC_LAUNCHES,
  //! for debugging: an execution error then names its kernel).
  void set_synchronous_launches(bool on) { synchronous_launches_ = on; }
  bool synchronous_launches() const { return synchronous_launches_; }

 private:
  void* handle_ = nullptr;
  bool synchronous_launches_ = false;
};

//! Checks the launch of kernel `name` just queued on `stream`: a launch error
//! names the kernel; with synchronous launches the kernel is also waited for,
//! so that an execution error names it too (else it surfaces at the next
//! synchronize, naming the batch).
void check_launch(const char* name, const CudaStream& stream);

//! A word of host memory that running kernels can read (pinned and mapped on
//! a GPU), for the host to ask them to stop early (RAII).
class HostFlag {
 public:
  HostFlag();
  ~HostFlag();
  HostFlag(const HostFlag&) = delete;
  HostFlag& operator=(const HostFlag&) = delete;
  void set(int32_t value);
  //! Where kernels read it.
  const int32_t* device_view() const { return device_; }

 private:
  int32_t* host_ = nullptr;
  const int32_t* device_ = nullptr;
};

//! A point in a stream's work, for timing (RAII).
class Event {
 public:
  Event();
  ~Event();
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  void record(const CudaStream& stream);
  //! Milliseconds from `begin` to this event, both recorded and complete.
  float milliseconds_since(const Event& begin) const;

 private:
  void* handle_ = nullptr;
};

//! Queued copies and fills; `host` is ordinary (pageable) host memory, read or
//! written by the time the stream is synchronized.
void copy_to_device(void* device, const void* host, size_t bytes, const CudaStream& stream);
void copy_to_host(void* host, const void* device, size_t bytes, const CudaStream& stream);
void fill_zero(void* device, size_t bytes, const CudaStream& stream);
//! Device memory to device memory, on `stream`.
void copy_on_device(void* to, const void* from, size_t bytes, const CudaStream& stream);

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
