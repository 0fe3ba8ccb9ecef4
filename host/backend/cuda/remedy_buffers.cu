#include "host/backend/cuda/remedy_buffers.cuh"

#include <algorithm>
#include <type_traits>

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

constexpr size_t kAlign = 16;

size_t aligned(size_t bytes) {
  return (bytes + kAlign - 1) / kAlign * kAlign;
}

//! The arrays of one lockstep worker's GroupScratch, in elements.
struct GroupArrays {
  size_t inflow, on_order, arrivals, arrival_days, denials, outage_cursor, switch_day;
  size_t simulations, days, requests, held, tally, coordinated, stockpile_demand, quota_demand;

  size_t bytes() const {
    return aligned((inflow + on_order + arrivals + denials + held + tally) * sizeof(int64_t) +
                   (arrival_days + days + stockpile_demand + quota_demand) * sizeof(uint64_t) +
                   (outage_cursor + switch_day + requests + tally) * sizeof(int32_t) +
                   requests * sizeof(QuotaRequest) + simulations * sizeof(GroupBuyer) +
                   coordinated + 17 * kAlign);
  }
};

GroupArrays group_arrays(const ModelView& m) {
  if (m.stockpiles == 0 && m.quotas == 0) return GroupArrays{};
  const GroupSize g = group_size(m);
  const BuyerScratchSize z = buyer_scratch_size(m);
  const auto B = static_cast<size_t>(g.buyers);
  const auto s = [](int64_t v) { return static_cast<size_t>(v); };
  return GroupArrays{B * s(z.inflow),
                     B * s(z.on_order),
                     B * s(z.arrivals),
                     B * s(z.arrival_days),
                     B * s(z.denials),
                     B * s(z.outage_cursor),
                     B * s(z.switch_day),
                     B,
                     s(m.industries) * s(m.horizon + 1),
                     s(group_request_capacity(m)),
                     s(m.stockpiles),
                     s(m.quotas),
                     s(m.stockpiles + m.quotas),
                     s(stockpile_ledger_size(m)),
                     s(quota_ledger_size(m))};
}

}  // namespace

RemedyBytes remedy_bytes(const ModelView& m) {
  const auto S = static_cast<size_t>(m.stockpiles), I = static_cast<size_t>(m.industries);
  const auto M = static_cast<size_t>(m.materials), K = static_cast<size_t>(m.intervals);
  RemedyBytes b;
  if (S > 0) {
    b.per_path += S * K * sizeof(int64_t) + S * I * sizeof(int64_t) +
                  static_cast<size_t>(stockpile_ledger_size(m)) * sizeof(uint64_t);
  }
  if (m.quotas > 0) {
    b.per_path += M * sizeof(int64_t) + M * K + static_cast<size_t>(quota_ledger_size(m)) * 8;
  }
  if (S > 0 || m.quotas > 0) b.per_path += 1;
  if (any_substitution(m)) {
    b.per_path += I * M * (sizeof(int32_t) + sizeof(uint64_t));
    b.per_worker = M * sizeof(int32_t);
  }
  if (S > 0 || m.quotas > 0) b.per_group_worker = group_arrays(m).bytes();
  return b;
}

size_t RemedyBuffers::held_bytes() const {
  size_t held = 0;
  for (const DeviceBuffer* b :
       {&stockpile_held_, &stockpile_released_, &quota_denied_, &quota_binding_, &switched_buyers_,
        &switched_shortfall_, &lockstep_, &stockpile_demand_, &quota_demand_, &switch_day_,
        &group_arena_}) {
    held += b->capacity();
  }
  return held;
}

