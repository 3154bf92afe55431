#include "database.h"

#include "log/logger.h"
#include "migrations.h"
#include "sqlitefilecheck.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QVariant>

#include <unistd.h>

namespace Atelier {
namespace {

QAtomicInteger<quint64> gNextId{1};

QString lockedMessage(const QString& path) {
  return QStringLiteral("%1 is in use by another program (another Atelier window, or a "
                        "training job still running). Close it and try again.")
      .arg(path);
}

// access(W_OK) is what the kernel will say when SQLite tries to write. WAL
// needs the folder writable too, for the -wal and -shm files.
bool writable(const QString& path) {
  return ::access(QFile::encodeName(path).constData(), W_OK) == 0;
}

}  // namespace

bool isSqliteLockError(const QString& text) {
  return text.contains(QStringLiteral("locked"), Qt::CaseInsensitive) ||
         text.contains(QStringLiteral("busy"), Qt::CaseInsensitive);
}

Database::Database(const QString& path, Mode mode, const Options& options)
    : mPath(path), mMode(mode), mOptions(options), mId(gNextId.fetchAndAddRelaxed(1)) {}

Database::~Database() {
  QMutexLocker lock(&mMutex);
  for (const QString& name : std::as_const(mConnectionNames)) {
    {
      QSqlDatabase db = QSqlDatabase::database(name, false);
      if (db.isOpen()) db.close();
    }
    QSqlDatabase::removeDatabase(name);
  }
}

std::unique_ptr<Database> Database::open(const QString& path, Mode mode, QString* error) {
  return open(path, mode, Options(), error);
}

std::unique_ptr<Database> Database::open(const QString& path, Mode mode, const Options& options,
                                         QString* error) {
  const QFileInfo info(path);
  const QString folder = info.absolutePath();
  if (mode == Mode::Create) {
    if (info.exists()) {
      *error = QStringLiteral("%1 already exists; it was not changed.").arg(path);
      return nullptr;
    }
    if (!QFileInfo(folder).isDir()) {
      *error = QStringLiteral("The folder %1 does not exist.").arg(folder);
      return nullptr;
    }
  } else {
    if (!info.exists()) {
      *error = QStringLiteral("%1 does not exist.").arg(path);
      return nullptr;
    }
    if (!checkSqliteFileHeader(path, error)) return nullptr;
  }
  if (mode != Mode::Inspect && (!writable(folder) || (info.exists() && !writable(path)))) {
    *error = QStringLiteral("The project folder %1 is read-only, and Atelier needs to write "
                            "next to the database. Copy the project to a folder you can write "
                            "to, or change its permissions. Nothing was changed.")
                 .arg(folder);
    return nullptr;
  }
  std::unique_ptr<Database> db(new Database(info.absoluteFilePath(), mode, options));
  if (!db->initialize(error)) return nullptr;
  return db;
}

QString Database::connectionName() const {
  return QStringLiteral("atelier-db-%1-%2")
      .arg(mId)
      .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()));
}

bool Database::openConnection(const QString& name, QSqlDatabase* out, QString* error) {
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
  db.setDatabaseName(mPath);
  QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(mOptions.busyTimeoutMs);
  if (mMode == Mode::Inspect) {
    options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    // A WAL database in a folder nobody may write to cannot get its -shm
    // file; SQLite reads it only when told the file is immutable. Nothing can
    // change it there anyway, short of the owner fixing the permissions.
    if (!writable(QFileInfo(mPath).absolutePath())) {
      options += QStringLiteral(";QSQLITE_OPEN_URI");
      db.setDatabaseName(QUrl::fromLocalFile(mPath).toString(QUrl::FullyEncoded) +
                         QStringLiteral("?immutable=1"));
    }
  }
  db.setConnectOptions(options);
  if (!db.open()) {
    const QString text = db.lastError().text();
    *error = isSqliteLockError(text) ? lockedMessage(mPath)
                                     : QStringLiteral("Cannot open %1: %2").arg(mPath, text);
    return false;
  }
  QSqlQuery q(db);
  const QStringList pragmas = {QStringLiteral("PRAGMA foreign_keys = ON"),
                               QStringLiteral("PRAGMA synchronous = FULL")};
  for (const QString& sql : pragmas) {
    if (!q.exec(sql)) {
      const QString text = q.lastError().text();
      *error = isSqliteLockError(text) ? lockedMessage(mPath)
                                       : QStringLiteral("Cannot set up %1: %2").arg(mPath, text);
      return false;
    }
  }
  *out = db;
  return true;
}

QSqlDatabase Database::connection() {
  const QString name = connectionName();
  {
    QMutexLocker lock(&mMutex);
    if (mConnectionNames.contains(name)) return QSqlDatabase::database(name, false);
    mConnectionNames.insert(name);
  }
  QSqlDatabase db;
  QString error;
  if (!openConnection(name, &db, &error)) {
    logError(QStringLiteral("storage"), error);
    return QSqlDatabase::database(name, false);  // closed: queries on it report the error
  }
  return db;
}

void Database::releaseThreadConnection() {
  const QString name = connectionName();
  QMutexLocker lock(&mMutex);
  if (!mConnectionNames.remove(name)) return;
  {
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isOpen()) db.close();
  }
  QSqlDatabase::removeDatabase(name);
}

bool Database::initialize(QString* error) {
  const QString name = connectionName();
  QSqlDatabase db;
  {
    QMutexLocker lock(&mMutex);
    mConnectionNames.insert(name);
  }
  if (!openConnection(name, &db, error)) return false;
  QSqlQuery q(db);

  // 1. Read-only checks first: version, then integrity.
  if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
    const QString text = q.lastError().text();
    *error = isSqliteLockError(text)
                 ? lockedMessage(mPath)
                 : QStringLiteral("%1 cannot be read as a database (%2). Restore it from a "
                                  "backup; Atelier has not changed it.")
                       .arg(mPath, text);
    return false;
  }
  const int version = q.value(0).toInt();
  q.finish();
  const int latest = latestSchemaVersion();
  if (version > latest) {
    *error = QStringLiteral("%1 was saved by a newer Atelier (project format %2; this version "
                            "reads up to %3). Open it with a newer Atelier; it has not been "
                            "changed.")
                 .arg(mPath)
                 .arg(version)
                 .arg(latest);
    return false;
  }
  if (mMode != Mode::Create) {
    const QString integrity = integrityCheck();
    if (integrity != QLatin1String("ok")) {
      *error = isSqliteLockError(integrity)
                   ? lockedMessage(mPath)
                   : QStringLiteral("%1 is damaged (SQLite's integrity check says: %2). Restore "
                                    "it from a backup; Atelier has not changed it.")
                         .arg(mPath, integrity.left(500));
      return false;
    }
  }
  if (mMode == Mode::Inspect) return true;

  // 2. Only now write: WAL mode, then the schema.
  if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !q.next()) {
    const QString text = q.lastError().text();
    *error = isSqliteLockError(text) ? lockedMessage(mPath)
                                     : QStringLiteral("Cannot switch %1 to WAL mode: %2")
                                           .arg(mPath, text);
    return false;
  }
  if (q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
    *error = QStringLiteral("%1 could not be put in WAL mode (journal mode is %2); is the "
                            "folder on a network or read-only file system?")
                 .arg(mPath, q.value(0).toString());
    return false;
  }
  q.finish();
  if (version > 0 && version < latest && mOptions.backupBeforeMigration) {
    const QString backup = mPath + QStringLiteral(".v%1.bak").arg(version);
    QFile::remove(backup);
    QSqlQuery vacuum(db);
    vacuum.prepare(QStringLiteral("VACUUM INTO ?"));
    vacuum.addBindValue(backup);
    if (!vacuum.exec()) {
      *error = QStringLiteral("Could not back up %1 before upgrading it: %2. Nothing was changed.")
                   .arg(mPath, vacuum.lastError().text());
      return false;
    }
    logInfo(QStringLiteral("storage"),
            QStringLiteral("Backed up project format %1 to %2 before upgrading").arg(version).arg(backup));
  }
  QString migrateError;
  if (!migrateSchema(db, latest, &migrateError)) {
    *error = isSqliteLockError(migrateError)
                 ? lockedMessage(mPath)
                 : QStringLiteral("Could not upgrade %1: %2").arg(mPath, migrateError);
    return false;
  }
  if (version != latest && version > 0)
    logInfo(QStringLiteral("storage"),
            QStringLiteral("Upgraded %1 from project format %2 to %3").arg(mPath).arg(version).arg(latest));
  return true;
}

int Database::schemaVersion() {
  QSqlQuery q(connection());
  if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) return -1;
  return q.value(0).toInt();
}

QString Database::integrityCheck() {
  QSqlQuery q(connection());
  if (!q.exec(QStringLiteral("PRAGMA integrity_check"))) return q.lastError().text();
  QStringList problems;
  while (q.next()) problems << q.value(0).toString();
  if (problems.isEmpty()) return q.lastError().isValid() ? q.lastError().text() : QStringLiteral("no result");
  return problems.join(QStringLiteral("; "));
}

QList<QPair<QString, qint64>> Database::tableRowCounts() {
  QList<QPair<QString, qint64>> counts;
  QSqlDatabase db = connection();
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                             "LIKE 'sqlite_%' ORDER BY name")))
    return counts;
  QStringList tables;
  while (q.next()) tables << q.value(0).toString();
  for (const QString& table : tables) {
    QSqlQuery c(db);
    // Table names come from sqlite_master, quoted as identifiers.
    QString quoted = table;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    if (c.exec(QStringLiteral("SELECT COUNT(*) FROM \"%1\"").arg(quoted)) && c.next())
      counts.append({table, c.value(0).toLongLong()});
  }
  return counts;
}

}  // namespace Atelier
