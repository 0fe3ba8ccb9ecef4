// The CUDA backend against the CPU reference: cuRAND's Philox against the host
// port key by key, and whole batches of paths compared element by element
// (every per-path output is an integer, so the comparison is exact equality).
// Tests that need a GPU skip when none is present (fail under
// CHOKEPOINT_REQUIRE_GPU=1). The same file also builds into
// chokepoint_device_logic_tests, where every test but the GPU-only ones runs
// the CUDA backend's code on the host's emulated device (tests/backend/gpu_skip.hpp).
// A little over 400 lines: one file, so that both binaries run the same tests.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/cuda/device_backend.hpp"
#include "host/backend/host_rows.hpp"
#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/scenario.hpp"
#include "kernels/cuda/reduction_kernels.cuh"
#include "kernels/cuda_rng_probe.hpp"
#include "kernels/path_reduction.hpp"
#include "kernels/philox.hpp"
#include "kernels/rng_streams.hpp"
#include "tests/backend/comparison_scenarios.hpp"
#include "tests/backend/gpu_skip.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/random_scenario.hpp"

namespace chokepoint {
namespace {

#define SKIP_WITHOUT_GPU() CHOKEPOINT_SKIP_WITHOUT_GPU()
using testing::comparison_scenario;
using testing::make_device_backend;
using testing::many_materials_scenario;
using testing::warmup_ramp_threshold_scenario;
namespace device = ::chokepoint::CHOKEPOINT_DEVICE_NAMESPACE;

#ifndef CHOKEPOINT_DEVICE_ON_HOST

// --- cuRAND against the host Philox -------------------------------------------

TEST(CudaPhilox, CurandDeviceApiMatchesHostStreams) {
  SKIP_WITHOUT_GPU();
  const std::vector<uint64_t> paths = {0,
                                       1,
                                       2,
                                       12345,
                                       0xffffffffull,
                                       0x100000000ull,
                                       0x100000001ull,
                                       0x123456789abcull,
                                       0xfedcba9876543210ull,
                                       0xffffffffffffffffull};
  const uint64_t seeds[] = {0, 20251218, 0xffffffffull, 0x0123456789abcdefull};
  const Stream streams[] = {Stream::kRegime,     Stream::kEvent,         Stream::kOutage,
                            Stream::kGlAdoption, Stream::kGlApplication, Stream::kLicence};
  const uint32_t entities[] = {0,
                               1,
                               buyer_key(3, 4095),
                               buyer_material_key(2, 11, 1),
                               buyer_material_key(1023, 4095, 255),
                               0x3fffffffu,  // largest entity that fits curand_init's offset
                               0x40000000u,  // the probe adds these high bits by skipahead
                               0xffffffffu};
  const uint32_t days[] = {0, 1, 364, 3649, 65535};
  int keys = 0;
  for (uint64_t seed : seeds) {
    for (Stream stream : streams) {
      for (uint32_t entity : entities) {
        for (uint32_t day : days) {
          const auto s = static_cast<uint32_t>(stream);
          const std::vector<uint32_t> words = cuda_philox_probe(seed, paths, s, entity, day);
          ASSERT_EQ(words.size(), paths.size() * 4);
          for (size_t k = 0; k < paths.size(); ++k) {
            const uint64_t path = paths[k];
            const uint32_t ctr[4] = {day | (s << 16), entity, static_cast<uint32_t>(path),
                                     static_cast<uint32_t>(path >> 32)};
            const uint32_t key[2] = {static_cast<uint32_t>(seed),
                                     static_cast<uint32_t>(seed >> 32)};
            const Philox4x32 host = philox4x32_10_host(ctr, key);
            const Uniform4 u = draw(seed, path, stream, entity, day);
            const double units[4] = {u.x, u.y, u.z, u.w};
            for (int w = 0; w < 4; ++w) {
              ASSERT_EQ(words[k * 4 + w], host.v[w])
                  << "seed " << seed << " path " << path << " stream " << s << " entity " << entity
                  << " day " << day << " word " << w;
              ASSERT_EQ(to_unit(words[k * 4 + w]), units[w]);
            }
            ++keys;
          }
        }
      }
    }
  }
  EXPECT_EQ(keys, 4 * 6 * 8 * 5 * 10);
}
#endif  // !CHOKEPOINT_DEVICE_ON_HOST

//! Host arrays of the per-path outputs of `rows` paths, filled with a pattern
//! no backend writes, so that an unwritten row shows.
struct HostOutputs : HostRows {
  PathOutputs rows;

  HostOutputs(const Model& model, int64_t count) : rows(bind(model.view(), count)) {
    std::fill(shortfall_total.begin(), shortfall_total.end(), ~uint64_t{0});
    std::fill(shortage_days.begin(), shortage_days.end(), -7);
    std::fill(first_shortage.begin(), first_shortage.end(), -7);
    std::fill(interval_total.begin(), interval_total.end(), ~uint64_t{0});
    std::fill(interval_short.begin(), interval_short.end(), 0xee);
    std::fill(regime_days.begin(), regime_days.end(), -7);
  }
  // `rows` points into the vectors: a move keeps their buffers, a copy would not.
  HostOutputs(HostOutputs&&) = default;
  HostOutputs(const HostOutputs&) = delete;
  HostOutputs& operator=(const HostOutputs&) = delete;

