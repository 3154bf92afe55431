#include "project.h"

#include "log/logger.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/projectmetarepository.h"
#include "version.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QUuid>

namespace Atelier {

QStringList Project::subfolderNames() {
  return {QStringLiteral("models"), QStringLiteral("runs"), QStringLiteral("exports")};
}

Project::Project(const QString& folder, std::unique_ptr<Database> db)
    : mFolder(folder), mDb(std::move(db)) {}

Project::~Project() = default;

bool Project::isProjectFolder(const QString& folder) {
  return QFileInfo(QDir(folder).filePath(databaseFileName())).isFile();
}

std::unique_ptr<Project> Project::create(const QString& folderPath, const QString& name,
                                         const QString& description, QString* error) {
  const QString folder = QFileInfo(folderPath).absoluteFilePath();
  QDir dir(folder);
  if (dir.exists() && !dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
    *error = isProjectFolder(folder)
                 ? QStringLiteral("%1 already holds a project; open it instead.").arg(folder)
                 : QStringLiteral("%1 is not empty. Choose a new or empty folder for the "
                                  "project, so none of your files get mixed in.")
                       .arg(folder);
    return nullptr;
  }
  if (!QDir().mkpath(folder)) {
    *error = QStringLiteral("Cannot create the folder %1. Check that its parent exists and is "
                            "writable.")
                 .arg(folder);
    return nullptr;
  }
  for (const QString& sub : subfolderNames()) {
    if (!dir.mkpath(sub)) {
      *error = QStringLiteral("Cannot create %1 in %2.").arg(sub, folder);
      return nullptr;
    }
  }
  const QString finalPath = dir.filePath(databaseFileName());
  const QString tempPath = finalPath + QStringLiteral(".creating");
  QFile::remove(tempPath);
  {
    auto db = Database::open(tempPath, Database::Mode::Create, error);
    if (!db) return nullptr;
    ProjectMetaRepository meta(*db);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QString projectName = name.isEmpty() ? dir.dirName() : name;
    const bool ok = meta.set(QStringLiteral("name"), projectName, error) &&
                    meta.set(QStringLiteral("description"), description, error) &&
                    meta.set(QStringLiteral("created_at"), now, error) &&
                    meta.set(QStringLiteral("created_with"), QStringLiteral(ATELIER_VERSION), error) &&
                    meta.set(QStringLiteral("uuid"), QUuid::createUuid().toString(QUuid::WithoutBraces), error) &&
                    ActivityRepository(*db).add(QStringLiteral("created"),
                                                QStringLiteral("Project \"%1\" created").arg(projectName),
                                                error);
    if (!ok) {
      db.reset();
      QFile::remove(tempPath);
      return nullptr;
    }
  }  // closing the last connection checkpoints the WAL into the file
  QFile::remove(tempPath + QStringLiteral("-wal"));
  QFile::remove(tempPath + QStringLiteral("-shm"));
  if (!QFile::rename(tempPath, finalPath)) {
    *error = QStringLiteral("Cannot move the new database into place as %1.").arg(finalPath);
    QFile::remove(tempPath);
    return nullptr;
  }
  logInfo(QStringLiteral("project"), QStringLiteral("Created project %1").arg(folder));
  return openFolder(folder, false, error);
}

std::unique_ptr<Project> Project::open(const QString& folderPath, QString* error) {
  return openFolder(folderPath, true, error);
}

std::unique_ptr<Project> Project::openFolder(const QString& folderPath, bool recordOpening,
                                             QString* error) {
  const QString folder = QFileInfo(folderPath).absoluteFilePath();
  if (!QFileInfo(folder).isDir()) {
    *error = QStringLiteral("%1 is not a folder.").arg(folder);
    return nullptr;
  }
  const QString dbPath = QDir(folder).filePath(databaseFileName());
  if (!QFileInfo(dbPath).exists()) {
    *error = QStringLiteral("%1 is not an Atelier project (it has no %2). Create a new project "
                            "there, or pick the folder that holds %2.")
                 .arg(folder, databaseFileName());
    return nullptr;
  }
  auto db = Database::open(dbPath, Database::Mode::Open, error);
  if (!db) return nullptr;
  // Subfolders may have been deleted by hand; recreate them quietly.
  for (const QString& sub : subfolderNames()) QDir(folder).mkpath(sub);
  std::unique_ptr<Project> project(new Project(folder, std::move(db)));
  if (recordOpening)
    ActivityRepository(project->database()).add(QStringLiteral("opened"), QStringLiteral("Project opened"));
  return project;
}

bool Project::inspect(const QString& folderPath, ProjectSummary* summary, QString* error) {
  const QString folder = QFileInfo(folderPath).absoluteFilePath();
  const QString dbPath = QDir(folder).filePath(databaseFileName());
  if (!QFileInfo(dbPath).exists()) {
    *error = QStringLiteral("%1 is not an Atelier project (it has no %2).").arg(folder, databaseFileName());
    return false;
  }
  auto db = Database::open(dbPath, Database::Mode::Inspect, error);
  if (!db) return false;
  return fillSummary(folder, *db, summary);
}

QString Project::name() const {
  return ProjectMetaRepository(*mDb).get(QStringLiteral("name"), QDir(mFolder).dirName());
}

QString Project::logFilePath() const { return QDir(mFolder).filePath(QStringLiteral("atelier.log")); }

ProjectSummary Project::summary() {
  ProjectSummary s;
  fillSummary(mFolder, *mDb, &s);
  return s;
}

bool Project::fillSummary(const QString& folder, Database& db, ProjectSummary* s) {
  ProjectMetaRepository meta(db);
  s->folder = folder;
  s->schemaVersion = db.schemaVersion();
  s->latestSchemaVersion = latestSchemaVersion();
  // A database from before project_meta existed has no names to read.
  if (s->schemaVersion >= 1) {
    s->name = meta.get(QStringLiteral("name"), QDir(folder).dirName());
    s->description = meta.get(QStringLiteral("description"));
    s->createdAt = QDateTime::fromString(meta.get(QStringLiteral("created_at")), Qt::ISODateWithMs);
    s->createdWith = meta.get(QStringLiteral("created_with"));
  }
  if (s->schemaVersion >= 2) s->recentActivity = ActivityRepository(db).recent(20);
  s->integrity = db.integrityCheck();
  s->tableCounts = db.tableRowCounts();
  s->diskBytes = 0;
  QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    it.next();
    s->diskBytes += it.fileInfo().size();
  }
  return true;
}

QJsonObject projectSummaryToJson(const ProjectSummary& s) {
  QJsonObject tables;
  for (const auto& t : s.tableCounts) tables.insert(t.first, t.second);
  return QJsonObject{
      {QStringLiteral("folder"), s.folder},
      {QStringLiteral("name"), s.name},
      {QStringLiteral("description"), s.description},
      {QStringLiteral("created_at"), s.createdAt.toString(Qt::ISODateWithMs)},
      {QStringLiteral("created_with"), s.createdWith},
      {QStringLiteral("schema_version"), s.schemaVersion},
      {QStringLiteral("latest_schema_version"), s.latestSchemaVersion},
      {QStringLiteral("needs_upgrade"), s.schemaVersion < s.latestSchemaVersion},
      {QStringLiteral("integrity"), s.integrity},
      {QStringLiteral("tables"), tables},
      {QStringLiteral("disk_bytes"), s.diskBytes},
  };
}

}  // namespace Atelier
