#include "kernels/cuda/device_model.cuh"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

// Device arrays start on 16-byte boundaries, enough for every element type.
constexpr size_t kAlignment = 16;

size_t align_up(size_t bytes) {
  return (bytes + kAlignment - 1) / kAlignment * kAlignment;
}

// A field added to ModelView must be added below too, or kernels would read a
// host pointer: this assertion fails first (the view has 54 arrays today).
static_assert(sizeof(ModelView) == 552, "ModelView changed: update for_each_array and pool_sizes");

//! Calls f(field, count) for every array of the view, with its element count.
template <typename F>
void for_each_array(ModelView& v, const PoolSizes& pools, F&& f) {
  const int64_t R = v.regimes, I = v.industries, M = v.materials, E = v.events;
  f(v.cdf_pool, pools.cdf);
  f(v.cdf_bits_pool, pools.cdf);
  f(v.guide_pool, pools.guide);
  f(v.initial_cdf, R);
  f(v.leave_prob, R);
  f(v.leave_bits, R);
  f(v.next_cdf, R * R);
  f(v.gl_honoured, R);
  f(v.inspection_prob, R);
  f(v.inspection_bits, R);
  f(v.inspection_days, R);
  f(v.licence, R * I * M);
  f(v.approval_prob, R * I * M);
  f(v.approval_bits, R * I * M);
  f(v.review_days, R * I * M);
  f(v.event_day, E);
  f(v.event_to, E);
  f(v.event_prob, E);
  f(v.event_from, E * R);
  f(v.outage_start_prob, M);
  f(v.outage_start_bits, M);
  f(v.outage_duration, M);
  f(v.alt_capacity, M * simulated_days(v));
  f(v.buyers, I);
  f(v.review_period, I);
  f(v.transit_days, I);
  f(v.gl_adoption, I);
  f(v.need, I * M);
  f(v.china_share, I * M);
  f(v.initial_stock, I * M);
  f(v.target_stock, I * M);
  f(v.initial_units, I * M);
  f(v.target_units, I * M);
  f(v.needed, I * M);
  f(v.needed_count, I);
  f(v.service_order, I);
  f(v.substitution_delay, I * M);
  f(v.substitution_factor, I * M);
  f(v.tonnes_per_unit, I * M);
  f(v.coupled, I);
  const int64_t S = v.stockpiles, Q = v.quotas;
  f(v.stockpile_material, S);
  f(v.stockpile_tonnes, S);
  f(v.stockpile_release_cap, S);
  f(v.stockpile_refill, S);
  f(v.stockpile_releases, S * R);
  f(v.stockpile_refills, S * R);
  f(v.stockpile_serves, S * I);
  f(v.first_stockpile, I * M);
  f(v.quota_material, Q);
  f(v.quota_tonnes, Q);
  f(v.quota_slack, Q);
  f(v.quota_period, Q);
  f(v.quota_in, R * M);
}

}  // namespace

PoolSizes pool_sizes(const ModelView& host) {
  PoolSizes sizes;
  const auto cover = [&sizes](const DayTable& t) {
    sizes.cdf = std::max(sizes.cdf, int64_t{t.start} + t.size);
    sizes.guide = std::max(sizes.guide, int64_t{t.guide} + (int64_t{1} << t.guide_bits));
  };
  const int64_t R = host.regimes, I = host.industries, M = host.materials;
  for (int64_t k = 0; k < R; ++k) cover(host.inspection_days[k]);
  for (int64_t k = 0; k < R * I * M; ++k) cover(host.review_days[k]);
  for (int64_t k = 0; k < M; ++k) cover(host.outage_duration[k]);
  cover(host.gl_review_days);
  return sizes;
}

const ModelView& DeviceModel::upload(const ModelView& host, const Stream& stream) {
  const PoolSizes pools = pool_sizes(host);
  ModelView view = host;

  size_t total = 0;
  for_each_array(view, pools, [&total](auto& field, int64_t count) {
    using T = std::remove_const_t<std::remove_pointer_t<std::decay_t<decltype(field)>>>;
    total += align_up(static_cast<size_t>(count) * sizeof(T));
  });
  arena_.reserve(std::max<size_t>(total, kAlignment));
  staging_.assign(total, 0);

  unsigned char* device_base = arena_.as<unsigned char>();
  size_t offset = 0;
  for_each_array(view, pools, [&](auto& field, int64_t count) {
    using T = std::remove_const_t<std::remove_pointer_t<std::decay_t<decltype(field)>>>;
    const size_t bytes = static_cast<size_t>(count) * sizeof(T);
    if (bytes == 0) {
      field = nullptr;  // e.g. no events: never read
      return;
    }
    std::memcpy(staging_.data() + offset, field, bytes);
    field = reinterpret_cast<const T*>(device_base + offset);
    offset += align_up(bytes);
  });
  if (total > 0) {
    copy_to_device(device_base, staging_.data(), total, stream);
    // The staging copy is reused by the next upload: wait until it has been read.
    stream.synchronize();
  }
  view_ = view;
  return view_;
}

}  // namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE
