#pragma once

#include <QList>
#include <QMap>
#include <QString>

#include <atomic>

namespace Atelier {

class Database;
class TokenCounter;

// What a dataset holds, for the Data page and `atelier data stats`: counts,
// token lengths per role of the kept rows, turns per conversation, and what
// cleaning (or a person) left out and why.
struct DatasetStats {
  qint64 total = 0;
  qint64 kept = 0;
  qint64 rejectedAtImport = 0;
  qint64 train = 0, val = 0, test = 0;
  QMap<QString, qint64> removed;                 // reason → rows
  QMap<QString, QList<int>> tokensPerRole;       // role → token length of each kept message
  QMap<int, qint64> turnsPerConversation;        // turns → kept rows
  QString tokenSource;                           // TokenCounter::description()
  bool tokensEstimated = true;
};

// Reads the dataset once and counts tokens on all cores. `cancel` may be set
// from another thread; the function then returns false with *error.
bool computeDatasetStats(Database& db, qint64 datasetId, TokenCounter& counter, DatasetStats* out, QString* error,
                         const std::atomic<bool>* cancel = nullptr);

// Even-width bins over [0, max] for a histogram: counts per bin and the bin width.
QList<qint64> histogramBins(const QList<int>& values, int binCount, int* binWidth);

}  // namespace Atelier
