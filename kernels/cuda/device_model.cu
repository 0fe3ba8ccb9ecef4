#include "kernels/cuda/device_model.cuh"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <type_traits>

#include "kernels/cuda/aggregate_fields.hpp"

namespace chokepoint::CHOKEPOINT_DEVICE_NAMESPACE {

namespace {

// Device arrays start on 16-byte boundaries, enough for every element type.
constexpr size_t kAlignment = 16;

size_t align_up(size_t bytes) {
  return (bytes + kAlignment - 1) / kAlignment * kAlignment;
}

// Every field of ModelView, in declaration order: ARRAY(field, count) for an
// array the device copy must carry (count: its elements, from the locals of
// for_each_array below), VALUE(field) for what travels inside the view itself.
// Adding a field to ModelView fails the static_asserts below until it is
// listed here, at its place: one line, ARRAY(new_array, I * M) or
// VALUE(new_scalar).
#define CHOKEPOINT_MODEL_VIEW_FIELDS(ARRAY, VALUE) \
  VALUE(seed)                                      \
  VALUE(horizon)                                   \
  VALUE(report_interval)                           \
  VALUE(intervals)                                 \
  VALUE(regimes)                                   \
  VALUE(industries)                                \
  VALUE(materials)                                 \
  VALUE(events)                                    \
  VALUE(warmup_days)                               \
  VALUE(shortage_threshold)                        \
  ARRAY(cdf_pool, pools.cdf)                       \
  ARRAY(cdf_bits_pool, pools.cdf)                  \
  ARRAY(guide_pool, pools.guide)                   \
  ARRAY(initial_cdf, R)                            \
  ARRAY(leave_prob, R)                             \
  ARRAY(leave_bits, R)                             \
  ARRAY(next_cdf, R* R)                            \
  ARRAY(gl_honoured, R)                            \
  ARRAY(inspection_prob, R)                        \
  ARRAY(inspection_bits, R)                        \
  ARRAY(inspection_days, R)                        \
  ARRAY(licence, R* I* M)                          \
  ARRAY(approval_prob, R* I* M)                    \
  ARRAY(approval_bits, R* I* M)                    \
  ARRAY(review_days, R* I* M)                      \
  ARRAY(event_day, E)                              \
  ARRAY(event_to, E)                               \
  ARRAY(event_prob, E)                             \
  ARRAY(event_from, E* R)                          \
  ARRAY(outage_start_prob, M)                      \
  ARRAY(outage_start_bits, M)                      \
  ARRAY(outage_duration, M)                        \
  ARRAY(alt_capacity, M* D)                        \
  VALUE(gl_grant_prob)                             \
  VALUE(gl_review_days)                            \
  VALUE(gl_validity_days)                          \
  VALUE(gl_renew_before_days)                      \
  VALUE(gl_retry_days)                             \
  ARRAY(buyers, I)                                 \
  ARRAY(review_period, I)                          \
  ARRAY(transit_days, I)                           \
  ARRAY(gl_adoption, I)                            \
  ARRAY(need, I* M)                                \
  ARRAY(china_share, I* M)                         \
  ARRAY(initial_stock, I* M)                       \
  ARRAY(target_stock, I* M)                        \
  ARRAY(needed, I* M)                              \
  ARRAY(needed_count, I)                           \
  ARRAY(initial_units, I* M)                       \
  ARRAY(target_units, I* M)                        \
  ARRAY(service_order, I)                          \
  ARRAY(substitution_delay, I* M)                  \
  ARRAY(substitution_factor, I* M)                 \
  ARRAY(tonnes_per_unit, I* M)                     \
  ARRAY(coupled, I)                                \
  VALUE(stockpiles)                                \
  ARRAY(stockpile_material, S)                     \
  ARRAY(stockpile_tonnes, S)                       \
  ARRAY(stockpile_release_cap, S)                  \
  ARRAY(stockpile_refill, S)                       \
  ARRAY(stockpile_releases, S* R)                  \
  ARRAY(stockpile_refills, S* R)                   \
  ARRAY(stockpile_serves, S* I)                    \
  ARRAY(first_stockpile, I* M)                     \
  ARRAY(releasing_stockpile, R* I* M)              \
  VALUE(quotas)                                    \
  ARRAY(quota_material, Q)                         \
  ARRAY(quota_tonnes, Q)                           \
  ARRAY(quota_slack, Q)                            \
  ARRAY(quota_period, Q)                           \
  ARRAY(quota_in, R* M)                            \
  VALUE(lockstep_every_pool)                       \
  VALUE(calendar_days)                             \
  VALUE(denial_slots)                              \
  VALUE(regime_capacity)                           \
  VALUE(outage_capacity)

// Each field listed is an array exactly when ModelView declares a pointer.
#define CHOKEPOINT_IS_ARRAY(field, count)                      \
  static_assert(std::is_pointer_v<decltype(ModelView::field)>, \
                "ModelView::" #field " is listed as ARRAY but is not a pointer");
#define CHOKEPOINT_IS_VALUE(field)                              \
  static_assert(!std::is_pointer_v<decltype(ModelView::field)>, \
                "ModelView::" #field " is a pointer: list it as ARRAY(" #field ", count)");
CHOKEPOINT_MODEL_VIEW_FIELDS(CHOKEPOINT_IS_ARRAY, CHOKEPOINT_IS_VALUE)
#undef CHOKEPOINT_IS_ARRAY
#undef CHOKEPOINT_IS_VALUE

// As many fields listed as ModelView has, at increasing offsets (so each
// once, in declaration order): the list names every field.
#define CHOKEPOINT_ARRAY_OFFSET(field, count) offsetof(ModelView, field),
#define CHOKEPOINT_VALUE_OFFSET(field) offsetof(ModelView, field),
constexpr size_t kListedOffsets[] = {
    CHOKEPOINT_MODEL_VIEW_FIELDS(CHOKEPOINT_ARRAY_OFFSET, CHOKEPOINT_VALUE_OFFSET)};
#undef CHOKEPOINT_ARRAY_OFFSET
#undef CHOKEPOINT_VALUE_OFFSET

constexpr bool increasing(const size_t* offsets, size_t n) {
  for (size_t k = 1; k < n; ++k) {
    if (offsets[k] <= offsets[k - 1]) return false;
  }
  return true;
}
constexpr size_t kListedFields = sizeof kListedOffsets / sizeof kListedOffsets[0];
static_assert(std::is_standard_layout_v<ModelView>, "offsetof needs a standard-layout ModelView");
static_assert(aggregate_fields<ModelView>() == kListedFields,
              "ModelView's fields and CHOKEPOINT_MODEL_VIEW_FIELDS differ: list every field, "
              "arrays with their element count, or kernels read host pointers");
static_assert(increasing(kListedOffsets, kListedFields),
              "CHOKEPOINT_MODEL_VIEW_FIELDS must list ModelView's fields once each, in "
              "declaration order");

//! Calls f(field, count) for every array of the view, with its element count.
template <typename F>
void for_each_array(ModelView& v, const PoolSizes& pools, F&& f) {
  const int64_t R = v.regimes, I = v.industries, M = v.materials, E = v.events;
  const int64_t D = simulated_days(v), S = v.stockpiles, Q = v.quotas;
#define CHOKEPOINT_VISIT_ARRAY(field, count) f(v.field, count);
#define CHOKEPOINT_SKIP_VALUE(field)
  CHOKEPOINT_MODEL_VIEW_FIELDS(CHOKEPOINT_VISIT_ARRAY, CHOKEPOINT_SKIP_VALUE)
#undef CHOKEPOINT_VISIT_ARRAY
#undef CHOKEPOINT_SKIP_VALUE
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

const ModelView& DeviceModel::upload(const ModelView& host, const CudaStream& stream) {
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