  PathOutputs view() const { return rows; }
};

//! Paths first .. first + count - 1 in calls of at most `chunk` paths.
HostOutputs simulate(Backend& backend, const Model& model, uint64_t first, int64_t count,
                     int64_t chunk) {
  HostOutputs all(model, count);
  const std::atomic<bool> stop{false};
  backend.load(model);
  const ModelView& m = model.view();
  for (int64_t done = 0; done < count; done += chunk) {
    const int64_t n = std::min(chunk, count - done);
    const PathOutputs rows = all.view().from_row(done, m);
    backend.simulate(first + static_cast<uint64_t>(done), n, &rows, stop);
  }
  return all;
}

template <typename T>
void expect_same(const char* name, const std::vector<T>& expected, const std::vector<T>& actual) {
  ASSERT_EQ(expected.size(), actual.size()) << name;
  size_t mismatches = 0, first = 0;
  for (size_t k = 0; k < expected.size(); ++k) {
    if (expected[k] != actual[k]) {
      if (mismatches++ == 0) first = k;
    }
  }
  EXPECT_EQ(mismatches, 0u) << name << ": first difference at element " << first << ": expected "
                            << +expected[first] << ", got " << +actual[first];
}

void expect_same(const HostOutputs& expected, const HostOutputs& actual) {
  expect_same("shortfall_total", expected.shortfall_total, actual.shortfall_total);
  expect_same("shortage_days", expected.shortage_days, actual.shortage_days);
  expect_same("first_shortage", expected.first_shortage, actual.first_shortage);
  expect_same("interval_total", expected.interval_total, actual.interval_total);
  expect_same("interval_short", expected.interval_short, actual.interval_short);
  expect_same("regime_days", expected.regime_days, actual.regime_days);
  expect_same("stockpile_held", expected.stockpile_held, actual.stockpile_held);
  expect_same("stockpile_released", expected.stockpile_released, actual.stockpile_released);
  expect_same("quota_denied", expected.quota_denied, actual.quota_denied);
  expect_same("quota_binding", expected.quota_binding, actual.quota_binding);
  expect_same("lockstep", expected.lockstep, actual.lockstep);
  expect_same("switched_buyers", expected.switched_buyers, actual.switched_buyers);
  expect_same("switched_shortfall", expected.switched_shortfall, actual.switched_shortfall);
}

//! testing::expect_same_reduction, and the shortage days' tail sums too.
void expect_same_reduction(const PointReduction& expected, const PointReduction& actual) {
  testing::expect_same_reduction(expected, actual);
  ASSERT_EQ(expected.days.size(), actual.days.size());
  for (size_t i = 0; i < expected.days.size(); ++i) {
    EXPECT_TRUE(expected.days[i].tail == actual.days[i].tail) << "days tails, industry " << i;
  }
}

//! Sets an environment variable for a scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// Runs without a GPU: the comparison below is only worth something if the
// scenario's paths differ from one another and reach every regime.
//! Expects every industry of `out` (n paths of `model`) to be short on some
//! paths and not on others.
void expect_every_industry_sometimes_short(const Model& model, const HostOutputs& out, int64_t n) {
  const ModelView& m = model.view();
  for (int32_t i = 0; i < m.industries; ++i) {
    int64_t short_paths = 0;
    for (int64_t j = 0; j < n; ++j) short_paths += out.shortage_days[j * m.industries + i] > 0;
    EXPECT_GT(short_paths, 0) << model.industry_ids[i];
    EXPECT_LT(short_paths, n) << model.industry_ids[i];
  }
}

TEST(CudaBackendScenario, ComparisonScenarioIsNotTrivial) {
  const Model model(comparison_scenario());
  auto cpu = make_cpu_backend(2);
  const int64_t n = 400;
  const HostOutputs out = simulate(*cpu, model, 0, n, n);
  const ModelView& m = model.view();
  expect_every_industry_sometimes_short(model, out, n);
  for (int32_t r = 0; r < m.regimes; ++r) {
    int64_t days = 0;
    for (int64_t j = 0; j < n; ++j) days += out.regime_days[j * m.regimes + r];
    EXPECT_GT(days, 0) << model.regime_ids[r];
  }
}

// Runs without a GPU: the many-materials comparison is only worth something
// if every industry, the 11-material one too, is short on some paths and not
// on others.
TEST(CudaBackendScenario, ManyMaterialsScenarioIsNotTrivial) {
  const Model model(many_materials_scenario());
  auto cpu = make_cpu_backend(2);
  const int64_t n = 400;
  expect_every_industry_sometimes_short(model, simulate(*cpu, model, 0, n, n), n);
}

// Runs without a GPU: the threshold must matter (fewer shortage days than at
// theta = 1e-9 on some paths, but not on none), and paths still differ.
TEST(CudaBackendScenario, WarmupRampThresholdScenarioIsNotTrivial) {
  const Scenario s = warmup_ramp_threshold_scenario();
  Scenario no_threshold = s;
  no_threshold.shortage_threshold = 0;
  const Model model(s), plain(no_threshold);
  auto cpu = make_cpu_backend(2);
  const int64_t n = 400;
  const HostOutputs out = simulate(*cpu, model, 0, n, n);
  const HostOutputs base = simulate(*cpu, plain, 0, n, n);
  EXPECT_EQ(out.shortfall_total, base.shortfall_total);  // the threshold changes counts only
  int64_t fewer = 0, short_paths = 0;
  for (size_t c = 0; c < out.shortage_days.size(); ++c) {
    EXPECT_LE(out.shortage_days[c], base.shortage_days[c]);
    fewer += out.shortage_days[c] < base.shortage_days[c];
    short_paths += out.shortage_days[c] > 0;
  }
  EXPECT_GT(fewer, 0);
  EXPECT_GT(short_paths, 0);
  EXPECT_LT(short_paths, static_cast<int64_t>(out.shortage_days.size()));
}

TEST(CudaBackend, MatchesCpuWithWarmupRampAndThreshold) {
  SKIP_WITHOUT_GPU();
  const Model model(warmup_ramp_threshold_scenario());
  auto cpu = make_cpu_backend(2);
  auto gpu = make_device_backend();
  for (uint64_t first : {uint64_t{0}, (uint64_t{1} << 32) - 150}) {
    SCOPED_TRACE("first path " + std::to_string(first));
    const HostOutputs expected = simulate(*cpu, model, first, 600, 600);
    expect_same(expected, simulate(*gpu, model, first, 600, 600));
    expect_same(expected, simulate(*gpu, model, first, 600, 77));
  }
  const PointRequest request = make_point_request(2000, {0.5, 0.9, 0.99}, 40);
  const PointReduction reduced = testing::reduce_point(*cpu, model, request, 500);
  expect_same_reduction(reduced, testing::reduce_point(*gpu, model, request, 2000));
  expect_same_reduction(reduced, testing::reduce_point(*gpu, model, request, 613));
}

TEST(CudaBackend, MatchesCpuBackendExactly) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  auto cpu = make_cpu_backend(2);
  auto gpu = make_device_backend();
  // Path ids below 2^32, across 2^32 (the counter's high word) and far above it.
  const uint64_t firsts[] = {0, (uint64_t{1} << 32) - 150, uint64_t{1} << 40,
                             0xfffffffffffff000ull};
  for (uint64_t first : firsts) {
    SCOPED_TRACE("first path " + std::to_string(first));
    const int64_t count = 600;
    const HostOutputs expected = simulate(*cpu, model, first, count, count);
    const HostOutputs actual = simulate(*gpu, model, first, count, count);
    expect_same(expected, actual);
  }
}

TEST(CudaBackend, ResultsDoNotDependOnBatching) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  auto gpu = make_device_backend();
  const uint64_t first = (uint64_t{1} << 32) - 500;
  const HostOutputs whole = simulate(*gpu, model, first, 1000, 1000);
  const HostOutputs chunks = simulate(*gpu, model, first, 1000, 37);
  expect_same(whole, chunks);
}

