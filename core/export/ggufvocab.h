#pragma once
// The tokenizer of a Hugging Face model folder as the GGUF `tokenizer.ggml.*`
// metadata llama.cpp reads: `llama` (sentencepiece: pieces, scores, types)
// for tokenizer.model, `gpt2` (byte-level BPE: tokens, types, merges and the
// pre-tokenizer name) for tokenizer.json. No torch.

#include "gguffile.h"

#include <QList>
#include <QString>

namespace Atelier {

struct GgufVocab {
  QString model;     // "llama" | "gpt2"
  QString pre;       // gpt2 only: "llama-bpe", "qwen2", "smollm", "gpt-2"
  int tokens = 0;    // before padding to the embedding's rows
  int bosId = -1, eosId = -1, unkId = -1, padId = -1;
  bool addBos = true;
  QString chatTemplate;
  QList<GgufKeyValue> metadata;
  QStringList warnings;  // things that will differ in llama.cpp, in plain words
};

// `embeddingRows` is the model's vocabulary size: the token list is padded to
// it with unused tokens, as llama.cpp needs one token per embedding row; a
// tokenizer larger than the embedding is refused. Errors name the file.
bool buildGgufVocab(const QString& modelFolder, int embeddingRows, GgufVocab* out, QString* error);

// The pre-tokenizer name llama.cpp knows for a tokenizer.json pre_tokenizer
// (its split regex), or empty with *why when it has none that matches.
QString ggufPreTokenizerName(const QByteArray& tokenizerJson, QString* why);

}  // namespace Atelier
