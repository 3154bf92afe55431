#pragma once

#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace Atelier {

// The project's SQLite database. The only class that opens SQLite connections.
//
// Every connection (one per thread, made on first use in that thread) runs
// with foreign_keys=ON, synchronous=FULL and a busy timeout; the file is in
// WAL mode. Opening validates before it writes anything: a damaged file, a
// database from a newer Atelier, a read-only folder or a database locked by
// another program gives a clear message and leaves the file byte-identical.
class Database {
 public:
  enum class Mode {
    Create,   // the file must not exist; it is created at the latest schema
    Open,     // the file must exist; it is migrated to the latest schema
    Inspect,  // the file must exist; nothing is written (no migration, no WAL switch)
  };

  struct Options {
    int busyTimeoutMs = 5000;
    bool backupBeforeMigration = true;  // VACUUM INTO <file>.v<N>.bak before upgrading
  };

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  static std::unique_ptr<Database> open(const QString& path, Mode mode, QString* error);
  static std::unique_ptr<Database> open(const QString& path, Mode mode, const Options& options,
                                        QString* error);

  QString path() const { return mPath; }
  bool isReadOnly() const { return mMode == Mode::Inspect; }

  // This thread's connection, opened on first use. Use it only on this thread.
  QSqlDatabase connection();

  // Closes this thread's connection (worker threads call it before they end).
  void releaseThreadConnection();

  int schemaVersion();
  // "ok", or SQLite's list of problems.
  QString integrityCheck();
  // Row counts of every user table, by name.
  QList<QPair<QString, qint64>> tableRowCounts();

 private:
  Database(const QString& path, Mode mode, const Options& options);
  bool initialize(QString* error);
  bool openConnection(const QString& name, QSqlDatabase* db, QString* error);
  QString connectionName() const;

  QString mPath;
  Mode mMode;
  Options mOptions;
  quint64 mId;
  QMutex mMutex;
  QSet<QString> mConnectionNames;
};

// True when an SQLite error text means another program holds the database.
bool isSqliteLockError(const QString& text);

}  // namespace Atelier