void RemedyBuffers::reserve(const ModelView& m, int64_t workers, int64_t group_workers,
                            int64_t paths, const CudaStream& stream) {
  const auto S = static_cast<size_t>(m.stockpiles), I = static_cast<size_t>(m.industries);
  const auto M = static_cast<size_t>(m.materials), K = static_cast<size_t>(m.intervals);
  const auto N = static_cast<size_t>(paths);
  stockpiles_ = S > 0;
  quotas_ = m.quotas > 0;
  substitution_ = any_substitution(m);
  const bool pools = stockpiles_ || quotas_;
  const auto grow = [](DeviceBuffer& b, size_t bytes) {
    if (bytes > b.capacity()) {
      b.release();
      b.reserve(bytes);
    }
  };
  // Buffers a model does not use keep what they hold (a later point may);
  // rows() and the ledgers leave them out.
  if (stockpiles_) {
    grow(stockpile_held_, N * S * K * sizeof(int64_t));
    grow(stockpile_released_, N * S * I * sizeof(int64_t));
    grow(stockpile_demand_, N * static_cast<size_t>(stockpile_ledger_size(m)) * sizeof(uint64_t));
  }
  if (quotas_) {
    grow(quota_denied_, N * M * sizeof(int64_t));
    grow(quota_binding_, N * M * K);
    grow(quota_demand_, N * static_cast<size_t>(quota_ledger_size(m)) * sizeof(uint64_t));
  }
  if (pools) grow(lockstep_, N);
  if (substitution_) {
    grow(switched_buyers_, N * I * M * sizeof(int32_t));
    grow(switched_shortfall_, N * I * M * sizeof(uint64_t));
    grow(switch_day_, static_cast<size_t>(workers) * M * sizeof(int32_t));
  }
  group_workers_ = pools ? std::max<int64_t>(group_workers, 1) : 0;
  group_ = GroupScratch{};
  if (!pools) return;
  // One arena for every lockstep worker: each array holds all workers' blocks
  // one after another (group_scratch_at).
  const GroupArrays a = group_arrays(m);
  const auto W = static_cast<size_t>(group_workers_);
  grow(group_arena_, W * a.bytes());
  auto* at = group_arena_.as<unsigned char>();
  const auto take = [&at, W](auto*& field, size_t elements) {
    using T = std::remove_pointer_t<std::remove_reference_t<decltype(field)>>;
    field = reinterpret_cast<T*>(at);
    at += aligned(W * elements * sizeof(T));
  };
  take(group_.buyers.inflow, a.inflow);
  take(group_.buyers.on_order, a.on_order);
  take(group_.buyers.arrivals, a.arrivals);
  take(group_.buyers.arrival_days, a.arrival_days);
  take(group_.buyers.denials, a.denials);
  take(group_.buyers.outage_cursor, a.outage_cursor);
  take(group_.buyers.switch_day, a.switch_day);
  take(group_.simulations, a.simulations);
  take(group_.days, a.days);
  take(group_.requests, a.requests);
  take(group_.picked, a.requests);
  take(group_.held, a.held);
  take(group_.tally, a.tally);
  take(group_.period, a.tally);
  take(group_.coordinated, a.coordinated);
  take(group_.stockpile_demand, a.stockpile_demand);
  take(group_.quota_demand, a.quota_demand);
  group_.buyers.stride = 1;
  // Every buyer leaves its calendar and denial ring zero; they start so.
  fill_zero(group_arena_.as<void>(), group_arena_.capacity(), stream);
}

RemedyRows RemedyBuffers::rows() const {
  RemedyRows r;
  if (stockpiles_) {
    r.stockpile_held = stockpile_held_.as<int64_t>();
    r.stockpile_released = stockpile_released_.as<int64_t>();
  }
  if (quotas_) {
    r.quota_denied = quota_denied_.as<int64_t>();
    r.quota_binding = quota_binding_.as<uint8_t>();
  }
  if (stockpiles_ || quotas_) r.lockstep = lockstep_.as<uint8_t>();
  if (substitution_) {
    r.switched_buyers = switched_buyers_.as<int32_t>();
    r.switched_shortfall = switched_shortfall_.as<uint64_t>();
  }
  return r;
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
