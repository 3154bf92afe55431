#pragma once
// Base model + LoRA adapter folded into one plain Hugging Face folder, which
// Atelier and transformers load like any model (no PEFT needed).

#include <QString>

#include <functional>

namespace Atelier {

struct MergedExportOptions {
  QString model;    // base model folder
  QString adapter;  // PEFT adapter folder
  QString out;      // must not exist, or be an empty folder
  QString dtype = QStringLiteral("f32");  // f32 | f16 | bf16
  qint64 maxShardBytes = 5LL * 1024 * 1024 * 1024;  // larger models are sharded, as transformers does
  std::function<bool(double fraction)> progress;   // return false to cancel
};

struct MergedExportResult {
  qint64 parameters = 0;
  qint64 bytes = 0;
  int shards = 0;
};

// Everything is checked and written into a temporary folder beside `out`,
// which is renamed into place at the end: a failure or cancel leaves nothing.
bool exportMergedModel(const MergedExportOptions& options, MergedExportResult* result, QString* error);

// The files besides the weights that make a folder usable: tokenizer, its
// config (with the chat template), generation defaults.
QStringList modelCompanionFiles();

}  // namespace Atelier
