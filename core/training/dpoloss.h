#pragma once
// The DPO objective (Rafailov et al. 2023) on sequence log-probabilities, as
// TRL's "sigmoid" loss: for a batch of pairs,
//   logits = (pi_chosen - pi_rejected) - (ref_chosen - ref_rejected)
//   loss   = mean(-logsigmoid(beta*logits)*(1-eps) - logsigmoid(-beta*logits)*eps)
// with eps the label smoothing (conservative DPO; 0 = plain DPO). The implicit
// rewards beta*(pi - ref) of chosen and rejected answers, their margin and the
// share of pairs where the chosen reward is higher are the curves the Train
// page draws. Internal (torch).

#include <torch/torch.h>

namespace Atelier {

struct DpoLossOptions {
  double beta = 0.1;
  double labelSmoothing = 0.0;
};

struct DpoLossResult {
  torch::Tensor loss;             // scalar, differentiable w.r.t. the policy log-probs
  torch::Tensor chosenRewards;    // [batch], detached
  torch::Tensor rejectedRewards;  // [batch], detached
  double rewardMargin = 0;        // mean(chosen - rejected)
  double accuracy = 0;            // share of pairs with chosen reward > rejected reward
};

// All four tensors are [batch] sums of answer-token log-probabilities; the
// reference ones carry no gradient (the same model with the adapter off).
DpoLossResult dpoLoss(const torch::Tensor& policyChosen, const torch::Tensor& policyRejected,
                      const torch::Tensor& referenceChosen, const torch::Tensor& referenceRejected,
                      const DpoLossOptions& options);

}  // namespace Atelier
