#include "chunkedloss.h"

#include <algorithm>

namespace Atelier {
namespace {

constexpr int64_t kIgnore = -100;

class LinearCrossEntropy : public torch::autograd::Function<LinearCrossEntropy> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& hidden,
                               const torch::Tensor& weight, const torch::Tensor& targets) {
    const int64_t n = hidden.size(0), rows = lossChunkRows(weight.size(0));
    torch::Tensor total = torch::zeros({}, hidden.options().dtype(torch::kFloat32));
    // log Σ exp(logits) per row, kept so backward needs no second reduction.
    torch::Tensor lse = torch::empty({n}, hidden.options().dtype(torch::kFloat32));
    for (int64_t start = 0; start < n; start += rows) {
      const int64_t len = std::min(rows, n - start);
      const torch::Tensor logits = torch::matmul(hidden.narrow(0, start, len), weight.t()).to(torch::kFloat32);
      const torch::Tensor t = targets.narrow(0, start, len);
      const torch::Tensor valid = t.ne(kIgnore);
      const torch::Tensor chunkLse = torch::logsumexp(logits, -1);
      lse.narrow(0, start, len).copy_(chunkLse);
      const torch::Tensor picked = logits.gather(1, t.clamp_min(0).unsqueeze(1)).squeeze(1);
      total += ((chunkLse - picked) * valid.to(torch::kFloat32)).sum();
    }
    ctx->save_for_backward({hidden, weight, targets, lse});
    return total;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &hidden = saved[0], &weight = saved[1], &targets = saved[2], &lse = saved[3];
    const torch::Tensor scale = grads[0].to(torch::kFloat32);
    const int64_t n = hidden.size(0), rows = lossChunkRows(weight.size(0));
    torch::Tensor gradHidden = torch::empty_like(hidden);
    torch::Tensor gradWeight;
    if (weight.requires_grad()) gradWeight = torch::zeros(weight.sizes(), weight.options().dtype(torch::kFloat32));
    for (int64_t start = 0; start < n; start += rows) {
      const int64_t len = std::min(rows, n - start);
      const torch::Tensor h = hidden.narrow(0, start, len);
      const torch::Tensor t = targets.narrow(0, start, len);
      // d loss / d logits = softmax − one_hot(target), zero on ignored rows.
      torch::Tensor g = (torch::matmul(h, weight.t()).to(torch::kFloat32) -
                         lse.narrow(0, start, len).unsqueeze(1))
                            .exp_();
      g.scatter_add_(1, t.clamp_min(0).unsqueeze(1),
                     torch::full({len, 1}, -1.0, g.options()));
      g.mul_((t.ne(kIgnore).to(torch::kFloat32) * scale).unsqueeze(1));
      const torch::Tensor gLow = g.to(hidden.scalar_type());
      gradHidden.narrow(0, start, len).copy_(torch::matmul(gLow, weight));
      if (gradWeight.defined()) gradWeight.add_(torch::matmul(gLow.t(), h).to(torch::kFloat32));
    }
    return {gradHidden, gradWeight.defined() ? gradWeight.to(weight.scalar_type()) : torch::Tensor(),
            torch::Tensor()};
  }
};

}  // namespace

int64_t lossChunkRows(int64_t vocab) { return std::max<int64_t>(1, (int64_t(1) << 25) / std::max<int64_t>(1, vocab)); }

torch::Tensor chunkedLinearCrossEntropy(const torch::Tensor& hidden, const torch::Tensor& weight,
                                        const torch::Tensor& targets) {
  return LinearCrossEntropy::apply(hidden, weight, targets);
}

}  // namespace Atelier
