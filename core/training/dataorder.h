#pragma once

#include <cstdint>
#include <functional>
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

// The rows of `batches` (one optimizer step's micro-batches, or a whole
// evaluation) regrouped by length, longest first, so little of each batch is
// padding and running out of memory shows on the first one. A micro-batch
// holds `batchSize` rows, or more short ones as long as its padded size stays
// within `tokenBudget` (0: no budget); with the budget at batchSize × the
// sequence length, no micro-batch is larger than the largest one the settings
// already allow. A step's gradient is unchanged: its mean is taken over the
// whole window whatever the split. Equal lengths keep their order, so the
// grouping is as reproducible as the order itself.
std::vector<std::vector<int>> lengthGrouped(const std::vector<std::vector<int>>& batches, int batchSize,
                                            const std::function<int64_t(int)>& length, int64_t tokenBudget = 0);

}  // namespace Atelier
