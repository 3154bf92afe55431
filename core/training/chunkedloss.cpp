#include "chunkedloss.h"

#include <algorithm>

namespace Atelier {
namespace {

constexpr int64_t kIgnore = -100;

// d loss / d logits of a block = softmax − one_hot(target), zero on ignored
// rows (valid: 1 or 0 per row, float32), as float32 [len, vocab].
torch::Tensor logitGradient(const torch::Tensor& logits, const torch::Tensor& lse, const torch::Tensor& targets,
                            const torch::Tensor& valid) {
  torch::Tensor g = (logits - lse.unsqueeze(1)).exp_();
  g.scatter_add_(1, targets.clamp_min(0).unsqueeze(1), torch::full({g.size(0), 1}, -1.0, g.options()));
  g.mul_(valid.unsqueeze(1));
  return g;
}

class LinearCrossEntropy : public torch::autograd::Function<LinearCrossEntropy> {
 public:
  // When a gradient will be wanted, it is computed here from the logits this
  // pass has anyway, for a gradient of 1 on the loss; backward only scales it
  // instead of redoing the logits GEMM, the exp and the casts (on 2 CPU cores
  // `bench train` went from a median 5410 to 6153 tokens/s).
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& hidden,
                               const torch::Tensor& weight, const torch::Tensor& targets) {
    const int64_t n = hidden.size(0), rows = lossChunkRows(weight.size(0));
    const bool wantHidden = hidden.requires_grad(), wantWeight = weight.requires_grad();
    torch::Tensor total = torch::zeros({}, hidden.options().dtype(torch::kFloat32));
    torch::Tensor gradHidden, gradWeight;
    if (wantHidden) gradHidden = torch::empty_like(hidden);
    if (wantWeight) gradWeight = torch::zeros(weight.sizes(), weight.options().dtype(torch::kFloat32));
    for (int64_t start = 0; start < n; start += rows) {
      const int64_t len = std::min(rows, n - start);
      const torch::Tensor h = hidden.narrow(0, start, len);
      const torch::Tensor logits = torch::matmul(h, weight.t()).to(torch::kFloat32);
      const torch::Tensor t = targets.narrow(0, start, len);
      const torch::Tensor valid = t.ne(kIgnore).to(torch::kFloat32);
      const torch::Tensor lse = torch::logsumexp(logits, -1);
      const torch::Tensor picked = logits.gather(1, t.clamp_min(0).unsqueeze(1)).squeeze(1);
      total += ((lse - picked) * valid).sum();
      if (!wantHidden && !wantWeight) continue;
      const torch::Tensor gLow = logitGradient(logits, lse, t, valid).to(hidden.scalar_type());
      if (wantHidden) gradHidden.narrow(0, start, len).copy_(torch::matmul(gLow, weight));
      if (wantWeight) gradWeight.add_(torch::matmul(gLow.t(), h).to(torch::kFloat32));
    }
    ctx->save_for_backward({gradHidden, gradWeight});
    ctx->saved_data["hidden_type"] = int64_t(hidden.scalar_type());
    ctx->saved_data["weight_type"] = int64_t(weight.scalar_type());
    return total;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &gradHidden = saved[0], &gradWeight = saved[1];
    // The scale in float32: as a bf16 number 1/937 would be off by 0.3%.
    const torch::Tensor scale = grads[0].to(torch::kFloat32);
    const auto scaled = [&](const torch::Tensor& g, const char* type) {
      if (!g.defined()) return torch::Tensor();
      return (g.to(torch::kFloat32) * scale).to(torch::ScalarType(ctx->saved_data[type].toInt()));
    };
    return {scaled(gradHidden, "hidden_type"), scaled(gradWeight, "weight_type"), torch::Tensor()};
  }
};

}  // namespace

int64_t lossChunkRows(int64_t vocab) { return std::max<int64_t>(1, (int64_t(1) << 25) / std::max<int64_t>(1, vocab)); }

torch::Tensor chunkedLinearCrossEntropy(const torch::Tensor& hidden, const torch::Tensor& weight,
                                        const torch::Tensor& targets) {
  return LinearCrossEntropy::apply(hidden, weight, targets);
}

}  // namespace Atelier
