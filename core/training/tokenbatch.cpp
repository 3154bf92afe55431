#include "tokenbatch.h"

namespace Atelier {

TokenBatch collateExamples(const std::vector<TokenizedExample>& examples, const std::vector<int>& rows, int padId,
                           const torch::Device& device) {
  size_t length = 0;
  for (int r : rows) length = std::max(length, examples[r].ids.size());
  const int64_t b = int64_t(rows.size()), l = int64_t(length);
  torch::Tensor ids = torch::full({b, l}, int64_t(padId), torch::kInt64);
  torch::Tensor labels = torch::full({b, l}, int64_t(-100), torch::kInt64);
  auto idsA = ids.accessor<int64_t, 2>();
  auto labelsA = labels.accessor<int64_t, 2>();
  TokenBatch batch;
  for (int64_t i = 0; i < b; ++i) {
    const TokenizedExample& e = examples[rows[i]];
    for (size_t j = 0; j < e.ids.size(); ++j) {
      idsA[i][j] = e.ids[j];
      if (e.learn[j]) {
        labelsA[i][j] = e.ids[j];
        ++batch.learned;
      }
    }
    batch.tokens += qint64(e.ids.size()) - 1;
  }
  batch.inputs = ids.narrow(1, 0, l - 1).to(device);
  batch.targets = labels.narrow(1, 1, l - 1).contiguous().to(device);
  return batch;
}

}  // namespace Atelier
