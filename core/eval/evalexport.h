#pragma once
// Writing a stored evaluation's answers to a file a person can open elsewhere.

#include <QString>

namespace Atelier {

class Database;

enum class EvalExportFormat { Jsonl, Csv };

// ".csv" → CSV, anything else → JSON lines.
EvalExportFormat evalExportFormatFor(const QString& path);

// One line (or CSV row) per example: source line, prompt, reference answer,
// generated answer, ROUGE-L and perplexity. Written to a temporary file beside
// `path` and renamed over it, so a failure never leaves half a file. Returns
// the number of rows written, -1 on failure.
int exportEvalExamples(Database& db, qint64 evalId, const QString& path, EvalExportFormat format, QString* error);

}  // namespace Atelier
