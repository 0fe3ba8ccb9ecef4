// The device runtime of kernels/cuda/device_runtime.hpp over the CUDA runtime:
// every call checked (CHOKEPOINT_CUDA_CHECK), so that a failure is a
// BackendError naming the call and CUDA's reason.
#include <cuda_runtime.h>

#include <chrono>
#include <string>
#include <thread>

#include "kernels/cuda/cuda_check.cuh"
#include "kernels/cuda/device_runtime.hpp"

namespace chokepoint::cuda_detail {

namespace {

cudaStream_t stream_of(const CudaStream& stream) {
  return static_cast<cudaStream_t>(stream.handle());
}

}  // namespace

int device_count(std::string* why) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    if (why != nullptr) *why = cudaGetErrorString(status);
    static_cast<void>(cudaGetLastError());  // clear it, so that later checks do not see it
    return 0;
  }
  return count;
}

void set_device(int device) {
  CHOKEPOINT_CUDA_CHECK(cudaSetDevice(device));
}

DeviceFacts device_facts(int device) {
  cudaDeviceProp prop{};
  const cudaError_t status = cudaGetDeviceProperties(&prop, device);
  if (status != cudaSuccess) {
    static_cast<void>(cudaGetLastError());  // so that the next launch check does not see it
    throw_cuda_error(status, "cudaGetDeviceProperties", __FILE__, __LINE__);
  }
  return DeviceFacts{prop.name, prop.totalGlobalMem,
                     "sm_" + std::to_string(prop.major) + std::to_string(prop.minor),
                     prop.multiProcessorCount};
}

void memory_info(size_t* free_bytes, size_t* total_bytes) {
  CHOKEPOINT_CUDA_CHECK(cudaMemGetInfo(free_bytes, total_bytes));
}

void* device_allocate(size_t bytes) {
  void* ptr = nullptr;
  CHOKEPOINT_CUDA_CHECK(cudaMalloc(&ptr, bytes));
  return ptr;
}

void device_free(void* ptr) {
  CHOKEPOINT_CUDA_CHECK(cudaFree(ptr));
}

void device_free_quietly(void* ptr) noexcept {
  static_cast<void>(cudaFree(ptr));
}

CudaStream::CudaStream() {
  cudaStream_t stream = nullptr;
  CHOKEPOINT_CUDA_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  handle_ = stream;
}

CudaStream::~CudaStream() {
  // Destructors must not throw; a failure here means the context is lost,
  // which a checked call reports.
  if (handle_ != nullptr) static_cast<void>(cudaStreamDestroy(static_cast<cudaStream_t>(handle_)));
}

void CudaStream::synchronize() const {
  CHOKEPOINT_CUDA_CHECK(cudaStreamSynchronize(stream_of(*this)));
}

void CudaStream::synchronize_polling(const std::function<void()>& poll) const {
  for (;;) {
    const cudaError_t status = cudaStreamQuery(stream_of(*this));
    if (status == cudaSuccess) return;
    if (status != cudaErrorNotReady)
      throw_cuda_error(status, "cudaStreamQuery", __FILE__, __LINE__);
    poll();
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
}

void check_launch(const char* name, const CudaStream& stream) {
  const std::string launch = std::string("launch of the ") + name;
  const cudaError_t status = cudaGetLastError();
  if (status != cudaSuccess) throw_cuda_error(status, launch.c_str(), __FILE__, __LINE__);
  if (!stream.synchronous_launches()) return;
  const cudaError_t done = cudaStreamSynchronize(stream_of(stream));
  if (done != cudaSuccess) {
    const std::string run = std::string("the ") + name + " (CHOKEPOINT_CUDA_SYNC_LAUNCHES=1)";
    throw_cuda_error(done, run.c_str(), __FILE__, __LINE__);
  }
}

HostFlag::HostFlag() {
  void* host = nullptr;
  CHOKEPOINT_CUDA_CHECK(cudaHostAlloc(&host, sizeof(int32_t), cudaHostAllocMapped));
  host_ = static_cast<int32_t*>(host);
  *host_ = 0;
  void* device = nullptr;
  const cudaError_t status = cudaHostGetDevicePointer(&device, host, 0);
  if (status != cudaSuccess) {
    static_cast<void>(cudaFreeHost(host));
    throw_cuda_error(status, "cudaHostGetDevicePointer", __FILE__, __LINE__);
  }
  device_ = static_cast<const int32_t*>(device);
}

HostFlag::~HostFlag() {
  if (host_ != nullptr) static_cast<void>(cudaFreeHost(host_));
}

void HostFlag::set(int32_t value) {
  *static_cast<volatile int32_t*>(host_) = value;
}

Event::Event() {
  cudaEvent_t event = nullptr;
  CHOKEPOINT_CUDA_CHECK(cudaEventCreate(&event));
  handle_ = event;
}

Event::~Event() {
  if (handle_ != nullptr) static_cast<void>(cudaEventDestroy(static_cast<cudaEvent_t>(handle_)));
}

void Event::record(const CudaStream& stream) {
  CHOKEPOINT_CUDA_CHECK(cudaEventRecord(static_cast<cudaEvent_t>(handle_), stream_of(stream)));
}

float Event::milliseconds_since(const Event& begin) const {
  float milliseconds = 0;
  CHOKEPOINT_CUDA_CHECK(cudaEventElapsedTime(&milliseconds, static_cast<cudaEvent_t>(begin.handle_),
                                             static_cast<cudaEvent_t>(handle_)));
  return milliseconds;
}

void copy_to_device(void* device, const void* host, size_t bytes, const CudaStream& stream) {
  CHOKEPOINT_CUDA_CHECK(
      cudaMemcpyAsync(device, host, bytes, cudaMemcpyHostToDevice, stream_of(stream)));
}

void copy_to_host(void* host, const void* device, size_t bytes, const CudaStream& stream) {
  CHOKEPOINT_CUDA_CHECK(
      cudaMemcpyAsync(host, device, bytes, cudaMemcpyDeviceToHost, stream_of(stream)));
}

void fill_zero(void* device, size_t bytes, const CudaStream& stream) {
  CHOKEPOINT_CUDA_CHECK(cudaMemsetAsync(device, 0, bytes, stream_of(stream)));
}

void copy_on_device(void* to, const void* from, size_t bytes, const CudaStream& stream) {
  CHOKEPOINT_CUDA_CHECK(
      cudaMemcpyAsync(to, from, bytes, cudaMemcpyDeviceToDevice, stream_of(stream)));
}

}  // namespace chokepoint::cuda_detail
