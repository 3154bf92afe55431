#pragma once

#include <cstdint>
#include <vector>

namespace Atelier {

// The order in which a run visits its examples: a fresh shuffle every epoch,
// a pure function of (seed, epoch), so a resumed run finds its place again
// from the epoch and the micro-batch index alone. Written out (Fisher–Yates
// over splitmix64) rather than std::shuffle, whose results differ between
// standard libraries.
std::vector<int> epochOrder(int examples, uint64_t seed, int epoch);

// Micro-batches of `batchSize` indices of `order`, the last one possibly short.
std::vector<std::vector<int>> microBatches(const std::vector<int>& order, int batchSize);

}  // namespace Atelier
