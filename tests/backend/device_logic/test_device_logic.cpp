// What only the device-logic build can check: the CUDA backend's code on the
// host's emulated device (kernels/cuda/device_runtime_host.hpp) under device
// conditions a GPU test cannot arrange — too little memory, a failing event,
// a bad knob — and the emulated device's own rules, without which the
// comparisons in test_cuda_backend.cpp would prove less.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/cuda/device_backend.hpp"
#include "host/backend/host_rows.hpp"
#include "host/model/model.hpp"
#include "host/run/reuse_plan.hpp"
#include "kernels/cuda/aggregate_fields.hpp"
#include "kernels/cuda/device_buffer.cuh"
#include "kernels/cuda/device_runtime_host.hpp"
#include "kernels/model_view.hpp"
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
  for (const char* name : {"CHOKEPOINT_CUDA_MAX_WORKERS", "CHOKEPOINT_CUDA_MAX_BATCH"}) {
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

// Incremental evaluation on the CUDA backend: the points of `plan` (review days of
// automotive and wind set per point), paths 0 .. 1499 in batches of 400, so that a
// kept point's rows and environments span several batches. The reused industries'
// rows come from the kept points' device rows; every reduction and every row must
// equal the CPU backend's without reuse, bit for bit, and the CUDA backend's without
// reuse.
void expect_reuse_exact(const std::vector<std::string>& keys,
                        const std::vector<std::vector<std::string>>& values) {
  const int64_t points = static_cast<int64_t>(values[0].size()), paths = 1500, batch = 400;
  std::vector<Model> models;
  for (int64_t p = 0; p < points; ++p) {
    Scenario s = testing::rich_scenario();
    for (size_t k = 0; k < keys.size(); ++k) {
      const int64_t days = std::stoll(values[k][static_cast<size_t>(p)]);
      for (Industry& industry : s.industries) {
        if (keys[k] == "industry." + industry.id + ".review_days") industry.review_days = days;
      }
    }
    models.emplace_back(s);
  }
  std::vector<std::string> ids;
  for (const Industry& industry : testing::rich_scenario().industries) ids.push_back(industry.id);
  const ReusePlan plan = plan_reuse(keys, values, ids, points, 8);
  ASSERT_GT(plan.reused, 0);
  ASSERT_GT(plan.environments, 0);

  const PointRequest request = make_point_request(paths, {0.5, 0.95}, 10);
  auto cpu = make_cpu_backend(2);
  auto plain = on_host::make_backend(0);
  auto reusing = on_host::make_backend(0);
  const std::atomic<bool> stop{false};
  // One point on `backend`: its reduction, and its rows (in host memory).
  const auto run_point = [&](Backend& backend, int64_t p, bool reuse, HostRows* rows) {
    const Model& model = models[static_cast<size_t>(p)];
    backend.load(model);
    if (reuse) {
      const PointReuse& r = plan.points[static_cast<size_t>(p)];
      const bool takes =
          r.environment_source >= 0 || r.keep || r.keep_environment ||
          std::any_of(r.sources.begin(), r.sources.end(), [](int64_t q) { return q >= 0; });
      EXPECT_EQ(backend.set_reuse(p, r, 0, paths), takes) << "point " << p;
    }
    backend.begin_point(request);
    const PathOutputs all = rows->bind(model.view(), paths);
    for (int64_t first = 0; first < paths; first += batch) {
      const int64_t n = std::min(batch, paths - first);
      const PathOutputs out = all.from_row(first, model.view());
      backend.simulate(static_cast<uint64_t>(first), n, &out, stop);
    }
    return backend.finish_point();
  };
  for (int64_t p = 0; p < points; ++p) {
    SCOPED_TRACE("point " + std::to_string(p));
    HostRows expected_rows, plain_rows, reused_rows;
    const PointReduction expected = run_point(*cpu, p, false, &expected_rows);
    testing::expect_same_reduction(expected, run_point(*plain, p, false, &plain_rows));
    testing::expect_same_reduction(expected, run_point(*reusing, p, true, &reused_rows));
    for (const HostRows* rows : {&plain_rows, &reused_rows}) {
      EXPECT_TRUE(rows->shortfall_total == expected_rows.shortfall_total);
      EXPECT_TRUE(rows->shortage_days == expected_rows.shortage_days);
      EXPECT_TRUE(rows->first_shortage == expected_rows.first_shortage);
      EXPECT_TRUE(rows->interval_total == expected_rows.interval_total);
      EXPECT_TRUE(rows->interval_short == expected_rows.interval_short);
      EXPECT_TRUE(rows->regime_days == expected_rows.regime_days);
    }
  }
  // The reuse happened: every planned copy, no simulation of them.
  EXPECT_EQ(on_host::shape_of(*reusing).reused_industries, plan.reused);
  EXPECT_EQ(on_host::shape_of(*reusing).reused_environments, plan.environments);
  EXPECT_EQ(on_host::shape_of(*plain).reused_industries, 0);
}

// A sweep of wind's review days: automotive, defence and the environment are point 0's.
TEST_F(DeviceLogic, ReuseInASweepIsExact) {
  expect_reuse_exact({"industry.wind.review_days"}, {{"14", "30", "5", "60"}});
}

// A Saltelli block over automotive's and wind's review days (A, AB1, AB2, B): each
// point takes an industry from an earlier one, B both from two different points.
TEST_F(DeviceLogic, ReuseInADesignIsExact) {
  expect_reuse_exact({"industry.automotive.review_days", "industry.wind.review_days"},
                     {{"7", "21", "7", "21"}, {"14", "14", "3", "3"}});
}

// Without room for the kept rows, the backend does not reuse, and says so.
TEST_F(DeviceLogic, ReuseIsRefusedWithoutRoomForTheKeptRows) {
  on_host::EmulatedDevice device;
  device.memory_bytes = size_t{96} << 20;
  emulate(device);
  const Model model(testing::rich_scenario());
  auto backend = on_host::make_backend(0);
  backend->load(model);
  PointReuse keep;
  keep.sources.assign(3, -1);
  keep.keep = true;
  EXPECT_FALSE(backend->set_reuse(0, keep, 0, int64_t{1} << 30));
  PointReuse take = keep;
  take.keep = false;
  take.sources[0] = 0;
  EXPECT_FALSE(backend->set_reuse(1, take, 0, int64_t{1} << 30));  // point 0 was not kept
  EXPECT_TRUE(backend->set_reuse(0, keep, 0, 1000));
}

// With a stockpile, the pools' rows would have to be kept too: the CUDA backend
// simulates everything, and the points' results are those without reuse.
// The pools' rows and the substitutions' rows are not kept on the GPU: a model
// with a stockpile, or with a substitution alone, simulates every industry.
void expect_reuse_refused(const Model& model) {
  auto backend = on_host::make_backend(0);
  backend->load(model);
  PointReuse keep;
  keep.sources.assign(3, -1);
  keep.keep = true;
  keep.keep_environment = true;
  EXPECT_FALSE(backend->set_reuse(0, keep, 0, 100));
  const PointRequest request = make_point_request(100, {0.5}, 10);
  auto cpu = make_cpu_backend(2);
  testing::expect_same_reduction(testing::reduce_point(*cpu, model, request, 100),
                                 testing::reduce_point(*backend, model, request, 100));
  EXPECT_EQ(on_host::shape_of(*backend).reused_industries, 0);
}

TEST_F(DeviceLogic, ReuseIsRefusedWhereTheModelHasPools) {
  Scenario s = testing::rich_scenario();
  Stockpile pile;
  pile.id = "reserve";
  pile.material = s.materials[0].id;
  pile.tonnes = 100;
  s.stockpiles.push_back(pile);
  const Model model(s);
  ASSERT_GT(model.view().stockpiles, 0);
  expect_reuse_refused(model);
}

TEST_F(DeviceLogic, ReuseIsRefusedWhereTheModelHasASubstitution) {
  Scenario s = testing::rich_scenario();
  Substitution thrift;
  thrift.delay_days = 10;
  thrift.need_factor = 0.5;
  Industry& industry = s.industries.front();
  ASSERT_FALSE(industry.need.empty());
  thrift.material = industry.need.front().first;
  industry.substitution.push_back(thrift);
  const Model model(s);
  ASSERT_EQ(model.view().stockpiles + model.view().quotas, 0);
  ASSERT_TRUE(any_substitution(model.view()));
  expect_reuse_refused(model);
}

TEST_F(DeviceLogic, TooLittleDeviceMemoryIsAClearError) {
  on_host::EmulatedDevice device;
  // Room for the model's own arrays (about 14 KiB for this scenario), not for
  // a single worker's scratch besides.
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

//! Seconds that f() takes.
template <class F>
double seconds_of(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A stop requested while a batch runs reaches its industries kernel, which
// starts no more work items: simulate() returns long before the batch would
// have ended, and the backend, its rings left zero (the ring check is on),
// then gives the CPU's results as before.
TEST_F(DeviceLogic, StopIsPolledWithinABatch) {
  const Model model(testing::rich_scenario());
  ::setenv("CHOKEPOINT_CUDA_MAX_WORKERS", "4", 1);
  ::setenv("CHOKEPOINT_CUDA_CHECK_RINGS", "1", 1);
  auto backend = on_host::make_backend(0);
  backend->load(model);
  ::unsetenv("CHOKEPOINT_CUDA_MAX_WORKERS");
  ::unsetenv("CHOKEPOINT_CUDA_CHECK_RINGS");
  ASSERT_GE(backend->batch_size(false), 4000) << "one batch of all the paths below";
  std::atomic<bool> stop{false};
  const double small = seconds_of([&] { backend->simulate(0, 200, nullptr, stop); });
  // 4000 paths would take about 20 times as long: stop after half the small run.
  const auto delay = std::chrono::duration<double>(small / 2);
  std::thread stopper([&stop, delay] {
    std::this_thread::sleep_for(delay);
    stop.store(true);
  });
  const double stopped = seconds_of([&] { backend->simulate(0, 4000, nullptr, stop); });
  stopper.join();
  EXPECT_LT(stopped, 5 * small) << "a 4000-path batch stopped after " << stopped
                                << " s; 200 paths took " << small << " s";
  EXPECT_EQ(on_host::shape_of(*backend).device_batches, 2);
  stop.store(false);
  HostRows expected, actual;
  const PathOutputs want = expected.bind(model.view(), 100), got = actual.bind(model.view(), 100);
  auto cpu = make_cpu_backend(1);
  cpu->load(model);
  cpu->simulate(3000, 100, &want, stop);
  backend->simulate(3000, 100, &got, stop);
  EXPECT_TRUE(expected.shortfall_total == actual.shortfall_total);
  EXPECT_TRUE(expected.interval_total == actual.interval_total);
  EXPECT_TRUE(expected.first_shortage == actual.first_shortage);
  EXPECT_EQ(on_host::shape_of(*backend).ring_faults, 0);
}

// The sorts and sums at the end of a point (DeviceColumns::summarise) use
// device memory reserved when the point began: memory that another process
// takes meanwhile cannot fail the point after its paths were simulated.
TEST_F(DeviceLogic, TheSortsMemoryIsReservedWhenThePointBegins) {
  const Model model(testing::rich_scenario());
  const PointRequest request = make_point_request(1500, {0.5, 0.95}, 10);
  auto cpu = make_cpu_backend(2);
  const PointReduction expected = testing::reduce_point(*cpu, model, request, 1500);
  auto backend = on_host::make_backend(0);
  backend->load(model);
  backend->begin_point(request);
  ASSERT_TRUE(on_host::shape_of(*backend).device_columns);
  size_t free_bytes = 0, total_bytes = 0;
  on_host::memory_info(&free_bytes, &total_bytes);
  on_host::DeviceBuffer taken;  // another process's
  taken.reserve(free_bytes);
  const std::atomic<bool> stop{false};
  backend->simulate(0, 1500, nullptr, stop);
  testing::expect_same_reduction(expected, backend->finish_point());
}

TEST_F(DeviceLogic, SynchronousLaunchesNameTheFailingKernel) {
  on_host::CudaStream stream;
  const auto fail = [] { throw BackendError("emulated device: an illegal address"); };
  on_host::enqueue(stream, fail);
  stream.set_synchronous_launches(true);
  try {
    on_host::check_launch("industries kernel", stream);
    FAIL() << "the failing work was not run";
  } catch (const BackendError& error) {
    const std::string what = error.what();
    EXPECT_NE(what.find("industries kernel (CHOKEPOINT_CUDA_SYNC_LAUNCHES=1)"), std::string::npos)
        << what;
    EXPECT_NE(what.find("an illegal address"), std::string::npos) << what;
  }
  // Without: the error surfaces where the stream is next waited for.
  stream.set_synchronous_launches(false);
  on_host::enqueue(stream, fail);
  EXPECT_NO_THROW(on_host::check_launch("industries kernel", stream));
  EXPECT_THROW(stream.synchronize_polling([] {}), BackendError);
}

// The device copy of ModelView lists its fields by hand
// (kernels/cuda/device_model.cu) and checks the list against
// aggregate_fields<ModelView>() when compiling; the count itself, here.
TEST(DeviceModelFields, AggregateFieldsCountsEveryField) {
  struct Three {
    DayTable table;
    const double* array = nullptr;
    double value = 1;
  };
  struct ViewAndOne {
    ModelView view;
    const int32_t* added = nullptr;
  };
  static_assert(aggregate_fields<DayTable>() == 6);
  static_assert(aggregate_fields<Three>() == 3);
  static_assert(aggregate_fields<ViewAndOne>() == 2);
  EXPECT_GT(aggregate_fields<ModelView>(), size_t{50});
}

// --- The emulated device's rules ------------------------------------------------

TEST_F(DeviceLogic, EmulatedWorkRunsOnlyWhenTheStreamIsSynchronized) {
  on_host::CudaStream stream;
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
  on_host::CudaStream stream;
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
  on_host::CudaStream stream;
  on_host::copy_to_host(&first, b.as<unsigned char>(), 1, stream);
  stream.synchronize();
  EXPECT_NE(first, 0);
}

}  // namespace
}  // namespace chokepoint
