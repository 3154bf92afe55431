#include "datasetstats.h"

#include "data/tokencounter.h"
#include "storage/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtConcurrent>

#include <algorithm>

namespace Atelier {
namespace {

struct Message {
  QString role;
  QString text;
  int tokens = 0;
};

}  // namespace

bool computeDatasetStats(Database& db, qint64 datasetId, TokenCounter& counter, DatasetStats* out, QString* error,
                         const std::atomic<bool>* cancel) {
  *out = DatasetStats();
  out->tokenSource = counter.description();
  out->tokensEstimated = counter.isEstimate();
  QSqlDatabase c = db.connection();
  QSqlQuery q(c);
  q.prepare(QStringLiteral("SELECT flags, COALESCE(split, ''), COUNT(*) FROM conversations WHERE dataset_id = ?"
                           " GROUP BY flags, split"));
  q.addBindValue(datasetId);
  if (!q.exec()) {
    *error = q.lastError().text();
    return false;
  }
  while (q.next()) {
    const QString flags = q.value(0).toString(), split = q.value(1).toString();
    const qint64 n = q.value(2).toLongLong();
    out->total += n;
    if (!flags.isEmpty()) {
      out->removed[flags] += n;
      continue;
    }
    out->kept += n;
    if (split == QLatin1String("train")) out->train += n;
    else if (split == QLatin1String("val")) out->val += n;
    else if (split == QLatin1String("test")) out->test += n;
  }
  q.prepare(QStringLiteral("SELECT COUNT(*) FROM import_rejects WHERE dataset_id = ?"));
  q.addBindValue(datasetId);
  if (q.exec() && q.next()) out->rejectedAtImport = q.value(0).toLongLong();

  QSqlQuery t(c);
  t.setForwardOnly(true);
  t.prepare(QStringLiteral("SELECT t.conversation_id, t.role, COALESCE(t.cleaned, t.content)"
                           " FROM conversations c JOIN turns t ON t.conversation_id = c.id"
                           " WHERE c.dataset_id = ? AND c.flags = '' ORDER BY c.id, t.position"));
  t.addBindValue(datasetId);
  if (!t.exec()) {
    *error = t.lastError().text();
    return false;
  }
  QList<Message> messages;
  qint64 current = -1;
  int turns = 0;
  while (t.next()) {
    const qint64 id = t.value(0).toLongLong();
    if (id != current) {
      if (current >= 0) out->turnsPerConversation[turns] += 1;
      current = id;
      turns = 0;
    }
    ++turns;
    messages.append({t.value(1).toString(), t.value(2).toString(), 0});
  }
  if (current >= 0) out->turnsPerConversation[turns] += 1;
  // Tokenizing is the slow part: spread it, and stop early when asked.
  QtConcurrent::blockingMap(messages, [&](Message& m) {
    if (cancel && cancel->load()) return;
    m.tokens = counter.count(m.text);
  });
  if (cancel && cancel->load()) {
    *error = QStringLiteral("cancelled");
    return false;
  }
  for (const Message& m : std::as_const(messages)) out->tokensPerRole[m.role].append(m.tokens);
  return true;
}

QList<qint64> histogramBins(const QList<int>& values, int binCount, int* binWidth) {
  const int maxValue = values.isEmpty() ? 0 : *std::max_element(values.begin(), values.end());
  *binWidth = std::max(1, (maxValue + binCount) / binCount);
  QList<qint64> bins(binCount, 0);
  for (int v : values) bins[std::min(binCount - 1, v / *binWidth)] += 1;
  return bins;
}

}  // namespace Atelier
