#include "importwriter.h"

#include <QSqlError>
#include <QVariant>

namespace Atelier {

ImportWriter::ImportWriter(QSqlDatabase db, qint64 datasetId)
    : mDb(db),
      mDatasetId(datasetId),
      mConversations{"INSERT INTO conversations(id, dataset_id, source_line, original) VALUES", 4, {}, {}},
      mTurns{"INSERT INTO turns(conversation_id, position, role, variant, content) VALUES", 5, {}, {}},
      mRejects{"INSERT INTO import_rejects(dataset_id, source_line, reason) VALUES", 3, {}, {}} {
  for (Table* t : {&mConversations, &mTurns, &mRejects}) t->values.reserve(kBatchRows * t->columns);
}

QString ImportWriter::sql(const Table& t, int rows) {
  QString placeholders = QStringLiteral("(?");
  for (int c = 1; c < t.columns; ++c) placeholders += QStringLiteral(", ?");
  placeholders += QLatin1Char(')');
  QString out = QLatin1String(t.insert);
  for (int r = 0; r < rows; ++r) out += (r ? QStringLiteral(", ") : QStringLiteral(" ")) + placeholders;
  return out;
}

bool ImportWriter::start(QString* error) {
  QSqlQuery q(mDb);
  if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM conversations")) || !q.next()) {
    *error = QStringLiteral("Saving the import failed: %1").arg(q.lastError().text());
    return false;
  }
  mNextId = q.value(0).toLongLong() + 1;
  return true;
}

bool ImportWriter::flush(Table& t, QString* error) {
  const int rows = int(t.values.size()) / t.columns;
  if (rows == 0) return true;
  // Conversations are written early whenever their turns fill a batch, so
  // statements for every row count come up again and again: prepare each once.
  auto it = t.prepared.find(rows);
  if (it == t.prepared.end()) {
    it = t.prepared.insert(rows, QSqlQuery(mDb));
    if (!it->prepare(sql(t, rows))) {
      *error = QStringLiteral("Saving the import failed: %1").arg(it->lastError().text());
      return false;
    }
  }
  QSqlQuery& q = *it;
  for (int i = 0; i < t.values.size(); ++i) q.bindValue(i, t.values[i]);
  t.values.clear();
  if (q.exec()) return true;
  *error = QStringLiteral("Saving the import failed: %1").arg(q.lastError().text());
  return false;
}

bool ImportWriter::add(const Conversation& c, QString* error) {
  const qint64 id = mNextId++;
  append(mConversations, {id, mDatasetId, c.sourceLine, c.original});
  for (int i = 0; i < c.turns.size(); ++i) {
    const Turn& t = c.turns[i];
    append(mTurns, {id, i, t.role, t.variant.isEmpty() ? QVariant() : QVariant(t.variant), t.content});
    // Turns refer to their conversation (a foreign key): conversations go first.
    if (isFull(mTurns) && !(flush(mConversations, error) && flush(mTurns, error))) return false;
  }
  return !isFull(mConversations) || flush(mConversations, error);
}

bool ImportWriter::reject(qint64 line, const QString& reason, QString* error) {
  append(mRejects, {mDatasetId, line, reason});
  return !isFull(mRejects) || flush(mRejects, error);
}

bool ImportWriter::finish(QString* error) {
  return flush(mConversations, error) && flush(mTurns, error) && flush(mRejects, error);
}

}  // namespace Atelier
