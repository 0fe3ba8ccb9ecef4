// What only the device-logic build can check: the CUDA backend's code on the
// host's emulated device (kernels/cuda/device_runtime_host.hpp) under device
// conditions a GPU test cannot arrange — too little memory, a failing event,
// a bad knob — and the emulated device's own rules, without which the
// comparisons in test_cuda_backend.cpp would prove less.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/cuda/device_backend.hpp"
#include "host/model/model.hpp"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_runtime_host.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint {
namespace {

//! Emulates `device` for one test, then the default device again.
class EmulatedDeviceTest : public ::testing::Test {
 protected:
  void emulate(const on_host::EmulatedDevice& device) { on_host::emulate(device); }
  void TearDown() override { on_host::emulate(on_host::EmulatedDevice{}); }
};

using DeviceLogic = EmulatedDeviceTest;

TEST_F(DeviceLogic, StreamAndEventsAreReleasedWhenTheConstructorFails) {
  for (int made : {0, 1}) {  // the first event fails, then the second
    SCOPED_TRACE("events made before the failure: " + std::to_string(made));
    on_host::EmulatedDevice device;
    device.events_before_failure = made;
    emulate(device);
    const int64_t streams = on_host::live_streams(), events = on_host::live_events();
    try {
      on_host::make_backend(0);
      FAIL() << "the backend was made although event creation failed";
    } catch (const BackendError& error) {
      EXPECT_NE(std::string(error.what()).find("cudaEventCreate"), std::string::npos)
          << error.what();
    }
    EXPECT_EQ(on_host::live_streams(), streams);
    EXPECT_EQ(on_host::live_events(), events);
  }
}

TEST_F(DeviceLogic, ABackendReleasesEverythingItHeld) {
  const size_t before = on_host::allocated_bytes();
  {
    const Model model(testing::rich_scenario());
    auto backend = on_host::make_backend(0);
    backend->load(model);
    backend->begin_point(make_point_request(500, {0.5}, 10));
    const std::atomic<bool> stop{false};
    backend->simulate(0, 500, nullptr, stop);
    backend->finish_point();
    EXPECT_GT(on_host::allocated_bytes(), before);
  }
  EXPECT_EQ(on_host::allocated_bytes(), before);
  EXPECT_EQ(on_host::live_streams(), 0);
  EXPECT_EQ(on_host::live_events(), 0);
}

TEST_F(DeviceLogic, KnobsMustBePositiveIntegers) {
  const Model model(testing::rich_scenario());
  auto backend = on_host::make_backend(0);
  for (const char* name : {"CHOKEPOINT_CUDA_MAX_SLOTS", "CHOKEPOINT_CUDA_MAX_BATCH"}) {
    for (const char* bad : {"", "0", "-3", "12x", "1e3", "99999999999999999999"}) {
      ::setenv(name, bad, 1);
      try {
        backend->load(model);
        ADD_FAILURE() << name << "=" << bad << " was accepted";
      } catch (const BackendError& error) {
        EXPECT_NE(std::string(error.what()).find(name), std::string::npos) << error.what();
      }
      ::unsetenv(name);
    }
  }
  backend->load(model);  // and without them, it loads
}

// The point's columns stay on the device when they fit what the batches left
// free, and go to the host otherwise; the reduction is the CPU's either way.
TEST_F(DeviceLogic, ColumnsFollowTheDeviceMemory) {
  const Model model(testing::rich_scenario());
  const PointRequest request = make_point_request(1500, {0.5, 0.95}, 10);
  auto cpu = make_cpu_backend(2);
  const PointReduction expected = testing::reduce_point(*cpu, model, request, 1500);
  for (const size_t mib : {size_t{512}, size_t{96}}) {
    SCOPED_TRACE(std::to_string(mib) + " MiB");
    on_host::EmulatedDevice device;
    device.memory_bytes = mib << 20;
    emulate(device);
    auto backend = on_host::make_backend(0);
    backend->load(model);
    backend->begin_point(request);
    EXPECT_EQ(on_host::shape_of(*backend).device_columns, mib == 512);
    const std::atomic<bool> stop{false};
    backend->simulate(0, 1500, nullptr, stop);
    const PointReduction actual = backend->finish_point();
    testing::expect_same_reduction(expected, actual);
    for (size_t i = 0; i < expected.days.size(); ++i) {
      EXPECT_TRUE(expected.days[i].tail == actual.days[i].tail) << "industry " << i;
    }
    // The batches took their share of the memory, and no more.
    EXPECT_LE(on_host::allocated_bytes(), device.memory_bytes);
  }
}

TEST_F(DeviceLogic, TooLittleDeviceMemoryIsAClearError) {
  on_host::EmulatedDevice device;
  // Room for the model's own arrays (about 14 KiB for this scenario), not for
  // a single scratch slot besides.
  device.memory_bytes = 16 << 10;
  emulate(device);
  const Model model(testing::rich_scenario());
  auto backend = on_host::make_backend(0);
  try {
    backend->load(model);
    FAIL() << "loaded into 16 KiB";
  } catch (const BackendError& error) {
    EXPECT_NE(std::string(error.what()).find("needs more GPU memory"), std::string::npos)
        << error.what();
  }
}

// --- The emulated device's rules ------------------------------------------------

TEST_F(DeviceLogic, EmulatedWorkRunsOnlyWhenTheStreamIsSynchronized) {
  on_host::Stream stream;
  on_host::DeviceBuffer buffer;
  buffer.reserve(sizeof(uint64_t));
  const uint64_t value = 42;
  uint64_t back = 0;
  on_host::copy_to_device(buffer.as<uint64_t>(), &value, sizeof value, stream);
  on_host::copy_to_host(&back, buffer.as<uint64_t>(), sizeof back, stream);
  on_host::Event begin, end;
  begin.record(stream);
  end.record(stream);
  EXPECT_EQ(back, 0u);
  EXPECT_THROW(end.milliseconds_since(begin), BackendError);
  stream.synchronize();
  EXPECT_EQ(back, 42u);
  EXPECT_GE(end.milliseconds_since(begin), 0.0f);
}

TEST_F(DeviceLogic, EmulatedCopiesMustLieInsideAnAllocation) {
  on_host::Stream stream;
  on_host::DeviceBuffer buffer;
  buffer.reserve(16);
  std::vector<unsigned char> host(32);
  EXPECT_NO_THROW(on_host::copy_to_host(host.data(), buffer.as<unsigned char>(), 16, stream));
  EXPECT_THROW(on_host::copy_to_host(host.data(), buffer.as<unsigned char>(), 17, stream),
               BackendError);
  EXPECT_THROW(on_host::copy_to_device(host.data(), host.data(), 1, stream), BackendError);
  EXPECT_THROW(on_host::fill_zero(buffer.as<unsigned char>() + 8, 9, stream), BackendError);
  stream.synchronize();
}

TEST_F(DeviceLogic, EmulatedMemoryRunsOutAndComesBack) {
  on_host::EmulatedDevice device;
  device.memory_bytes = 1 << 20;
  emulate(device);
  const size_t held = on_host::allocated_bytes();
  on_host::DeviceBuffer a, b;
  a.reserve((1 << 20) - held);
  EXPECT_THROW(b.reserve(1), BackendError);
  a.release();
  EXPECT_NO_THROW(b.reserve(1 << 19));
  // New memory is not cleared, as on a GPU.
  unsigned char first = 0;
  on_host::Stream stream;
  on_host::copy_to_host(&first, b.as<unsigned char>(), 1, stream);
  stream.synchronize();
  EXPECT_NE(first, 0);
}

}  // namespace
}  // namespace chokepoint
