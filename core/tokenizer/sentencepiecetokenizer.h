#pragma once

#include "tokenizer.h"

#include <QString>

#include <memory>

struct atelier_spm_model;

namespace Atelier {

struct SpmLibrary;

// A sentencepiece `tokenizer.model`, through the isolated shim library.
class SentencePieceTokenizer final : public Tokenizer {
 public:
  ~SentencePieceTokenizer() override;

  // Returns nullptr and sets *error (naming the file) when the model cannot be used.
  static std::unique_ptr<SentencePieceTokenizer> load(const QString& path, QString* error);

  bool encode(const QString& text, std::vector<int32_t>* ids) override;
  bool decode(const std::vector<int32_t>& ids, QString* text) override;

  int vocabSize() const override;
  QString idToPiece(int id) const override;
  int pieceToId(const QString& piece) const override;
  int bosId() const override;
  int eosId() const override;
  int unkId() const override;
  int padId() const override;
  QString kind() const override { return QStringLiteral("sentencepiece"); }

  float score(int id) const;
  // One of the ATELIER_SPM_* piece types.
  int pieceType(int id) const;

 private:
  SentencePieceTokenizer(const SpmLibrary* lib, atelier_spm_model* model);
  const SpmLibrary* mLib;
  atelier_spm_model* mModel;
};

// Options for training a sentencepiece model on a text corpus.
struct SentencePieceTrainOptions {
  QString corpusPath;   // one sentence per line, UTF-8
  QString modelPrefix;  // writes <prefix>.model and <prefix>.vocab
  int vocabSize = 1000;
  QString modelType = QStringLiteral("bpe");  // bpe | unigram | char | word
  bool byteFallback = true;  // unknown characters become <0xNN> byte pieces
  // sentencepiece's defaults: NFKC, line breaks and tabs turned into spaces,
  // repeated spaces merged. Llama's tokenizer uses "identity" and keeps every
  // space, which is also all llama.cpp reproduces.
  QString normalization = QStringLiteral("nmt_nfkc");
  bool removeExtraWhitespaces = true;
  double characterCoverage = 1.0;
  unsigned int seed = 0;
};

// Trains a model; returns false and sets *error on failure.
bool trainSentencePiece(const SentencePieceTrainOptions& options, QString* error);

}  // namespace Atelier
