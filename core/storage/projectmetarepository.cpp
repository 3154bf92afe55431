#include "projectmetarepository.h"

#include "database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

bool ProjectMetaRepository::set(const QString& key, const QString& value, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO project_meta(key, value) VALUES(?, ?) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  q.addBindValue(key);
  q.addBindValue(value.isNull() ? QStringLiteral("") : value);  // a null QString binds as NULL
  if (!q.exec()) {
    if (error) *error = QStringLiteral("Saving %1 failed: %2").arg(key, q.lastError().text());
    return false;
  }
  return true;
}

QString ProjectMetaRepository::get(const QString& key, const QString& fallback) const {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT value FROM project_meta WHERE key = ?"));
  q.addBindValue(key);
  if (q.exec() && q.next()) return q.value(0).toString();
  return fallback;
}

bool ActivityRepository::add(const QString& kind, const QString& message, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO activity(at, kind, message) VALUES(?, ?, ?)"));
  q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
  q.addBindValue(kind);
  q.addBindValue(message);
  if (!q.exec()) {
    if (error) *error = QStringLiteral("Recording activity failed: %1").arg(q.lastError().text());
    return false;
  }
  return true;
}

QList<ActivityEntry> ActivityRepository::recent(int limit) const {
  QList<ActivityEntry> out;
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id, at, kind, message FROM activity ORDER BY id DESC LIMIT ?"));
  q.addBindValue(limit);
  if (!q.exec()) return out;
  while (q.next()) {
    ActivityEntry e;
    e.id = q.value(0).toLongLong();
    e.at = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
    e.kind = q.value(2).toString();
    e.message = q.value(3).toString();
    out << e;
  }
  return out;
}

}  // namespace Atelier