TEST(CudaBackend, ReloadingAnotherModelReusesTheBackend) {
  SKIP_WITHOUT_GPU();
  // A sweep-like sequence: a bigger model, then the first one again, on one backend.
  Scenario small = comparison_scenario();
  Scenario big = comparison_scenario();
  big.horizon_days = 730;
  big.industries[0].buyers = 40;
  const Model small_model(small), big_model(big);
  auto cpu = make_cpu_backend(2);
  auto gpu = make_device_backend();
  for (const Model* model : {&small_model, &big_model, &small_model}) {
    const HostOutputs expected = simulate(*cpu, *model, 77, 300, 300);
    const HostOutputs actual = simulate(*gpu, *model, 77, 300, 300);
    expect_same(expected, actual);
    EXPECT_GE(gpu->batch_size(true), 1);
  }
}

#ifndef CHOKEPOINT_DEVICE_ON_HOST
TEST(CudaBackend, DescribesItsDevice) {
  SKIP_WITHOUT_GPU();
  auto gpu = make_device_backend();
  EXPECT_EQ(gpu->name(), "cuda");
  EXPECT_NE(gpu->device().find("GPU 0"), std::string::npos) << gpu->device();
  EXPECT_NE(gpu->device().find("sm_"), std::string::npos) << gpu->device();
  EXPECT_GE(gpu->batch_size(true), 1);
  const auto devices = cuda_devices();
  EXPECT_THROW(make_cuda_backend(static_cast<int>(devices.size())), BackendError);
  EXPECT_THROW(make_cuda_backend(-1), BackendError);
}
#endif  // !CHOKEPOINT_DEVICE_ON_HOST

TEST(CudaBackend, StopsBeforeTheFirstBatchWhenAsked) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  auto gpu = make_device_backend();
  gpu->load(model);
  HostOutputs out(model, 10);
  const std::atomic<bool> stop{true};
  const PathOutputs rows = out.view();
  gpu->simulate(0, 10, &rows, stop);
  EXPECT_EQ(out.regime_days[0], -7);  // nothing was written
}

// --- Point reductions: counters, cross products, order statistics ---------------

TEST(CudaBackend, PointReductionMatchesCpu) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const PointRequest request = make_point_request(3000, {0.5, 0.9, 0.95, 0.999}, 50);
  auto cpu = make_cpu_backend(2);
  auto gpu = make_device_backend();
  const PointReduction expected = testing::reduce_point(*cpu, model, request, 500);
  // The comparison of the tails means something only if some are not zero.
  bool some_tail = false;
  for (const ColumnSummary& d : expected.days) some_tail |= !d.tail.empty() && d.tail[0] > 0;
  EXPECT_TRUE(some_tail);
  expect_same_reduction(expected, testing::reduce_point(*gpu, model, request, 3000));
  expect_same_reduction(expected, testing::reduce_point(*gpu, model, request, 777));
}

// The columns go back to the host when they do not fit the GPU; forced here.
TEST(CudaBackend, PointReductionWithHostColumnsMatchesCpu) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const PointRequest request = make_point_request(2000, {0.5, 0.99}, 20);
  auto cpu = make_cpu_backend(2);
  auto gpu = make_device_backend();
  const PointReduction expected = testing::reduce_point(*cpu, model, request, 2000);
  const ScopedEnv host_columns("CHOKEPOINT_CUDA_HOST_COLUMNS", "1");
  const PointReduction actual = testing::reduce_point(*gpu, model, request, 333);
  expect_same_reduction(expected, actual);
}

