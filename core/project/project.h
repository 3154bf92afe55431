#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include "storage/projectmetarepository.h"

#include <memory>

namespace Atelier {

class Database;

// What the overview page and `atelier project check` show about a project.
struct ProjectSummary {
  QString folder;
  QString name;
  QString description;
  QDateTime createdAt;
  QString createdWith;  // Atelier version that created it
  int schemaVersion = 0;
  int latestSchemaVersion = 0;
  QString integrity;  // "ok" or the problems found
  QList<QPair<QString, qint64>> tableCounts;
  qint64 diskBytes = 0;  // everything in the folder
  QList<ActivityEntry> recentActivity;  // newest first
};

QJsonObject projectSummaryToJson(const ProjectSummary& summary);

// A project is one folder: project.db plus models/, runs/ and exports/.
class Project {
 public:
  ~Project();

  static QString databaseFileName() { return QStringLiteral("project.db"); }
  static QStringList subfolderNames();

  // Makes a new project in `folder` (which must not exist, or be empty). The
  // database is built under a temporary name and renamed into place, so a
  // crash never leaves a half-made project.db behind.
  static std::unique_ptr<Project> create(const QString& folder, const QString& name,
                                         const QString& description, QString* error);

  // Opens an existing project, upgrading its database if it is older.
  static std::unique_ptr<Project> open(const QString& folder, QString* error);

  // Reads a project without changing anything (for `project check`).
  static bool inspect(const QString& folder, ProjectSummary* summary, QString* error);

  // True if the folder looks like a project (has project.db).
  static bool isProjectFolder(const QString& folder);

  QString folder() const { return mFolder; }
  QString name() const;
  QString logFilePath() const;
  Database& database() { return *mDb; }

  ProjectSummary summary();

 private:
  Project(const QString& folder, std::unique_ptr<Database> db);
  static std::unique_ptr<Project> openFolder(const QString& folder, bool recordOpening,
                                             QString* error);
  static bool fillSummary(const QString& folder, Database& db, ProjectSummary* summary);

  QString mFolder;
  std::unique_ptr<Database> mDb;
};

}  // namespace Atelier
