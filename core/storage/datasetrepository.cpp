#include "datasetrepository.h"

#include "database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

QList<DatasetInfo> DatasetRepository::list() {
  QList<DatasetInfo> out;
  QSqlQuery q(mDb.connection());
  if (!q.exec(QStringLiteral(
          "SELECT d.id, d.name, d.kind, d.format, d.source_file, d.created_at,"
          " (SELECT COUNT(*) FROM conversations c WHERE c.dataset_id = d.id),"
          " (SELECT COUNT(*) FROM import_rejects r WHERE r.dataset_id = d.id)"
          " FROM datasets d ORDER BY d.id")))
    return out;
  while (q.next()) {
    DatasetInfo d;
    d.id = q.value(0).toLongLong();
    d.name = q.value(1).toString();
    d.kind = q.value(2).toString();
    d.format = q.value(3).toString();
    d.sourceFile = q.value(4).toString();
    d.createdAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    d.conversations = q.value(6).toLongLong();
    d.rejected = q.value(7).toLongLong();
    out << d;
  }
  return out;
}

bool DatasetRepository::find(const QString& name, DatasetInfo* out) {
  for (const DatasetInfo& d : list()) {
    if (d.name == name) {
      *out = d;
      return true;
    }
  }
  return false;
}

bool DatasetRepository::remove(qint64 datasetId, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("DELETE FROM datasets WHERE id = ?"));  // rows and turns follow by cascade
  q.addBindValue(datasetId);
  if (q.exec()) return true;
  *error = q.lastError().text();
  return false;
}

bool DatasetRepository::forEachConversation(qint64 datasetId, const QString& split,
                                            const std::function<bool(const Conversation&)>& visit, QString* error) {
  QSqlQuery q(mDb.connection());
  q.setForwardOnly(true);
  q.prepare(QStringLiteral(
      "SELECT c.id, c.source_line, c.original, t.role, COALESCE(t.cleaned, t.content), COALESCE(t.variant, '')"
      " FROM conversations c JOIN turns t ON t.conversation_id = c.id"
      " WHERE c.dataset_id = ? AND c.flags = '' AND (? = '' OR c.split = ?)"
      " ORDER BY c.id, t.position"));
  // A null QString binds as NULL, which never equals ''.
  const QString which = split.isEmpty() ? QStringLiteral("") : split;
  q.addBindValue(datasetId);
  q.addBindValue(which);
  q.addBindValue(which);
  if (!q.exec()) {
    *error = q.lastError().text();
    return false;
  }
  Conversation current;
  qint64 currentId = -1;
  while (q.next()) {
    const qint64 id = q.value(0).toLongLong();
    if (id != currentId) {
      if (currentId >= 0 && !visit(current)) return true;
      current = Conversation();
      current.sourceLine = q.value(1).toLongLong();
      current.original = q.value(2).toString();
      currentId = id;
    }
    current.turns.append({q.value(3).toString(), q.value(4).toString(), q.value(5).toString()});
  }
  if (currentId >= 0) visit(current);
  return true;
}

}  // namespace Atelier