// What the benchmark's batches do at scale, at a small one: the knobs cap the
// workers (so that every worker runs many (industry, path) work items in
// turn, reusing its scratch) and the device batch (so that one simulate() call
// runs several device batches, each at its own row offset), with the rows
// copied back and the point reduced on the device and on the host.
TEST(CudaBackend, FewWorkersAndSmallDeviceBatchesMatchCpu) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const int64_t paths = 1000;  // 3 industries: 3000 work items
  const PointRequest request = make_point_request(paths, {0.5, 0.9, 0.99}, 20);
  auto cpu = make_cpu_backend(2);
  const PointReduction expected = testing::reduce_point(*cpu, model, request, paths);
  const HostOutputs expected_rows = simulate(*cpu, model, 0, paths, paths);
  const ScopedEnv workers("CHOKEPOINT_CUDA_MAX_WORKERS", "7");
  const ScopedEnv batch("CHOKEPOINT_CUDA_MAX_BATCH", "96");
  for (const bool host_columns : {false, true}) {
    SCOPED_TRACE(host_columns ? "host columns" : "device columns");
    std::unique_ptr<ScopedEnv> columns;
    if (host_columns) columns = std::make_unique<ScopedEnv>("CHOKEPOINT_CUDA_HOST_COLUMNS", "1");
    auto gpu = make_device_backend();
    gpu->load(model);
    const device::BackendShape loaded = device::shape_of(*gpu);
    EXPECT_EQ(loaded.workers, 7);
    EXPECT_EQ(loaded.device_paths, 96);
    EXPECT_EQ(gpu->batch_size(true), 96);
    EXPECT_EQ(gpu->batch_size(false), 96);
    gpu->begin_point(request);
    EXPECT_EQ(device::shape_of(*gpu).device_columns, !host_columns);
    HostOutputs rows(model, paths);
    const std::atomic<bool> stop{false};
    // Two calls, the second starting inside a device batch's worth of paths.
    const ModelView& m = model.view();
    const PathOutputs first = rows.view();
    const PathOutputs second = rows.view().from_row(450, m);
    gpu->simulate(0, 450, &first, stop);
    gpu->simulate(450, paths - 450, &second, stop);
    EXPECT_EQ(device::shape_of(*gpu).device_batches, 5 + 6);  // ceil(450 / 96) + ceil(550 / 96)
    expect_same_reduction(expected, gpu->finish_point());
    expect_same(expected_rows, rows);
  }
}

// Both forms of the industries kernel, on industries whose buyers keep their
// state in 4 and 8 object slots (registers) and in scratch (11 materials),
// with few workers so that each runs many work items: bit for bit the CPU's results.
TEST(CudaBackend, EveryFormOfBuyerStateMatchesCpu) {
  SKIP_WITHOUT_GPU();
  const Model model(many_materials_scenario());
  const ModelView& m = model.view();
  ASSERT_EQ(m.industries, 5);
  EXPECT_EQ(buyer_state_slots(m.needed_count[0]), kSmallSlots);
  EXPECT_EQ(buyer_state_slots(m.needed_count[3]), kLargeSlots);
  EXPECT_EQ(buyer_state_slots(m.needed_count[4]), 0);
  auto cpu = make_cpu_backend(2);
  const HostOutputs expected = simulate(*cpu, model, 0, 400, 400);
  const ScopedEnv workers("CHOKEPOINT_CUDA_MAX_WORKERS", "37");
  for (const char* form : {"registers", "scratch"}) {
    SCOPED_TRACE(form);
    const ScopedEnv state("CHOKEPOINT_CUDA_BUYER_STATE", form);
    auto gpu = make_device_backend();
    const HostOutputs actual = simulate(*gpu, model, 0, 400, 400);
    EXPECT_EQ(device::shape_of(*gpu).buyer_state, std::string(form) == "registers"
                                                      ? device::BuyerState::kRegisters
                                                      : device::BuyerState::kScratch);
    expect_same(expected, actual);
  }
}

// Scenarios drawn at random from the whole schema (tests/support/
// random_scenario.hpp; 1 to 10 materials, so every form of buyer state), with
// few workers so that each runs many work items: both kernels give the CPU's results
// bit for bit. CHOKEPOINT_RANDOM_SCENARIOS=N checks N scenarios instead of 30.
TEST(CudaBackend, MatchesCpuOnRandomScenarios) {
  SKIP_WITHOUT_GPU();
  auto cpu = make_cpu_backend(2);
  const ScopedEnv workers("CHOKEPOINT_CUDA_MAX_WORKERS", "13");
  for (int k = 0, n = testing::random_scenario_count(30); k < n; ++k) {
    const std::string name = "random scenario " + std::to_string(k);
    const std::string text = testing::random_scenario_text(k);
    SCOPED_TRACE(name + ":\n" + text);
    const Model model(ScenarioDocument::from_string(text, name).resolve());
    const HostOutputs expected = simulate(*cpu, model, 0, 48, 48);
    for (const char* form : {"registers", "scratch"}) {
      SCOPED_TRACE(form);
      const ScopedEnv state("CHOKEPOINT_CUDA_BUYER_STATE", form);
      auto gpu = make_device_backend();
      expect_same(expected, simulate(*gpu, model, 0, 48, 48));
    }
    if (::testing::Test::HasFailure()) break;  // one scenario's text is enough to read
  }
}

