#include "preferencetrainer.h"

#include "peft/lora.h"
#include "training/chunkedloss.h"
#include "training/dpoloss.h"
#include "training/tokenbatch.h"
#include "training/trainingrun.h"

namespace Atelier {

namespace {

// Shared by both recipes: a window's rows are pairs; pair i is the split's
// sequences 2i (chosen) and 2i+1 (rejected), so one forward pass takes both.
class PairObjective : public TrainingObjective {
 public:
  PairObjective(const PreferenceData& data, int padId) : mData(data), mPadId(padId) {}
  int trainSize() const override { return mData.train.pairs(); }
  int valSize() const override { return mData.val.pairs(); }
  int64_t length(int pair, bool validation) const override {
    const auto& s = split(validation).sequences;
    return int64_t(std::max(s[2 * pair].ids.size(), s[2 * pair + 1].ids.size()));
  }
  double weight(const std::vector<int>& rows, bool) const override { return double(rows.size()); }

 protected:
  const PreferenceSplit& split(bool validation) const { return validation ? mData.val : mData.train; }
  static std::vector<int> sequenceRows(const std::vector<int>& pairs) {
    std::vector<int> rows;
    for (int p : pairs) rows.insert(rows.end(), {2 * p, 2 * p + 1});
    return rows;
  }
  static void add(LossTally* tally, const char* name, double value) { tally->sums[name] += value; }
  static double mean(const LossTally& tally, const char* name, double weight) {
    const auto it = tally.sums.find(name);
    return it == tally.sums.end() || weight <= 0 ? 0.0 : it->second / weight;
  }

  const PreferenceData& mData;
  int mPadId;
};

class DpoObjective : public PairObjective {
 public:
  DpoObjective(const PreferenceData& data, int padId, const DpoLossOptions& options)
      : PairObjective(data, padId), mOptions(options) {}

  torch::Tensor summedLoss(CausalLM& model, const std::vector<int>& pairs, bool validation,
                           const torch::Device& device, LossTally* tally) override {
    const TokenBatch batch = collateExamples(split(validation).sequences, sequenceRows(pairs), mPadId, device);
    tally->tokens += batch.tokens;
    torch::Tensor reference;
    {
      // The reference model is the base: the same weights with the adapter off.
      torch::NoGradGuard noGrad;
      setLoraEnabled(model, false);
      try {
        reference = answerLogProbs(model, batch);
      } catch (...) {
        setLoraEnabled(model, true);
        throw;
      }
      setLoraEnabled(model, true);
    }
    const torch::Tensor policy = answerLogProbs(model, batch);
    const auto chosen = torch::indexing::Slice(0, torch::indexing::None, 2);
    const auto rejected = torch::indexing::Slice(1, torch::indexing::None, 2);
    const DpoLossResult r = dpoLoss(policy.index({chosen}), policy.index({rejected}), reference.index({chosen}),
                                    reference.index({rejected}), mOptions);
    const double n = double(pairs.size());
    add(tally, "reward_margin", r.rewardMargin * n);
    add(tally, "reward_accuracy", r.accuracy * n);
    add(tally, "chosen_reward", r.chosenRewards.sum().item<double>());
    add(tally, "rejected_reward", r.rejectedRewards.sum().item<double>());
    add(tally, "logp_margin", (policy.index({chosen}) - policy.index({rejected})).sum().item<double>());
    return r.loss * n;
  }

  void addMetrics(const LossTally& tally, double weight, bool validation, QJsonObject* event) const override {
    const QString prefix = validation ? QStringLiteral("val_") : QString();
    for (const char* name : {"reward_margin", "reward_accuracy", "chosen_reward", "rejected_reward", "logp_margin"})
      (*event)[prefix + QLatin1String(name)] = mean(tally, name, weight);
  }

 private:
  // Σ log p(answer token) per row, [rows] float32: the negative of each row's
  // own cross-entropy sum (the block-wise loss keeps the logits small).
  static torch::Tensor answerLogProbs(CausalLM& model, const TokenBatch& batch) {
    const torch::Tensor h = model->hiddenStates(batch.inputs);
    std::vector<torch::Tensor> rows;
    for (int64_t i = 0; i < h.size(0); ++i)
      rows.push_back(-chunkedLinearCrossEntropy(h[i], model->outputWeight(), batch.targets[i]));
    return torch::stack(rows);
  }

  DpoLossOptions mOptions;
};

class RewardObjective : public PairObjective {
 public:
  using PairObjective::PairObjective;

  void addHeads(CausalLM& model) override { model->addScoreHead(); }

  torch::Tensor summedLoss(CausalLM& model, const std::vector<int>& pairs, bool validation,
                           const torch::Device& device, LossTally* tally) override {
    const auto& sequences = split(validation).sequences;
    const std::vector<int> rows = sequenceRows(pairs);
    size_t length = 0;
    for (int r : rows) length = std::max(length, sequences[r].ids.size());
    torch::Tensor ids = torch::full({int64_t(rows.size()), int64_t(length)}, int64_t(mPadId), torch::kInt64);
    torch::Tensor last = torch::empty({int64_t(rows.size())}, torch::kInt64);
    auto idsA = ids.accessor<int64_t, 2>();
    auto lastA = last.accessor<int64_t, 1>();
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& seq = sequences[rows[i]].ids;
      for (size_t j = 0; j < seq.size(); ++j) idsA[i][j] = seq[j];
      lastA[i] = int64_t(seq.size()) - 1;
      tally->tokens += qint64(seq.size());
    }
    const torch::Tensor scores = model->sequenceScores(ids.to(device), last);
    const torch::Tensor chosen = scores.index({torch::indexing::Slice(0, torch::indexing::None, 2)});
    const torch::Tensor rejected = scores.index({torch::indexing::Slice(1, torch::indexing::None, 2)});
    const torch::Tensor margin = chosen - rejected;
    add(tally, "reward_margin", margin.sum().item<double>());
    add(tally, "reward_accuracy", (margin > 0).to(torch::kFloat64).sum().item<double>());
    // Bradley–Terry: the chance that the chosen answer wins is σ(r_chosen − r_rejected).
    return -torch::nn::functional::logsigmoid(margin).sum();
  }

  void addMetrics(const LossTally& tally, double weight, bool validation, QJsonObject* event) const override {
    const QString prefix = validation ? QStringLiteral("val_") : QString();
    for (const char* name : {"reward_margin", "reward_accuracy"})
      (*event)[prefix + QLatin1String(name)] = mean(tally, name, weight);
  }
};

}  // namespace

RunOutcome trainPreference(const SftConfig& config, const PreferenceData& data, const SftRunControl& control,
                           const EventSink& emit, QJsonObject* summary, QString* error) {
  if (config.recipe == QLatin1String("dpo")) {
    DpoLossOptions options;
    options.beta = config.dpoBeta;
    options.labelSmoothing = config.dpoLabelSmoothing;
    DpoObjective objective(data, control.padId, options);
    return runTraining(config, objective, control, emit, summary, error);
  }
  RewardObjective objective(data, control.padId);
  return runTraining(config, objective, control, emit, summary, error);
}

}  // namespace Atelier
