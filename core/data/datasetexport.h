#pragma once

#include <QString>

#include <functional>

namespace Atelier {

class Database;

struct ExportOptions {
  QString name;   // the dataset in the project
  QString split;  // "train", "val", "test", or "" / "all" for every kept row
  QString file;   // where the JSONL goes
  // Rows written so far; return false to cancel (the file is not created).
  std::function<bool(qint64 rows)> progress;
};

// Writes a dataset's kept rows, cleaned text where cleaning changed it, as
// OpenAI-messages JSONL ({"messages": [{"role", "content"}, ...]} a line;
// preference pairs as {"prompt", "chosen", "rejected"} message lists).
// The file is written under a temporary name and renamed when complete, so a
// failed or cancelled export never leaves a half-written file (an existing
// file at that path stays as it was).
bool exportDataset(Database& db, const ExportOptions& options, qint64* rows, QString* error);

// True for the split names exportDataset accepts.
bool isExportSplit(const QString& split);

}  // namespace Atelier
