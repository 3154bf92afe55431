#pragma once
// A Hugging Face model (plus, optionally, a LoRA adapter folded in) as one
// GGUF file that llama.cpp, Ollama and LM Studio load. No torch in this header.

#include <QString>
#include <QStringList>

#include <functional>

namespace Atelier {

struct GgufExportOptions {
  QString model;    // base model folder
  QString adapter;  // PEFT adapter folder; empty: the base model alone
  QString out;      // .gguf file to create; must not exist
  QString type = QStringLiteral("f16");  // f32 | f16 | q8_0
  QString name;     // general.name; empty: the model folder's name
  std::function<bool(double fraction)> progress;  // return false to cancel
};

struct GgufExportResult {
  QString path;
  QString architecture;  // "llama" | "qwen2"
  QString tokenizer;     // "llama" | "gpt2"
  qint64 bytes = 0;
  int tensors = 0;
  int metadata = 0;
  QString sha256;
  double seconds = 0;
  QStringList warnings;  // the export works, but something will behave differently in llama.cpp
};

// The GGUF type names accepted by exportGguf ("f32", "f16", "q8_0").
QStringList ggufExportTypes();

// Checks everything (architecture, tokenizer, adapter, shapes) before
// writing; writes beside `out` under a temporary name, reads the file back and
// checks every offset, size, type and byte, then renames it into place. A
// failure or cancel leaves no file behind.
bool exportGguf(const GgufExportOptions& options, GgufExportResult* result, QString* error);

}  // namespace Atelier