// Random scenarios with stockpiles, quotas, priorities and substitution: the
// speculative pass in the industries kernel, the pools kernel (ledgers, and
// the lockstep pass where a pool falls short) give the CPU's per-path
// figures and remedies' rows bit for bit, in both buyer-state forms and with
// few workers of each kind (each runs many paths).
TEST(CudaBackend, MatchesCpuOnRandomCoupledScenarios) {
  SKIP_WITHOUT_GPU();
  auto cpu = make_cpu_backend(2);
  const ScopedEnv workers("CHOKEPOINT_CUDA_MAX_WORKERS", "13");
  int lockstep = 0;
  for (int k = 0, n = testing::random_scenario_count(30); k < n; ++k) {
    const std::string name = "random coupled scenario " + std::to_string(k);
    const std::string text = testing::random_coupled_scenario(k).text;
    SCOPED_TRACE(name + ":\n" + text);
    const Model model(ScenarioDocument::from_string(text, name).resolve());
    const HostOutputs expected = simulate(*cpu, model, 0, 48, 48);
    for (uint8_t x : expected.lockstep) lockstep += x;
    for (const char* form : {"registers", "scratch"}) {
      SCOPED_TRACE(form);
      const ScopedEnv state("CHOKEPOINT_CUDA_BUYER_STATE", form);
      auto gpu = make_device_backend();
      expect_same(expected, simulate(*gpu, model, 0, 48, 48));
    }
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_GT(lockstep, 0) << "no path ran in lockstep: the pools kernel's main branch went untested";
}

TEST(CudaBackend, RefusesAnUnknownBuyerStateForm) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const ScopedEnv state("CHOKEPOINT_CUDA_BUYER_STATE", "shared");
  auto gpu = make_device_backend();
  try {
    gpu->load(model);
    FAIL() << "expected a BackendError";
  } catch (const BackendError& e) {
    EXPECT_NE(std::string(e.what()).find("CHOKEPOINT_CUDA_BUYER_STATE=shared: expected registers "
                                         "or scratch"),
              std::string::npos)
        << e.what();
  }
}

// Without rows wanted, batches are sized from device memory alone: a cap on
// the host's rows (CHOKEPOINT_CUDA_MAX_HOST_BATCH) limits batch_size(true)
// only, and a point reduced in whole device batches still matches the CPU.
TEST(CudaBackend, BatchesWithoutRowsAreSizedFromDeviceMemory) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const int64_t paths = 1000;
  const PointRequest request = make_point_request(paths, {0.5, 0.9}, 20);
  auto cpu = make_cpu_backend(2);
  const PointReduction expected = testing::reduce_point(*cpu, model, request, paths);
  const ScopedEnv host_batch("CHOKEPOINT_CUDA_MAX_HOST_BATCH", "100");
  auto gpu = make_device_backend();
  gpu->load(model);
  const device::BackendShape loaded = device::shape_of(*gpu);
  EXPECT_EQ(loaded.host_paths, 100);
  EXPECT_EQ(gpu->batch_size(true), 100);
  EXPECT_EQ(gpu->batch_size(false), loaded.device_paths);
  ASSERT_GE(loaded.device_paths, paths) << "the device holds a batch of all the paths";
  gpu->begin_point(request);
  const std::atomic<bool> stop{false};
  gpu->simulate(0, paths, nullptr, stop);
  EXPECT_EQ(device::shape_of(*gpu).device_batches, 1);
  expect_same_reduction(expected, gpu->finish_point());
}

// Rows copied back while the point is reduced (as with --save-paths or sweeps).
TEST(CudaBackend, RowsAndReductionTogether) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const PointRequest request = make_point_request(600, {0.5}, 10);
  auto cpu = make_cpu_backend(2);
  auto gpu = make_device_backend();
  const PointReduction expected = testing::reduce_point(*cpu, model, request, 600);
  const HostOutputs expected_rows = simulate(*cpu, model, 0, 600, 600);
  gpu->load(model);
  gpu->begin_point(request);
  HostOutputs rows(model, 600);
  const PathOutputs view = rows.view();
  const std::atomic<bool> stop{false};
  gpu->simulate(0, 600, &view, stop);
  expect_same_reduction(expected, gpu->finish_point());
  expect_same(expected_rows, rows);
}

// The industries kernel's variants (CHOKEPOINT_CUDA_CALENDAR, _WORK and
// _ARRIVALS; kernels/cuda/path_kernels.cuh), alone and together, in both forms
// of buyer state, with few workers (each runs many work items) and several
// device batches, and with the ring check on (a work item that leaves its
// calendar or denial ring not all zero fails the batch): every one gives the
// CPU's results bit for bit.
TEST(CudaBackend, EveryKernelVariantMatchesCpu) {
  SKIP_WITHOUT_GPU();
  const Model model(many_materials_scenario());
  auto cpu = make_cpu_backend(2);
  const int64_t paths = 300;
  const HostOutputs expected = simulate(*cpu, model, 0, paths, paths);
  const ScopedEnv workers("CHOKEPOINT_CUDA_MAX_WORKERS", "37");
  const ScopedEnv batch("CHOKEPOINT_CUDA_MAX_BATCH", "64");
  const ScopedEnv rings("CHOKEPOINT_CUDA_CHECK_RINGS", "1");
  struct Variant {
    const char* calendar;
    const char* work;
    const char* arrivals;
  };
  const Variant variants[] = {{"material-major", "stride", "clear-all"},
                              {"lane-major", "stride", "clear-all"},
                              {"material-major", "atomic", "clear-all"},
                              {"material-major", "stride", "skip-zero"},
                              {"lane-major", "atomic", "skip-zero"}};
  for (const Variant& v : variants) {
    for (const char* form : {"registers", "scratch"}) {
      SCOPED_TRACE(std::string(v.calendar) + " " + v.work + " " + v.arrivals + " " + form);
      const ScopedEnv calendar("CHOKEPOINT_CUDA_CALENDAR", v.calendar);
      const ScopedEnv work("CHOKEPOINT_CUDA_WORK", v.work);
      const ScopedEnv arrivals("CHOKEPOINT_CUDA_ARRIVALS", v.arrivals);
      const ScopedEnv state("CHOKEPOINT_CUDA_BUYER_STATE", form);
      auto gpu = make_device_backend();
      const HostOutputs actual = simulate(*gpu, model, 0, paths, 100);
      const device::BackendShape shape = device::shape_of(*gpu);
      EXPECT_EQ(shape.industry.calendar == device::CalendarLayout::kLaneMajor,
                std::string(v.calendar) == "lane-major");
      EXPECT_EQ(shape.industry.order == device::WorkOrder::kAtomic,
                std::string(v.work) == "atomic");
      EXPECT_EQ(shape.industry.skip_zero_arrivals, std::string(v.arrivals) == "skip-zero");
      EXPECT_TRUE(shape.industry.check_rings);
      EXPECT_EQ(shape.ring_faults, 0);
      EXPECT_EQ(shape.device_batches, 6);  // 3 calls of 100 paths, 2 batches each
      expect_same(expected, actual);
    }
  }
}

