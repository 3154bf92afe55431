#include "dpoloss.h"

namespace Atelier {

DpoLossResult dpoLoss(const torch::Tensor& policyChosen, const torch::Tensor& policyRejected,
                      const torch::Tensor& referenceChosen, const torch::Tensor& referenceRejected,
                      const DpoLossOptions& options) {
  namespace F = torch::nn::functional;
  // Computed in float64 whatever the inputs: sums of hundreds of log-probs lose
  // the small differences DPO depends on in bf16/f16.
  const auto pc = policyChosen.to(torch::kFloat64), pr = policyRejected.to(torch::kFloat64);
  const auto rc = referenceChosen.detach().to(torch::kFloat64), rr = referenceRejected.detach().to(torch::kFloat64);
  const torch::Tensor logits = (pc - pr) - (rc - rr);
  const double beta = options.beta, eps = options.labelSmoothing;
  torch::Tensor losses = -F::logsigmoid(beta * logits) * (1.0 - eps);
  if (eps > 0) losses = losses - F::logsigmoid(-beta * logits) * eps;
  DpoLossResult r;
  r.loss = losses.mean().to(policyChosen.scalar_type());
  r.chosenRewards = (beta * (pc - rc)).detach();
  r.rejectedRewards = (beta * (pr - rr)).detach();
  r.rewardMargin = (r.chosenRewards - r.rejectedRewards).mean().item<double>();
  r.accuracy = (r.chosenRewards > r.rejectedRewards).to(torch::kFloat64).mean().item<double>();
  return r;
}

}  // namespace Atelier
