#pragma once
// Several export formats of one model in one go (what the Export page runs):
// PEFT adapter, merged Hugging Face folder, GGUF file, Ollama folder, each in
// its own place under one output folder, with one progress and one cancel,
// and the commands that use the result. No torch in this header.

#include <QString>
#include <QStringList>

#include <functional>

namespace Atelier {

struct ExportBundleRequest {
  QString model;       // base model folder
  QString adapter;     // adapter folder; empty: the base model alone
  QString outFolder;   // parent of everything written
  QString name;        // file and model name, e.g. the run's name
  bool peft = false;
  bool merged = false;
  QString mergedDtype = QStringLiteral("f16");
  bool gguf = true;
  bool ollama = false;
  QString ggufType = QStringLiteral("q8_0");
};

struct ExportBundleResult {
  QStringList written;   // paths, one per format
  QString ggufPath;
  QString ollamaFolder;
  QString ollamaName;
  QString howTo;         // plain text: commands for llama.cpp, Ollama, LM Studio, transformers
  QStringList warnings;
};

// The paths the request would write (for checking before starting).
QStringList exportBundleTargets(const ExportBundleRequest& request);

// Refuses before writing anything when a target exists or nothing is chosen.
// `progress` gets (fraction 0..1, what is being done); returning false cancels.
// Formats finished before a failure or cancel stay; the one in progress leaves nothing.
bool runExportBundle(const ExportBundleRequest& request, const std::function<bool(double, const QString&)>& progress,
                     ExportBundleResult* result, QString* error);

}  // namespace Atelier
