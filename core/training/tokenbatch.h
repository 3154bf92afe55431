#pragma once
// Tokenized examples as padded tensors for one forward pass. Internal (torch).

#include "training/sftexamples.h"

#include <torch/torch.h>

#include <vector>

namespace Atelier {

struct TokenBatch {
  torch::Tensor inputs;   // [B, L-1] int64: every token but the last of each row
  torch::Tensor targets;  // [B, L-1] int64: the next token where it is learned, else -100
  qint64 tokens = 0;      // real (not padding) input tokens
  qint64 learned = 0;     // tokens the loss counts
};

// Right padding: under a causal mask no real token ever sees a pad, so no
// attention mask is needed.
TokenBatch collateExamples(const std::vector<TokenizedExample>& examples, const std::vector<int>& rows, int padId,
                           const torch::Device& device);

}  // namespace Atelier
