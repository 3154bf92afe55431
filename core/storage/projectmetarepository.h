#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace Atelier {

class Database;

// Key/value facts about the project (name, creation time, ...), in project_meta.
class ProjectMetaRepository {
 public:
  explicit ProjectMetaRepository(Database& db) : mDb(db) {}
  bool set(const QString& key, const QString& value, QString* error = nullptr);
  QString get(const QString& key, const QString& fallback = QString()) const;

 private:
  Database& mDb;
};

struct ActivityEntry {
  qint64 id = 0;
  QDateTime at;
  QString kind;  // "created", "opened", "upgraded", ...
  QString message;
};

// The project's history as shown in the overview.
class ActivityRepository {
 public:
  explicit ActivityRepository(Database& db) : mDb(db) {}
  bool add(const QString& kind, const QString& message, QString* error = nullptr);
  // Newest first.
  QList<ActivityEntry> recent(int limit) const;

 private:
  Database& mDb;
};

}  // namespace Atelier
