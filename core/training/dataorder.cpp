#include "dataorder.h"

#include <algorithm>
#include <numeric>

namespace Atelier {

namespace {

uint64_t splitmix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

std::vector<int> epochOrder(int examples, uint64_t seed, int epoch) {
  std::vector<int> order(std::max(examples, 0));
  std::iota(order.begin(), order.end(), 0);
  uint64_t state = seed * 0x2545F4914F6CDD1DULL + uint64_t(epoch) + 1;
  for (int i = int(order.size()) - 1; i > 0; --i) {
    // Rejection keeps the choice uniform (no modulo bias).
    const uint64_t bound = uint64_t(i) + 1;
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t r;
    do r = splitmix64(&state);
    while (r >= limit);
    std::swap(order[i], order[r % bound]);
  }
  return order;
}

std::vector<std::vector<int>> microBatches(const std::vector<int>& order, int batchSize) {
  std::vector<std::vector<int>> out;
  for (size_t i = 0; i < order.size(); i += batchSize)
    out.emplace_back(order.begin() + i, order.begin() + std::min(order.size(), i + batchSize));
  return out;
}

std::vector<std::vector<int>> lengthGrouped(const std::vector<std::vector<int>>& batches, int batchSize,
                                            const std::function<int64_t(int)>& length, int64_t tokenBudget) {
  std::vector<int> rows;
  for (const auto& b : batches) rows.insert(rows.end(), b.begin(), b.end());
  std::vector<int64_t> lengths(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) lengths[i] = length(rows[i]);
  std::vector<size_t> byLength(rows.size());
  std::iota(byLength.begin(), byLength.end(), size_t(0));
  std::stable_sort(byLength.begin(), byLength.end(), [&](size_t a, size_t b) { return lengths[a] > lengths[b]; });
  std::vector<std::vector<int>> out;
  for (size_t i = 0; i < byLength.size();) {
    // The first row is the longest: it sets the padded length of the batch.
    const int64_t longest = std::max<int64_t>(lengths[byLength[i]], 1);
    const size_t capacity = size_t(std::max<int64_t>(std::max(batchSize, 1), tokenBudget / longest));
    std::vector<int> batch;
    for (; i < byLength.size() && batch.size() < capacity; ++i) batch.push_back(rows[byLength[i]]);
    out.push_back(std::move(batch));
  }
  return out;
}

}  // namespace Atelier
