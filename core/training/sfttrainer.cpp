#include "sfttrainer.h"

#include "training/chunkedloss.h"
#include "training/tokenbatch.h"
#include "training/trainingrun.h"

#include <cmath>

namespace Atelier {

namespace {

// Next-token cross-entropy on the learned tokens; the mean is per learned token
// over the whole window, so long and short examples count by their tokens.
class SftObjective : public TrainingObjective {
 public:
  SftObjective(const SftData& data, int padId) : mData(data), mPadId(padId) {}

  int trainSize() const override { return int(mData.train.size()); }
  int valSize() const override { return int(mData.val.size()); }
  int64_t length(int row, bool validation) const override {
    return int64_t((validation ? mData.val : mData.train)[row].ids.size());
  }

  double weight(const std::vector<int>& rows, bool validation) const override {
    const auto& examples = validation ? mData.val : mData.train;
    double learned = 0;
    for (int r : rows) learned += examples[r].learnedTokens();
    return learned;
  }

  torch::Tensor summedLoss(CausalLM& model, const std::vector<int>& rows, bool validation,
                           const torch::Device& device, LossTally* tally) override {
    const TokenBatch batch = collateExamples(validation ? mData.val : mData.train, rows, mPadId, device);
    tally->tokens += batch.tokens;
    const torch::Tensor h = model->hiddenStates(batch.inputs);
    return chunkedLinearCrossEntropy(h.reshape({-1, h.size(-1)}), model->outputWeight(), batch.targets.reshape({-1}));
  }

  void addMetrics(const LossTally&, double, bool validation, QJsonObject* event) const override {
    if (validation) {
      const double loss = event->value(QStringLiteral("val_loss")).toDouble();
      (*event)[QStringLiteral("val_ppl")] = std::exp(std::min(loss, 50.0));
    }
  }

 private:
  const SftData& mData;
  int mPadId;
};

}  // namespace

RunOutcome trainSft(const SftConfig& config, const SftData& data, const SftRunControl& control,
                    const EventSink& emit, QJsonObject* summary, QString* error) {
  SftObjective objective(data, control.padId);
  return runTraining(config, objective, control, emit, summary, error);
}

}  // namespace Atelier
