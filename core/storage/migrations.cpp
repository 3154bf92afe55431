#include "migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

// Never edit a released step; add a new one. Tests migrate from every
// earlier version to the latest and check that data survives.
const QList<Migration>& schemaMigrations() {
  static const QList<Migration> steps = {
      {1,
       QStringLiteral("project metadata"),
       {QStringLiteral("CREATE TABLE project_meta ("
                       " key TEXT PRIMARY KEY NOT NULL,"
                       " value TEXT NOT NULL)")}},
      {2,
       QStringLiteral("activity history shown in the project overview"),
       {QStringLiteral("CREATE TABLE activity ("
                       " id INTEGER PRIMARY KEY,"
                       " at TEXT NOT NULL,"
                       " kind TEXT NOT NULL,"
                       " message TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX activity_at ON activity(at)"),
        // Projects from version 1 get their creation as the first entry.
        QStringLiteral("INSERT INTO activity(at, kind, message)"
                       " SELECT value, 'created', 'Project created'"
                       " FROM project_meta WHERE key = 'created_at'")}},
  };
  return steps;
}

int latestSchemaVersion() { return schemaMigrations().last().version; }

static int userVersion(QSqlDatabase& db, QString* error) {
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
    *error = q.lastError().text();
    return -1;
  }
  return q.value(0).toInt();
}

bool migrateSchema(QSqlDatabase& db, int targetVersion, QString* error) {
  int current = userVersion(db, error);
  if (current < 0) return false;
  for (const Migration& step : schemaMigrations()) {
    if (step.version <= current || step.version > targetVersion) continue;
    QSqlQuery q(db);
    // IMMEDIATE takes the write lock up front, so a second writer fails
    // before any statement runs rather than halfway through.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
      *error = QStringLiteral("cannot start schema step %1: %2")
                   .arg(step.version)
                   .arg(q.lastError().text());
      return false;
    }
    QStringList statements = step.statements;
    statements << QStringLiteral("PRAGMA user_version = %1").arg(step.version);
    for (const QString& sql : statements) {
      if (!q.exec(sql)) {
        *error = QStringLiteral("schema step %1 (%2) failed: %3")
                     .arg(step.version)
                     .arg(step.description, q.lastError().text());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
      }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
      *error = QStringLiteral("schema step %1 could not be saved: %2")
                   .arg(step.version)
                   .arg(q.lastError().text());
      QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
      return false;
    }
    current = step.version;
  }
  return true;
}

}  // namespace Atelier
