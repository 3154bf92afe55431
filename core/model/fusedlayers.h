#pragma once

// Hand-written forward and backward passes for the three places where plain
// autograd spends most of a LoRA training step outside the matrix products
// (profile of `atelier bench train` on CPU: gradient sums of shared inputs,
// the copy inside addmm, masked_fill and the score division, the repeated
// key/value heads, and rotate-half's slices and concatenations).
// Each is checked against plain autograd in tst_fusedlayers.

#include <torch/torch.h>

#include <vector>

namespace Atelier {

// One projection of an input that several projections share:
// y = x·Wᵀ + bias + scaling·(dropout(x)·Aᵀ)·Bᵀ. loraA/loraB undefined: no adapter.
struct ProjectionWeights {
  torch::Tensor weight, bias, loraA, loraB;
  double scaling = 0.0;
  double dropout = 0.0;
};

// The frozen-base case: weight and bias must not require gradients (callers
// check with canFuseProjections). The input's gradient is one accumulated sum
// over all projections; each adapter's gradients come out in its own dtype
// (float32 for trained adapters) while the products run in x's dtype.
// Dropout draws the same masks as torch::dropout would, in projection order.
std::vector<torch::Tensor> projectShared(const torch::Tensor& x, const std::vector<ProjectionWeights>& projections,
                                         bool training);
bool canFuseProjections(const std::vector<ProjectionWeights>& projections);

// Applies rotary embeddings to x [B, heads, T, D] (any strides) with cos/sin
// [T, D] (both halves equal, as RotaryEmbedding makes them). The result is
// contiguous [B, heads, T, D], the layout causalAttention reads without a copy.
torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

// silu(gate)·up, the gated MLP's activation, keeping only its two inputs for
// backward (see the .cpp for the per-device arithmetic).
torch::Tensor swiGlu(const torch::Tensor& gate, const torch::Tensor& up);

// softmax(q·kᵀ/√D + causal mask)·v for q [B, H, T, D] and k, v [B, KV, T, D]
// with H a multiple of KV (grouped-query attention): the query heads of one
// key/value head run as one batched product, so keys and values are never
// repeated. Returns [B, H, T, D].
torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);

}  // namespace Atelier