TEST(CudaBackend, RefusesUnknownKernelVariants) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const std::pair<const char*, const char*> bad[] = {
      {"CHOKEPOINT_CUDA_CALENDAR", "day-major"}, {"CHOKEPOINT_CUDA_WORK", "steal"},
      {"CHOKEPOINT_CUDA_ARRIVALS", "never"},     {"CHOKEPOINT_CUDA_CHECK_RINGS", "yes"},
      {"CHOKEPOINT_CUDA_SYNC_LAUNCHES", "2"},    {"CHOKEPOINT_CUDA_SAVE_PATHS", "1,,2"},
      {"CHOKEPOINT_CUDA_SAVE_PATHS", "-1"},      {"CHOKEPOINT_CUDA_SAVE_PATHS", "3x"}};
  auto gpu = make_device_backend();
  for (const auto& [name, value] : bad) {
    SCOPED_TRACE(std::string(name) + "=" + value);
    const ScopedEnv knob(name, value);
    try {
      gpu->load(model);
      ADD_FAILURE() << "accepted";
    } catch (const BackendError& e) {
      EXPECT_NE(std::string(e.what()).find(std::string(name) + "=" + value + ": expected"),
                std::string::npos)
          << e.what();
    }
  }
}

// Five variants are compiled (the default, each alone, the three together):
// two of them together is a clear error at load(), before any work.
TEST(CudaBackend, RefusesAVariantNotCompiled) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const ScopedEnv calendar("CHOKEPOINT_CUDA_CALENDAR", "lane-major");
  const ScopedEnv arrivals("CHOKEPOINT_CUDA_ARRIVALS", "skip-zero");
  auto gpu = make_device_backend();
  try {
    gpu->load(model);
    FAIL() << "loaded a variant that is not compiled";
  } catch (const BackendError& e) {
    EXPECT_NE(std::string(e.what()).find("not with two of them"), std::string::npos) << e.what();
  }
}

//! Expects `saved` to be row `row` of `expected`.
void expect_saved_row(const Model& model, const HostOutputs& expected, int64_t row,
                      const device::SavedRow& saved) {
  const ModelView& m = model.view();
  const auto slice = [row](const auto& all, int64_t width) {
    using T = typename std::decay_t<decltype(all)>::value_type;
    return std::vector<T>(all.begin() + row * width, all.begin() + (row + 1) * width);
  };
  const int64_t I = m.industries, K = m.intervals, R = m.regimes;
  expect_same("shortfall_total", slice(expected.shortfall_total, I), saved.shortfall_total);
  expect_same("shortage_days", slice(expected.shortage_days, I), saved.shortage_days);
  expect_same("first_shortage", slice(expected.first_shortage, I), saved.first_shortage);
  expect_same("interval_total", slice(expected.interval_total, I * K), saved.interval_total);
  expect_same("interval_short", slice(expected.interval_short, I * K), saved.interval_short);
  expect_same("regime_days", slice(expected.regime_days, R), saved.regime_days);
}

// CHOKEPOINT_CUDA_SAVE_PATHS keeps the rows of the paths it names, from
// whichever device batch ran them, without the caller asking for rows.
TEST(CudaBackend, SavedPathsMatchCpu) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const int64_t paths = 500;
  auto cpu = make_cpu_backend(2);
  const HostOutputs expected = simulate(*cpu, model, 0, paths, paths);
  const ScopedEnv ids("CHOKEPOINT_CUDA_SAVE_PATHS", "499,0,95,96,250,96,1000");
  const ScopedEnv batch("CHOKEPOINT_CUDA_MAX_BATCH", "96");
  auto gpu = make_device_backend();
  gpu->load(model);
  gpu->begin_point(make_point_request(paths, {0.5}, 10));
  const std::atomic<bool> stop{false};
  gpu->simulate(0, paths, nullptr, stop);
  gpu->finish_point();
  const std::map<uint64_t, device::SavedRow>& saved = device::saved_rows(*gpu);
  ASSERT_EQ(saved.size(), 6u);  // 96 once
  for (const auto& [id, row] : saved) {
    SCOPED_TRACE("path " + std::to_string(id));
    if (id >= static_cast<uint64_t>(paths)) {
      EXPECT_FALSE(row.simulated);
      continue;
    }
    ASSERT_TRUE(row.simulated);
    expect_saved_row(model, expected, static_cast<int64_t>(id), row);
  }
}

//! A histogram size for which layout(bins).small_groups() == counters, or 0.
int32_t bins_for_small_groups(const ModelView& m, int64_t counters) {
  for (int32_t bins = 1; bins <= 20000; ++bins) {
    if (make_reduction_layout(m, bins).small_groups() == counters) return bins;
  }
  return 0;
}

