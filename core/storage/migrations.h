#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QList>

namespace Atelier {

// One forward step of the project schema. `version` is the PRAGMA
// user_version the database has after the step.
struct Migration {
  int version;
  QString description;
  QStringList statements;
};

const QList<Migration>& schemaMigrations();
int latestSchemaVersion();

// Runs the steps from the database's current version up to `targetVersion`,
// each in its own transaction together with its user_version bump, so a
// failure leaves the database at the last completed version.
bool migrateSchema(QSqlDatabase& db, int targetVersion, QString* error);

}  // namespace Atelier
