// The CUDA backend's knobs (device_backend.hpp, BackendKnobs), read from the
// environment at each load().
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <utility>

#include "host/backend/cuda/device_backend.hpp"
#include "kernels/backend_error.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

//! A knob's value: unset (0) or a positive integer.
int64_t read_knob(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr) return 0;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  if (*text == '\0' || *end != '\0' || errno != 0 || value < 1) {
    throw BackendError(std::string(name) + "=" + text + ": expected a positive integer");
  }
  return value;
}

//! A knob with named values: unset is the first; index of the value given.
int read_choice(const char* name, std::initializer_list<const char*> values) {
  const char* text = std::getenv(name);
  if (text == nullptr) return 0;
  int k = 0;
  std::string expected;
  for (const char* value : values) {
    if (std::string(text) == value) return k;
    expected += (k == 0 ? "" : k + 1 == static_cast<int>(values.size()) ? " or " : ", ");
    expected += value;
    ++k;
  }
  throw BackendError(std::string(name) + "=" + text + ": expected " + expected);
}

//! CHOKEPOINT_CUDA_SAVE_PATHS: path ids separated by commas.
std::vector<uint64_t> read_path_ids(const char* name) {
  std::vector<uint64_t> ids;
  const char* text = std::getenv(name);
  if (text == nullptr) return ids;
  const std::string all = text;
  size_t from = 0;
  for (;;) {
    const size_t comma = all.find(',', from);
    const std::string item = all.substr(from, comma == std::string::npos ? comma : comma - from);
    char* end = nullptr;
    errno = 0;
    const unsigned long long id = std::strtoull(item.c_str(), &end, 10);
    if (item.empty() || item[0] == '-' || *end != '\0' || errno != 0) {
      throw BackendError(std::string(name) + "=" + all +
                         ": expected path ids (non-negative integers) separated by commas");
    }
    ids.push_back(id);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

BackendKnobs read_knobs() {
  BackendKnobs knobs;
  knobs.max_workers = read_knob("CHOKEPOINT_CUDA_MAX_WORKERS");
  knobs.max_batch = read_knob("CHOKEPOINT_CUDA_MAX_BATCH");
  knobs.max_host_batch = read_knob("CHOKEPOINT_CUDA_MAX_HOST_BATCH");
  knobs.buyer_state = read_choice("CHOKEPOINT_CUDA_BUYER_STATE", {"registers", "scratch"}) == 0
                          ? BuyerState::kRegisters
                          : BuyerState::kScratch;
  knobs.industry.calendar =
      read_choice("CHOKEPOINT_CUDA_CALENDAR", {"material-major", "lane-major"}) == 0
          ? CalendarLayout::kMaterialMajor
          : CalendarLayout::kLaneMajor;
  knobs.industry.order = read_choice("CHOKEPOINT_CUDA_WORK", {"stride", "atomic"}) == 0
                             ? WorkOrder::kStride
                             : WorkOrder::kAtomic;
  knobs.industry.skip_zero_arrivals =
      read_choice("CHOKEPOINT_CUDA_ARRIVALS", {"clear-all", "skip-zero"}) == 1;
  knobs.industry.check_rings = read_choice("CHOKEPOINT_CUDA_CHECK_RINGS", {"0", "1"}) == 1;
  knobs.sync_launches = read_choice("CHOKEPOINT_CUDA_SYNC_LAUNCHES", {"0", "1"}) == 1;
  knobs.save_paths = read_path_ids("CHOKEPOINT_CUDA_SAVE_PATHS");
  return knobs;
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