// Every branch of the reduction's shared-memory counters (run_counter_kernel):
// the small counter groups filling exactly the 48 KiB a block keeps, one bin
// more (the global-memory fallback: counters are 8 bytes, so "one byte over"
// is I counters over here), and fewer cells (paths x industries) than a block
// has threads. The reduction is the CPU's.
TEST(CudaBackend, SharedMemoryCountersAtTheirLimits) {
  SKIP_WITHOUT_GPU();
  const int64_t fit = device::kCounterSharedBytes / static_cast<int64_t>(sizeof(uint64_t));
  // The small groups grow by I counters per histogram bin: a scenario fills
  // the shared memory exactly when fit - small(1 bin) is a multiple of I.
  // The first of the fixed random scenarios for which it is.
  int32_t exact = 0;
  std::string text;
  for (int k = 0; k < 200 && exact == 0; ++k) {
    text = testing::random_scenario_text(k);
    const Model candidate(ScenarioDocument::from_string(text, "random").resolve());
    exact = bins_for_small_groups(candidate.view(), fit);
  }
  ASSERT_GT(exact, 0) << "no scenario and histogram size fill the shared memory exactly";
  SCOPED_TRACE(text);
  const Model model(ScenarioDocument::from_string(text, "random").resolve());
  const ModelView& m = model.view();
  const int32_t over = exact + 1;
  EXPECT_EQ(make_reduction_layout(m, exact).small_groups() * 8, 48 * 1024);
  EXPECT_EQ(device::private_counters(make_reduction_layout(m, exact)), fit);
  EXPECT_EQ(device::private_counters(make_reduction_layout(m, over)), 0);
  auto cpu = make_cpu_backend(2);
  auto gpu = make_device_backend();
  struct Case {
    int64_t paths;
    int32_t bins;
    const char* what;
  };
  // Fewer cells (paths x industries) than the 256 threads of a block.
  const int64_t few = std::max<int64_t>(1, 255 / m.industries);
  for (const Case& c : {Case{700, exact, "48 KiB exactly"}, Case{700, over, "over 48 KiB"},
                        Case{few, exact, "fewer cells than threads"},
                        Case{few, 20, "fewer cells than threads, few counters"}}) {
    SCOPED_TRACE(c.what);
    const PointRequest request = make_point_request(c.paths, {0.5, 0.9}, c.bins);
    const PointReduction expected = testing::reduce_point(*cpu, model, request, c.paths);
    expect_same_reduction(expected, testing::reduce_point(*gpu, model, request, c.paths));
  }
}

//! CHOKEPOINT_PRODUCTION_<name> as a positive integer, or `fallback`.
int64_t production_knob(const char* name, int64_t fallback) {
  const char* text = std::getenv((std::string("CHOKEPOINT_PRODUCTION_") + name).c_str());
  return text == nullptr ? fallback : std::stoll(text);
}

// The benchmark's launch shape, which the tests above only reach through
// knobs: the scenario of bench/bench.toml at whole device batches (2^20
// paths on a GPU), more than two of them (2 batches + 1 path), every worker
// resident taking many work items, the reduction's full grid, the columns
// written at large row offsets. The rows of paths spread over the whole range
// are kept (CHOKEPOINT_CUDA_SAVE_PATHS) and recomputed on the CPU backend (a
// path depends on its id alone), bit for bit; then the point's reduction again
// with few workers (CHOKEPOINT_PRODUCTION_WORKERS, 8,000), which must not
// change it. Minutes of CPU: it runs only with CHOKEPOINT_PRODUCTION_CHECK=1
// (tools/gpu-check production); CHOKEPOINT_PRODUCTION_SCENARIO names another
// scenario file.
TEST(CudaProductionShape, SampledPathsAndReductionMatchCpu) {
  const char* on = std::getenv("CHOKEPOINT_PRODUCTION_CHECK");
  if (on == nullptr || std::string(on) != "1") {
    GTEST_SKIP() << "minutes of work: set CHOKEPOINT_PRODUCTION_CHECK=1 (tools/gpu-check)";
  }
  SKIP_WITHOUT_GPU();
  std::string file;
  if (const char* given = std::getenv("CHOKEPOINT_PRODUCTION_SCENARIO")) {
    file = given;
  } else if (const char* root = std::getenv("CHOKEPOINT_SOURCE_DIR")) {
    file = std::string(root) + "/bench/bench.toml";
  } else {
    FAIL() << "set CHOKEPOINT_SOURCE_DIR (the checkout) or CHOKEPOINT_PRODUCTION_SCENARIO";
  }
  const Model model(ScenarioDocument::from_file(file).resolve());
  auto gpu = make_device_backend();
  gpu->load(model);
  const device::BackendShape full = device::shape_of(*gpu);
  const int64_t batch = full.device_paths;
  const int64_t paths = 2 * batch + 1;
  std::cout << "production shape: " << paths << " paths in batches of " << batch << ", "
            << full.workers << " workers\n";

  // Ids at the edges of every batch, evenly over the range, and a few drawn.
  std::vector<int64_t> ids = {0, 1, batch - 1, batch, batch + 1, 2 * batch - 1, 2 * batch};
  const int64_t spread = production_knob("SAMPLES", 48);
  for (int64_t k = 0; k <= spread; ++k) ids.push_back(k * (paths - 1) / spread);
  uint64_t state = 0x9e3779b97f4a7c15ull;
  for (int k = 0; k < 8; ++k) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    ids.push_back(static_cast<int64_t>((state >> 11) % static_cast<uint64_t>(paths)));
  }
  std::string list;
  for (const int64_t id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  const ScopedEnv save("CHOKEPOINT_CUDA_SAVE_PATHS", list);
  gpu->load(model);

  const PointRequest request = make_point_request(paths, {0.5, 0.9, 0.99}, 100);
  const std::atomic<bool> stop{false};
  const auto run_point = [&](Backend& backend, bool* device_columns) {
    const auto start = std::chrono::steady_clock::now();
    backend.begin_point(request);
    *device_columns = device::shape_of(backend).device_columns;
    backend.simulate(0, paths, nullptr, stop);
    PointReduction reduction = backend.finish_point();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "  " << device::shape_of(backend).workers << " workers: " << seconds << " s, "
              << static_cast<double>(paths) / seconds << " paths/s\n";
    return reduction;
  };
  bool device_columns = false;
  const PointReduction reduction = run_point(*gpu, &device_columns);
  EXPECT_TRUE(device_columns) << "the point's columns were expected to fit the device";
  EXPECT_EQ(device::shape_of(*gpu).device_batches, 3);

  auto cpu = make_cpu_backend(0);
  cpu->load(model);
  const std::map<uint64_t, device::SavedRow>& saved = device::saved_rows(*gpu);
  EXPECT_EQ(saved.size(), std::set<int64_t>(ids.begin(), ids.end()).size());
  for (const auto& [id, row] : saved) {
    SCOPED_TRACE("path " + std::to_string(id));
    ASSERT_TRUE(row.simulated);
    HostOutputs expected(model, 1);
    const PathOutputs view = expected.view();
    cpu->simulate(id, 1, &view, stop);
    expect_saved_row(model, expected, 0, row);
  }
  std::cout << "  " << saved.size() << " paths compared with the CPU backend\n";

  const ScopedEnv few("CHOKEPOINT_CUDA_MAX_WORKERS",
                      std::to_string(production_knob("WORKERS", 8000)));
  auto capped = make_device_backend();
  capped->load(model);
  EXPECT_LT(device::shape_of(*capped).workers, full.workers);
  const PointReduction again = run_point(*capped, &device_columns);
  expect_same_reduction(reduction, again);
}

