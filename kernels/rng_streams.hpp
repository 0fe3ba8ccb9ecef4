// Every random stream of the model, in one place (cf. HOOMD's RNGIdentifiers.h).
//
// A draw is one Philox4x32-10 block: key = the 64-bit seed; counter =
// (day | stream << 16, entity, path id low, path id high). The day is the
// model's day number t, negative during the warm-up, as a 16-bit two's
// complement field: days 0 .. 32767 keep the bits they always had, and days
// -32768 .. -1 take 0x8000 .. 0xffff, which no day >= 0 uses. Draws are keyed
// by days the path simulates, -W .. T-1 with W, T <= 3650, so the field never
// wraps, and a path's days >= 0 draw the same numbers whatever W is. Each (stream,
// entity, day) is used at most once per path, so no generator state is kept:
// a path's draws depend only on (seed, path id, stream, entity, day) — not on
// threads, batches, devices, ranks or sweep points (common random numbers).
// The layout matches cuRAND's Philox: curand_init(seed, subsequence = path id,
// offset = 4 * (day | stream << 16 | entity << 32)) yields the same block.
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"
#include "kernels/philox.hpp"

namespace chokepoint {

//! Purposes of random draws. Values are part of the results' reproducibility:
//! never renumber them.
enum class Stream : uint32_t {
  kRegime = 1,  //!< entity 0; x: leave the regime, y: next regime / initial regime (day 0)
  kEvent = 2,   //!< entity = event index; x: does the event fire
  kOutage = 3,  //!< entity = material; x: does an outage start, y: its duration
  kGlAdoption =
      4,  //!< entity = buyer key; day 0 (whatever the warm-up); x: does the buyer adopt GLs
  kGlApplication = 5,  //!< entity = buyer key; day = application day; x: review, y: grant
  kLicence = 6,        //!< entity = buyer-material key; day = order day;
                       //!< x: review, y: approval, z: inspection, w: inspection delay
};

//! Entity key of a buyer: industries up to 2^19, buyers up to 4096.
CHOKEPOINT_HD uint32_t buyer_key(uint32_t industry, uint32_t buyer) {
  return (industry << 12) | buyer;
}

//! Entity key of a buyer's material (materials up to 256, industries up to 2^11).
CHOKEPOINT_HD uint32_t buyer_material_key(uint32_t industry, uint32_t buyer, uint32_t material) {
  return (((industry << 12) | buyer) << 8) | material;
}

//! Four uniform variates in (0, 1): (k + 0.5) * 2^-32, exact in double.
struct Uniform4 {
  double x, y, z, w;
};

CHOKEPOINT_HD double to_unit(uint32_t bits) {
  return (static_cast<double>(bits) + 0.5) * 0x1p-32;
}

//! The comparison to_unit(bits) < p as one on the bits: to_unit(bits) < p
//! <=> bits + 0.5 < p 2^32 <=> bits < ceil(p 2^32 - 0.5), where p 2^32 and
//! the subtraction are exact in double (p in [0, 1]), so the threshold is
//! exact: to_unit(b) < p <=> b < unit_threshold(p) for every 32-bit b.
inline uint64_t unit_threshold(double p) {
  const double edge = p * 0x1p32 - 0.5;
  if (!(edge > 0)) return 0;
  if (edge >= 0x1p32) return uint64_t{1} << 32;
  const auto whole = static_cast<uint64_t>(edge);
  return static_cast<double>(whole) == edge ? whole : whole + 1;
}

//! The 16-bit day field of a counter: two's complement of the day number t.
CHOKEPOINT_HD uint32_t day_field(int32_t day) {
  return static_cast<uint32_t>(day) & 0xffffu;
}

//! The counter of (path, stream, entity, day) (the layout above).
CHOKEPOINT_HD Philox4x32 stream_counter(uint64_t path, Stream stream, uint32_t entity,
                                        int32_t day) {
  return Philox4x32{{day_field(day) | (static_cast<uint32_t>(stream) << 16), entity,
                     static_cast<uint32_t>(path), static_cast<uint32_t>(path >> 32)}};
}

//! The block of (seed, path, stream, entity, day), as bits.
CHOKEPOINT_HD Philox4x32 draw_bits(uint64_t seed, uint64_t path, Stream stream, uint32_t entity,
                                   int32_t day) {
  const Philox4x32 ctr = stream_counter(path, stream, entity, day);
  const uint32_t key[2] = {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  return philox4x32_10(ctr.v, key);
}

//! The block of (seed, path, stream, entity, day), as four uniforms.
CHOKEPOINT_HD Uniform4 draw(uint64_t seed, uint64_t path, Stream stream, uint32_t entity,
                            int32_t day) {
  const Philox4x32 b = draw_bits(seed, path, stream, entity, day);
  return Uniform4{to_unit(b.v[0]), to_unit(b.v[1]), to_unit(b.v[2]), to_unit(b.v[3])};
}

}  // namespace chokepoint
