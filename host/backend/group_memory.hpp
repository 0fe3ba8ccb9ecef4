// Host memory behind a GroupScratch: the lockstep pass of one path at a time
// (kernels/coupled_group.hpp), one per CPU thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/coupled_group.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint {

class GroupMemory {
 public:
  //! Room for the coupled industries of model `m`, and the view of it.
  GroupScratch bind(const ModelView& m) {
    const GroupSize group = group_size(m);
    const BuyerScratchSize z = buyer_scratch_size(m);
    const auto blocks = [&group](std::vector<int64_t>& v, int64_t per) {
      v.assign(static_cast<size_t>(per * group.buyers), 0);
      return v.data();
    };
    GroupScratch g{};
    g.buyers.inflow = blocks(inflow_, z.inflow);
    g.buyers.on_order = blocks(on_order_, z.on_order);
    g.buyers.arrivals = blocks(arrivals_, z.arrivals);
    g.buyers.denials = blocks(denials_, z.denials);
    arrival_days_.assign(static_cast<size_t>(z.arrival_days * group.buyers), 0);
    g.buyers.arrival_days = arrival_days_.data();
    outage_cursor_.assign(static_cast<size_t>(z.outage_cursor * group.buyers), 0);
    g.buyers.outage_cursor = outage_cursor_.data();
    switch_day_.assign(static_cast<size_t>(z.switch_day * group.buyers), 0);
    g.buyers.switch_day = switch_day_.data();
    g.buyers.stride = 1;
    simulations_.reset(new Storage[static_cast<size_t>(group.buyers > 0 ? group.buyers : 1)]);
    g.simulations = reinterpret_cast<GroupBuyer*>(simulations_.get());
    days_.assign(static_cast<size_t>(m.industries) * (m.horizon + 1), 0);
    g.days = days_.data();
    const auto capacity = static_cast<size_t>(group_request_capacity(m));
    requests_.resize(capacity);
    picked_.resize(capacity);
    g.requests = requests_.data();
    g.picked = picked_.data();
    held_.assign(static_cast<size_t>(m.stockpiles), 0);
    tally_.assign(static_cast<size_t>(m.quotas), 0);
    period_.assign(static_cast<size_t>(m.quotas), 0);
    // Each buyer draws its licence blocks a chunk of reviews at a time, as in
    // the buyer-by-buyer pass (the same blocks either way).
    const int32_t words = licence_lane_words(m.materials);
    lanes_.assign(static_cast<size_t>(4 * words) * static_cast<size_t>(group.buyers), 0);
    g.licence_lanes = lanes_.data();
    g.licence_lane_words = words;
    g.held = held_.data();
    g.tally = tally_.data();
    g.period = period_.data();
    coordinated_.assign(static_cast<size_t>(m.stockpiles + m.quotas), 0);
    g.coordinated = coordinated_.data();
    stockpile_demand_.assign(static_cast<size_t>(stockpile_ledger_size(m)), 0);
    g.stockpile_demand = stockpile_demand_.data();
    quota_demand_.assign(static_cast<size_t>(quota_ledger_size(m)), 0);
    g.quota_demand = quota_demand_.data();
    return g;
  }

 private:
  //! Raw room for one GroupBuyer (constructed in place by the lockstep pass).
  struct Storage {
    alignas(GroupBuyer) unsigned char bytes[sizeof(GroupBuyer)];
  };
  std::vector<int64_t> inflow_, on_order_, arrivals_, denials_, held_, tally_;
  std::vector<uint64_t> arrival_days_, days_, stockpile_demand_, quota_demand_;
  std::vector<uint8_t> coordinated_;
  std::vector<int32_t> outage_cursor_, switch_day_, picked_, period_;
  std::vector<QuotaRequest> requests_;
  std::vector<uint32_t> lanes_;
  std::unique_ptr<Storage[]> simulations_;
};

}  // namespace chokepoint