// A run with precision targets (host/run/precision_run.cpp) reduces a point's
// counters over checkpoints of path ids, batches cut at each, with the rows
// copied back: one begin/finish per checkpoint, summed (several points), or
// one point open across them; both must equal one point over all the paths.
TEST(CudaBackend, CountersOverCheckpointsMatchCpu) {
  SKIP_WITHOUT_GPU();
  const Model model(comparison_scenario());
  const int64_t n = 1000, checkpoint = 300, batch = 128;
  PointRequest request = make_point_request(n, {0.5}, 10);
  request.order_statistics = false;
  const std::atomic<bool> stop{false};
  auto cpu = make_cpu_backend(2);
  cpu->load(model);
  cpu->begin_point(request);
  cpu->simulate(0, n, nullptr, stop);
  const std::vector<ExactSum> expected = cpu->finish_point().counters;
  auto gpu = make_device_backend();
  gpu->load(model);
  HostOutputs rows(model, batch);
  const PathOutputs view = rows.view();
  const auto segment = [&](int64_t from) {
    const int64_t end = std::min(n, from + checkpoint);
    for (int64_t at = from; at < end; at += batch) {
      gpu->simulate(static_cast<uint64_t>(at), std::min(batch, end - at), &view, stop);
    }
  };
  std::vector<ExactSum> summed(expected.size(), 0);
  for (int64_t from = 0; from < n; from += checkpoint) {
    gpu->begin_point(request);
    segment(from);
    const std::vector<ExactSum> part = gpu->finish_point().counters;
    ASSERT_EQ(part.size(), summed.size());
    for (size_t k = 0; k < summed.size(); ++k) summed[k] += part[k];
  }
  EXPECT_TRUE(summed == expected) << "counters summed over checkpoints";
  gpu->begin_point(request);
  for (int64_t from = 0; from < n; from += checkpoint) segment(from);
  EXPECT_TRUE(gpu->finish_point().counters == expected) << "one point over the checkpoints";

  // One batch across a stop at 700: the paths past it leave the counters again
  // (reduce_rows over their rows), which must leave those of paths 0 .. 699.
  const int64_t stop_at = 700;
  PointRequest shorter = make_point_request(stop_at, {0.5}, 10);
  shorter.order_statistics = false;
  cpu->begin_point(shorter);
  cpu->simulate(0, stop_at, nullptr, stop);
  const std::vector<ExactSum> expected_at_stop = cpu->finish_point().counters;
  HostOutputs all(model, n);
  const PathOutputs all_view = all.view();
  gpu->begin_point(request);
  gpu->simulate(0, n, &all_view, stop);
  std::vector<ExactSum> crossed = gpu->finish_point().counters;
  const ModelView& m = model.view();
  const ReductionLayout layout = make_reduction_layout(m, 10);
  std::vector<uint64_t> past(static_cast<size_t>(layout.total), 0);
  reduce_rows(m, layout, all_view.from_row(stop_at, m), n - stop_at, 1, &past);
  ASSERT_EQ(crossed.size(), past.size());
  for (size_t k = 0; k < past.size(); ++k) crossed[k] -= past[k];
  EXPECT_TRUE(crossed == expected_at_stop)
      << "counters of a batch across the stop, less the excess";
}

#ifndef CHOKEPOINT_DEVICE_ON_HOST
// Runs everywhere: asking for CUDA where it cannot work fails with a clear message.
TEST(CudaBackendAvailability, FailsClearlyWithoutCudaOrGpu) {
  if (cuda_compiled() && !cuda_devices().empty()) {
    GTEST_SKIP() << "a GPU is present: nothing to check";
  }
  const std::string expected = cuda_compiled() ? "no CUDA device" : "without CUDA";
  try {
    make_cuda_backend(0);
    FAIL() << "make_cuda_backend(0) did not throw";
  } catch (const BackendError& error) {
    EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
  }
  if (!cuda_compiled()) {
    EXPECT_THROW(cuda_philox_probe(1, {0}, 1, 0, 0), BackendError);
  }
}
#endif  // !CHOKEPOINT_DEVICE_ON_HOST

}  // namespace
}  // namespace chokepoint
