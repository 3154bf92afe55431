#pragma once
// The language-model loss without the [tokens, vocab] logits: the output
// projection and cross-entropy run together, a block of rows at a time. For a
// 32k vocabulary and 8k tokens that is 2-3 GB of float32 logits, softmax and
// gradient never held at once. When a gradient will be needed it is computed
// in the same pass (for a loss gradient of 1) and backward only scales it.

#include <torch/torch.h>

namespace Atelier {

// Σ over rows with target ≠ -100 of −log softmax(hidden·weightᵀ)[target],
// as float32. hidden [N, H] and weight [V, H] of one type (the products run in
// it, as in CausalLM::forward), targets [N] int64. Gradients flow to hidden,
// and to weight if it requires them.
torch::Tensor chunkedLinearCrossEntropy(const torch::Tensor& hidden, const torch::Tensor& weight,
                                        const torch::Tensor& targets);

// Rows per block: about 32 M logits (128 MB of float32) at a time.
int64_t lossChunkRows(int64_t vocab);

}  // namespace Atelier
