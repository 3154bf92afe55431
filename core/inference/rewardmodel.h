#pragma once
// A trained reward model (a reward run's adapter: LoRA plus the "score" head,
// PEFT's SEQ_CLS layout) that rates answers, and best-of-N answering with it.
// No torch in this header: the CLI and the chat session use it.

#include "data/chattemplate.h"
#include "inference/languagemodel.h"

#include <QList>
#include <QString>
#include <QVector>

#include <functional>
#include <memory>

namespace Atelier {

class RewardModel {
 public:
  ~RewardModel();
  // `adapterDir` is a reward run's adapter; its base model is `modelDir`, or
  // when that is empty the adapter's base_model_name_or_path. The chat
  // template is the base model's (or `chatFamily`), as in training.
  static std::unique_ptr<RewardModel> load(const QString& adapterDir, const QString& modelDir, const QString& device,
                                           const QString& chatFamily, QString* error);

  QString adapter() const;
  QString baseModel() const;
  // The score of a conversation that ends with the assistant answer to judge,
  // tokenized exactly as the training pairs were. Higher = preferred.
  bool score(const QList<ChatMessage>& conversation, double* score, QString* error);

 private:
  RewardModel();
  struct Private;
  std::unique_ptr<Private> d;
};

struct BestOfNResult {
  QStringList answers;   // every candidate, in the order generated
  QVector<double> scores;
  int best = -1;         // index of the highest score
  GenerationResult bestResult;
};

// Samples `n` answers to `messages` (whose prompt ids are `prompt`) with seeds
// options.seed, +1, ... (greedy decoding is turned into sampling, since n
// greedy answers would all be the same), scores each with `reward`, and keeps
// the best. onToken gets the candidate index and its text so far; returning
// false cancels: the finished candidates compete (or, with none finished, the
// one cut short).
bool generateBestOfN(LanguageModel& model, RewardModel& reward, const QList<ChatMessage>& messages,
                     const std::vector<int32_t>& prompt, const GenerationOptions& options, int n,
                     const std::function<bool(int candidate, const QString& textSoFar)>& onToken,
                     BestOfNResult* out, QString* error);

}  // namespace Atelier
