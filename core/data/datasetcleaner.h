#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace Atelier {

class Database;

// Which cleaning steps run. Cleaning never deletes: it writes cleaned text
// beside the original and flags rows with the reason they are left out, so
// running it again with other settings starts from the original import.
// A person's decisions in the dataset browser (rows removed or restored by
// hand) are kept across runs.
struct CleanOptions {
  bool normalize = true;       // NFC, control characters, whitespace
  bool html = true;            // tags and entities
  bool exactDedup = true;      // after normalisation, case and punctuation
  bool nearDedup = true;       // MinHash + LSH on word shingles
  double nearThreshold = 0.8;  // estimated Jaccard similarity
  QString pii = QStringLiteral("redact");  // redact | drop | keep
  int minChars = 1;            // whole conversation, after cleaning
  int maxChars = 0;            // 0 = no limit
  // Whole conversation in tokens of `tokenModel` (a model folder; empty =
  // estimated as characters ÷ 4). 0 = no limit.
  int minTokens = 0;
  int maxTokens = 0;
  QString tokenModel;
  bool quality = true;         // repetition and symbol heuristics, empty answers
  double maxRepeatedLines = 0.3;
  double maxRepeatedTrigrams = 0.5;
  double maxSymbolRatio = 0.3;
  QStringList blocklist;       // words or phrases; matching rows are left out
};

struct CleanResult {
  qint64 total = 0;
  qint64 kept = 0;
  QMap<QString, qint64> removed;      // reason → rows
  QMap<QString, qint64> piiRedacted;  // type → occurrences
  QString tokenSource;                // what counted tokens, when a token filter ran
};

bool cleanDataset(Database& db, const QString& name, const CleanOptions& options, CleanResult* result,
                  QString* error);

// Assigns train/val/test to the kept rows, deterministically for a seed.
// Duplicates are flagged rows without a split, so a cluster never straddles.
struct SplitResult {
  qint64 train = 0, val = 0, test = 0;
};
bool splitDataset(Database& db, const QString& name, double valFraction, double testFraction, quint64 seed,
                  SplitResult* result, QString* error);

}  // namespace Atelier
