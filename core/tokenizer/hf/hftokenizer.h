#pragma once

#include "tokenizer/tokenizer.h"

#include <QString>

#include <memory>

namespace Atelier {

// A Hugging Face tokenizer.json: BPE, byte-level as in GPT-2/Llama 3/Qwen2 or
// with byte fallback and ▁ as in Llama 2/Mistral/TinyLlama, with its added
// tokens, normalizer, pre-tokenizer, decoder and post-processor template,
// giving the ids and text the reference library (HF tokenizers) gives.
class HfTokenizer final : public Tokenizer {
 public:
  ~HfTokenizer() override;

  // `configPath` (tokenizer_config.json) may be empty or name a missing file;
  // where present it names bos/eos/pad/unk. Returns nullptr and sets *error
  // (naming the file and the field) when the file cannot be used.
  static std::unique_ptr<HfTokenizer> load(const QString& tokenizerJsonPath, const QString& configPath,
                                           QString* error);

  // Without special tokens (the reference's add_special_tokens=False); added
  // tokens written in the text are still recognised.
  bool encode(const QString& text, std::vector<int32_t>* ids) override;
  // With the post-processor's special tokens (e.g. a leading bos), as
  // add_special_tokens=True.
  bool encodeWithSpecialTokens(const QString& text, std::vector<int32_t>* ids);
  // Keeps special tokens in the text (skip_special_tokens=False).
  bool decode(const std::vector<int32_t>& ids, QString* text) override;
  bool decode(const std::vector<int32_t>& ids, bool skipSpecialTokens, QString* text);

  int vocabSize() const override;
  QString idToPiece(int id) const override;
  int pieceToId(const QString& piece) const override;
  int bosId() const override;
  int eosId() const override;
  int unkId() const override;
  int padId() const override;
  QString kind() const override { return QStringLiteral("tokenizer.json"); }

  // Whether `id` is an added token marked special (what skipSpecialTokens drops).
  bool isSpecial(int id) const;

 private:
  HfTokenizer();
  struct Private;
  std::unique_ptr<Private> d;
};

}  // namespace Atelier
