#pragma once
// The run around a training objective, shared by every recipe (SFT, DPO,
// reward model): device and precision, LoRA, AdamW, the learning-rate
// schedule, gradient accumulation and clipping, evaluation with early
// stopping and the best adapter, checkpoints with exact resume, stop on
// request, running-out-of-GPU-memory recovery, and the events. Internal (torch).

#include "model/causallm.h"
#include "training/sftconfig.h"
#include "training/sfttrainer.h"

#include <map>
#include <string>
#include <vector>

namespace Atelier {

// What the objective adds up over the rows of a window or of the validation
// split: tokens processed and named sums that become mean metrics.
struct LossTally {
  qint64 tokens = 0;
  std::map<std::string, double> sums;
};

// One recipe's loss. Rows index its training or validation units: sequences
// for SFT, preference pairs for DPO and the reward model.
class TrainingObjective {
 public:
  virtual ~TrainingObjective() = default;
  virtual int trainSize() const = 0;
  virtual int valSize() const = 0;
  // Adds what the recipe trains besides LoRA (a reward head) to a fresh model.
  virtual void addHeads(CausalLM& /*model*/) {}
  // A row's length in tokens as batched (a pair: its longer sequence), for
  // grouping rows of similar length into micro-batches.
  virtual int64_t length(int row, bool validation) const = 0;
  // What `rows` weigh in the mean loss: learned tokens (SFT) or pairs.
  virtual double weight(const std::vector<int>& rows, bool validation) const = 0;
  // The summed (not averaged) loss of `rows`; adds to `tally`. Under a no-grad
  // guard for validation.
  virtual torch::Tensor summedLoss(CausalLM& model, const std::vector<int>& rows, bool validation,
                                   const torch::Device& device, LossTally* tally) = 0;
  // Adds the metrics of a tally to a step event, or ("val_" names) to an eval
  // event, which already holds "val_loss". `weight` is the tally's total weight.
  virtual void addMetrics(const LossTally& tally, double weight, bool validation, QJsonObject* event) const = 0;
};

// Runs (or resumes) a recipe; see trainSft for the folders it writes.
RunOutcome runTraining(const SftConfig& config, TrainingObjective& objective, const SftRunControl& control,
                       const EventSink& emit, QJsonObject* summary, QString* error);

}  // namespace Atelier
