// A check of the stream layout against cuRAND itself: on the GPU, cuRAND's
// documented device API (curand_init + curand4 on curandStatePhilox4_32_10_t)
// must give, for every key, the block that draw() computes. The tests compare
// the two; builds without CUDA provide a stub that throws BackendError.
#pragma once

#include <cstdint>
#include <vector>

namespace chokepoint {

//! For each path id, the four 32-bit words that cuRAND returns on the current
//! GPU after curand_init(seed, subsequence = path, offset = 4 * (day | stream << 16
//! | entity << 32)) — 4 words per path, in order.
std::vector<uint32_t> cuda_philox_probe(uint64_t seed, const std::vector<uint64_t>& paths,
                                        uint32_t stream, uint32_t entity, uint32_t day);

}  // namespace chokepoint
