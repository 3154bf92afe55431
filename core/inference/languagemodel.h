#pragma once

#include "model/modelconfig.h"
#include "tokenizer/tokenizer.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace Atelier {

struct LanguageModelOptions {
  QString device = QStringLiteral("auto");  // auto | cpu | cuda
  QString adapter;  // a PEFT LoRA adapter folder to apply, or empty
  // Fraction done (0..1); return false to cancel loading.
  std::function<bool(double)> progress;
};

struct GenerationOptions {
  int maxNewTokens = 64;
  bool greedy = true;  // otherwise sample with the settings below
  double temperature = 1.0;
  int topK = 0;       // 0 = off
  double topP = 1.0;  // 1 = off
  double minP = 0.0;  // 0 = off
  double repetitionPenalty = 1.0;  // 1 = off
  quint64 seed = 0;
  QList<int> stopIds;          // empty: the model's eos ids
  QStringList stopStrings;     // generation stops when the text contains one
  bool useKvCache = true;      // false recomputes the whole sequence each step (benchmarks)
};

struct GenerationResult {
  std::vector<int32_t> ids;  // new tokens only (a stop string's tokens included)
  QString text;              // decoded new text, cut before a stop string
  QString stopReason;        // "eos", "stop_string", "max_tokens", "cancelled"
  int promptTokens = 0;
  double promptSeconds = 0;
  double decodeSeconds = 0;
  double promptTokensPerSecond() const { return promptSeconds > 0 ? promptTokens / promptSeconds : 0; }
  double decodeTokensPerSecond() const {
    return decodeSeconds > 0 ? (ids.size() > 1 ? (ids.size() - 1) / decodeSeconds : 0) : 0;
  }
};

// A loaded causal language model with its tokenizer: the one entry point the
// CLI and the GUI use (no torch in this header).
class LanguageModel {
 public:
  ~LanguageModel();
  static std::unique_ptr<LanguageModel> load(const QString& folder, const LanguageModelOptions& options,
                                             QString* error);

  const ModelConfig& config() const;
  QString folder() const;
  QString device() const;  // "cpu" or "cuda"
  QString adapter() const;  // the applied adapter folder, or empty
  // nullptr when the folder has no tokenizer (ids still work).
  Tokenizer* tokenizer() const;

  // Logits for every position, row-major [ids.size(), vocab], float32.
  bool logits(const std::vector<int32_t>& ids, std::vector<float>* out, QString* error);

  // Called after each new token with it and the text so far; return false to stop.
  using TokenCallback = std::function<bool(int32_t id, const QString& textSoFar)>;
  bool generate(const std::vector<int32_t>& prompt, const GenerationOptions& options,
                const TokenCallback& onToken, GenerationResult* result, QString* error);

 private:
  LanguageModel();
  struct Private;
  std::unique_ptr<Private> d;
};

}  // namespace Atelier
