// The device runtime of kernels/cuda/device_runtime.hpp on the host, for the
// device-logic tests (see device_runtime_host.hpp for the rules it keeps).
#ifndef CHOKEPOINT_DEVICE_ON_HOST
#error "device_runtime_host.cpp is the runtime of the CHOKEPOINT_DEVICE_ON_HOST build"
#endif

#include "kernels/cuda/device_runtime_host.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kernels/backend_error.hpp"

namespace chokepoint::on_host {

namespace {

using Clock = std::chrono::steady_clock;

struct State {
  std::mutex mutex;
  EmulatedDevice device;
  std::map<const unsigned char*, size_t> blocks;  // live allocations
  size_t allocated = 0;
  int64_t streams = 0, events = 0;
  int events_made = 0;
};

State& state() {
  static State s;
  return s;
}

struct HostStream {
  std::vector<std::function<void()>> work;
};

struct HostEvent {
  bool recorded = false, complete = false;
  Clock::time_point time;
};

//! Throws unless [ptr, ptr + bytes) lies inside one live allocation.
void check_range(const void* ptr, size_t bytes, const char* what) {
  State& s = state();
  const std::lock_guard<std::mutex> lock(s.mutex);
  const auto* p = static_cast<const unsigned char*>(ptr);
  auto it = s.blocks.upper_bound(p);
  if (it != s.blocks.begin()) {
    --it;
    if (p >= it->first && p + bytes <= it->first + it->second) return;
  }
  throw BackendError(std::string("emulated device: ") + what + " of " + std::to_string(bytes) +
                     " bytes outside any device allocation");
}

}  // namespace

void emulate(const EmulatedDevice& device) {
  const std::lock_guard<std::mutex> lock(state().mutex);
  state().device = device;
  state().events_made = 0;
}

const EmulatedDevice& emulated() {
  return state().device;
}

size_t allocated_bytes() {
  const std::lock_guard<std::mutex> lock(state().mutex);
  return state().allocated;
}

int64_t live_streams() {
  const std::lock_guard<std::mutex> lock(state().mutex);
  return state().streams;
}

int64_t live_events() {
  const std::lock_guard<std::mutex> lock(state().mutex);
  return state().events;
}

void enqueue(const CudaStream& stream, std::function<void()> work) {
  static_cast<HostStream*>(stream.handle())->work.push_back(std::move(work));
}

int device_count(std::string*) {
  return 1;
}

void set_device(int device) {
  if (device != 0) throw BackendError("emulated device: no device " + std::to_string(device));
}

DeviceFacts device_facts(int device) {
  set_device(device);
  return DeviceFacts{"emulated CUDA device on the host", emulated().memory_bytes, "host",
                     emulated().multiprocessors};
}

void memory_info(size_t* free_bytes, size_t* total_bytes) {
  const std::lock_guard<std::mutex> lock(state().mutex);
  const State& s = state();
  *total_bytes = s.device.memory_bytes;
  *free_bytes = s.allocated < s.device.memory_bytes ? s.device.memory_bytes - s.allocated : 0;
}

void* device_allocate(size_t bytes) {
  State& s = state();
  const std::lock_guard<std::mutex> lock(s.mutex);
  if (bytes > s.device.memory_bytes || s.allocated > s.device.memory_bytes - bytes) {
    throw BackendError("emulated device: cudaMalloc of " + std::to_string(bytes) +
                       " bytes failed: out of memory (" + std::to_string(s.allocated) + " of " +
                       std::to_string(s.device.memory_bytes) + " bytes in use)");
  }
  auto* ptr = static_cast<unsigned char*>(std::malloc(bytes == 0 ? 1 : bytes));
  if (ptr == nullptr) throw BackendError("emulated device: host memory exhausted");
  std::memset(ptr, 0xa5, bytes);  // cudaMalloc does not clear
  s.blocks[ptr] = bytes;
  s.allocated += bytes;
  return ptr;
}

namespace {

bool free_block(void* ptr) noexcept {
  State& s = state();
  const std::lock_guard<std::mutex> lock(s.mutex);
  const auto it = s.blocks.find(static_cast<unsigned char*>(ptr));
  if (it == s.blocks.end()) return false;  // not a live allocation
  s.allocated -= it->second;
  s.blocks.erase(it);
  std::free(ptr);
  return true;
}

}  // namespace

void device_free(void* ptr) {
  if (!free_block(ptr)) throw BackendError("emulated device: cudaFree of a pointer not allocated");
}

void device_free_quietly(void* ptr) noexcept {
  static_cast<void>(free_block(ptr));
}

CudaStream::CudaStream() : handle_(new HostStream) {
  const std::lock_guard<std::mutex> lock(state().mutex);
  ++state().streams;
}

CudaStream::~CudaStream() {
  delete static_cast<HostStream*>(handle_);
  const std::lock_guard<std::mutex> lock(state().mutex);
  --state().streams;
}

void CudaStream::synchronize() const {
  auto* stream = static_cast<HostStream*>(handle_);
  // Work may queue more work (it does not today); run until none is left.
  while (!stream->work.empty()) {
    std::vector<std::function<void()>> work;
    work.swap(stream->work);
    for (auto& w : work) w();
  }
}

void CudaStream::synchronize_polling(const std::function<void()>& poll) const {
  // The queued work runs on a thread of its own, as on a GPU, while this one polls.
  std::atomic<bool> done{false};
  std::exception_ptr failure;
  std::thread runner([this, &done, &failure] {
    try {
      synchronize();
    } catch (...) {
      failure = std::current_exception();
    }
    done.store(true, std::memory_order_release);
  });
  while (!done.load(std::memory_order_acquire)) {
    poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  runner.join();
  if (failure) std::rethrow_exception(failure);
}

void check_launch(const char* name, const CudaStream& stream) {
  if (!stream.synchronous_launches()) return;
  try {
    stream.synchronize();
  } catch (const BackendError& error) {
    throw BackendError(std::string("the ") + name +
                       " (CHOKEPOINT_CUDA_SYNC_LAUNCHES=1): " + error.what());
  }
}

HostFlag::HostFlag() : host_(new int32_t(0)), device_(host_) {}

HostFlag::~HostFlag() {
  delete host_;
}

void HostFlag::set(int32_t value) {
  __atomic_store_n(host_, value, __ATOMIC_RELAXED);
}

Event::Event() {
  {
    State& s = state();
    const std::lock_guard<std::mutex> lock(s.mutex);
    if (s.device.events_before_failure >= 0 && s.events_made >= s.device.events_before_failure) {
      throw BackendError("emulated device: cudaEventCreate failed (injected)");
    }
    ++s.events_made;
    ++s.events;
  }
  handle_ = new HostEvent;
}

Event::~Event() {
  delete static_cast<HostEvent*>(handle_);
  const std::lock_guard<std::mutex> lock(state().mutex);
  --state().events;
}

void Event::record(const CudaStream& stream) {
  auto* event = static_cast<HostEvent*>(handle_);
  event->recorded = true;
  event->complete = false;
  enqueue(stream, [event] {
    event->time = Clock::now();
    event->complete = true;
  });
}

float Event::milliseconds_since(const Event& begin) const {
  const auto* from = static_cast<const HostEvent*>(begin.handle_);
  const auto* to = static_cast<const HostEvent*>(handle_);
  if (!from->recorded || !to->recorded) {
    throw BackendError("emulated device: cudaEventElapsedTime on an event never recorded");
  }
  if (!from->complete || !to->complete) {
    throw BackendError("emulated device: cudaEventElapsedTime before the events completed");
  }
  return std::chrono::duration<float, std::milli>(to->time - from->time).count();
}

void copy_to_device(void* device, const void* host, size_t bytes, const CudaStream& stream) {
  check_range(device, bytes, "copy to the device");
  enqueue(stream, [device, host, bytes] { std::memcpy(device, host, bytes); });
}

void copy_to_host(void* host, const void* device, size_t bytes, const CudaStream& stream) {
  check_range(device, bytes, "copy to the host");
  enqueue(stream, [device, host, bytes] { std::memcpy(host, device, bytes); });
}

void copy_on_device(void* to, const void* from, size_t bytes, const CudaStream& stream) {
  check_range(to, bytes, "copy on the device (to)");
  check_range(from, bytes, "copy on the device (from)");
  enqueue(stream, [to, from, bytes] { std::memcpy(to, from, bytes); });
}

void fill_zero(void* device, size_t bytes, const CudaStream& stream) {
  check_range(device, bytes, "fill");
  enqueue(stream, [device, bytes] { std::memset(device, 0, bytes); });
}

}  // namespace chokepoint::on_host
