#include "host/backend/cuda/batch_buffers.cuh"

#include <algorithm>

#include "host/backend/cuda/batch_sizing.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

size_t BatchBuffers::held_bytes() const {
  size_t held = 0;
  for (const DeviceBuffer* b :
       {&inflow_, &on_order_, &arrivals_, &arrival_days_, &denials_, &outage_cursor_, &days_,
        &spell_start_, &spell_regime_, &spells_, &outage_start_, &outage_end_, &outages_,
        &shortfall_total_, &shortage_days_, &first_shortage_, &interval_total_, &interval_short_,
        &regime_days_}) {
    held += b->capacity();
  }
  return held + remedies_.held_bytes();
}

std::array<BatchBuffers::BufferSize, 19> BatchBuffers::layout(const ModelView& m, int64_t workers,
                                                              int64_t paths) {
  const auto M = static_cast<size_t>(m.materials), I = static_cast<size_t>(m.industries);
  const auto K = static_cast<size_t>(m.intervals), R = static_cast<size_t>(m.regimes);
  const auto W = static_cast<size_t>(workers), N = static_cast<size_t>(paths);
  const auto spells = static_cast<size_t>(m.regime_capacity);
  const auto outages = static_cast<size_t>(m.outage_capacity);
  const WorkerEntries e = worker_entries(m);
  return {{{&inflow_, W * e.inflow * sizeof(int64_t)},
           {&on_order_, W * e.on_order * sizeof(int64_t)},
           {&arrivals_, W * e.arrivals * sizeof(int64_t)},
           {&arrival_days_, W * e.arrival_days * sizeof(uint64_t)},
           {&denials_, W * e.denials * sizeof(int64_t)},
           {&outage_cursor_, W * e.outage_cursor * sizeof(int32_t)},
           {&days_, W * e.days * sizeof(uint64_t)},
           {&spell_start_, N * spells * sizeof(int32_t)},
           {&spell_regime_, N * spells * sizeof(uint8_t)},
           {&spells_, N * sizeof(int32_t)},
           {&outage_start_, N * M * outages * sizeof(int32_t)},
           {&outage_end_, N * M * outages * sizeof(int32_t)},
           {&outages_, N * M * sizeof(int32_t)},
           {&shortfall_total_, N * I * sizeof(uint64_t)},
           {&shortage_days_, N * I * sizeof(int32_t)},
           {&first_shortage_, N * I * sizeof(int32_t)},
           {&interval_total_, N * I * K * sizeof(uint64_t)},
           {&interval_short_, N * I * K * sizeof(uint8_t)},
           {&regime_days_, N * R * sizeof(int32_t)}}};
}

void BatchBuffers::reserve(const ModelView& m, int64_t workers, int64_t paths,
                           const CudaStream& stream, int64_t group_workers) {
  const auto sizes = layout(m, workers, paths);
  // The sizing counted the held buffers as free: if any must grow, free them
  // all first, so that old and new never add up beyond it.
  const bool grow = std::any_of(sizes.begin(), sizes.end(),
                                [](const BufferSize& b) { return b.bytes > b.buffer->capacity(); });
  if (grow) {
    for (const BufferSize& b : sizes) b.buffer->release();
  }
  for (const BufferSize& b : sizes) b.buffer->reserve(b.bytes);
  // The buyers' calendars and denial rings start all zero, and every buyer
  // leaves them so (device memory starts as garbage).
  for (DeviceBuffer* b : {&arrivals_, &arrival_days_, &denials_}) {
    if (b->capacity() > 0) fill_zero(b->as<void>(), b->capacity(), stream);
  }
  remedies_.reserve(m, workers, group_workers, paths, stream);
}

PathOutputs BatchBuffers::outputs() const {
  return PathOutputs{shortfall_total_.as<uint64_t>(),
                     shortage_days_.as<int32_t>(),
                     first_shortage_.as<int32_t>(),
                     interval_total_.as<uint64_t>(),
                     interval_short_.as<uint8_t>(),
                     regime_days_.as<int32_t>(),
                     remedies_.rows()};
}

BatchEnvironments BatchBuffers::environments() const {
  return BatchEnvironments{spell_start_.as<int32_t>(),   spell_regime_.as<uint8_t>(),
                           spells_.as<int32_t>(),        outage_start_.as<int32_t>(),
                           outage_end_.as<int32_t>(),    outages_.as<int32_t>(),
                           remedies_.stockpile_demand(), remedies_.quota_demand()};
}

WorkerScratch BatchBuffers::scratch(int64_t workers) const {
  return WorkerScratch{inflow_.as<int64_t>(),   on_order_.as<int64_t>(),
                       arrivals_.as<int64_t>(), arrival_days_.as<uint64_t>(),
                       denials_.as<int64_t>(),  outage_cursor_.as<int32_t>(),
                       days_.as<uint64_t>(),    workers,
                       remedies_.switch_day()};
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
