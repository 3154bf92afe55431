#pragma once

#include <QString>

namespace Atelier {

// What `atelier model create` makes: a complete Hugging Face folder with a
// randomly initialised Llama-family model, for tests, demos and the sample
// project. Nothing in it is special to Atelier: transformers loads it too.
struct ModelCreateOptions {
  QString outputFolder;        // must not exist, or be empty
  QString tokenizerCorpus;     // text file the sentencepiece tokenizer is trained on
  int vocabSize = 1000;
  QString arch = QStringLiteral("llama");  // llama | qwen2
  int hidden = 64;
  int layers = 2;
  int heads = 4;
  int kvHeads = 2;
  int ffn = 172;
  int maxPositions = 1024;
  bool tieEmbeddings = false;
  quint64 seed = 0;
  // Standard deviation of the random matrices (transformers' initializer_range).
  // 0.02 suits real pretraining; a starter model that is only ever adapted with
  // LoRA needs larger output weights, or no adapter can make it confident.
  double initStd = 0.02;
};

struct ModelCreateResult {
  qint64 parameters = 0;
  int vocabSize = 0;  // may be below the requested size on a small corpus
};

bool createModel(const ModelCreateOptions& options, ModelCreateResult* result, QString* error);

}  // namespace Atelier
