// The project database: pragmas on every connection, migrations, and the
// refusal paths (damaged, newer, read-only, locked) that must never write.
#include "storage/database.h"
#include "storage/migrations.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/wait.h>
#include <unistd.h>

using namespace Atelier;
using AtelierTest::fileHash;

namespace {

QVariant pragma(QSqlDatabase db, const QString& name) {
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("PRAGMA ") + name) || !q.next()) return {};
  return q.value(0);
}

// A plain connection outside Database, for building fixtures and holding locks.
QSqlDatabase rawConnection(const QString& path, const QString& name) {
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
  db.setDatabaseName(path);
  db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=0"));
  if (!db.open()) qFatal("cannot open fixture %s", qPrintable(path));
  return db;
}

// Builds a database at schema `version` with the data a user of that version would have.
void makeDatabaseAtVersion(const QString& path, int version) {
  {
    QSqlDatabase db = rawConnection(path, QStringLiteral("fixture"));
    QString error;
    QVERIFY2(migrateSchema(db, version, &error), qPrintable(error));
    QSqlQuery q(db);
    if (version >= 1) {
      QVERIFY(q.exec(QStringLiteral("INSERT INTO project_meta VALUES('name', 'Old project')")));
      QVERIFY(q.exec(QStringLiteral(
          "INSERT INTO project_meta VALUES('created_at', '2025-01-02T03:04:05.000Z')")));
    }
    if (version >= 2)  // what v2's backfill would have written for this project
      QVERIFY(q.exec(QStringLiteral(
          "INSERT INTO activity(at, kind, message) VALUES('2025-01-02T03:04:05.000Z', 'created', 'Project created')")));
    if (version >= 3) {
      QVERIFY(q.exec(QStringLiteral("INSERT INTO datasets(name, kind, format, source_file, created_at) "
                                    "VALUES('faq', 'chat', 'alpaca', '/x.jsonl', '2025-01-02')")));
      QVERIFY(q.exec(QStringLiteral("INSERT INTO conversations(dataset_id, source_line, original) VALUES(1, 1, '{}')")));
      QVERIFY(q.exec(QStringLiteral("INSERT INTO turns(conversation_id, position, role, content) VALUES(1, 0, 'user', 'hi')")));
    }
    if (version == 0) QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 0")));
    QCOMPARE(pragma(db, QStringLiteral("user_version")).toInt(), version);
    db.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
}

}  // namespace

class TestDatabase : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // First: it forks, which is only safe while the process has one thread.
  void readOnlyFolderIsRefusedUntouched();
  void createdDatabaseHasPragmasOnEveryConnection();
  void connectionsArePerThread();
  void migratesFromEveryEarlierVersion_data();
  void migratesFromEveryEarlierVersion();
  void migrationStepsAreAtomic();
  void newerVersionIsRefusedUntouched();
  void garbageFileIsRefusedUntouched();
  void truncatedFileIsRefusedUntouched_data();
  void truncatedFileIsRefusedUntouched();
  void damagedPagesAreRefusedUntouched();
  void lockedDatabaseIsRefused();
  void inspectModeWritesNothing();
  void createRefusesExistingFile();
};

void TestDatabase::readOnlyFolderIsRefusedUntouched() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  {
    QString error;
    auto db = Database::open(path, Database::Mode::Create, &error);
    QVERIFY2(db, qPrintable(error));
  }
  const QByteArray before = fileHash(path);
  QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
  QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                        QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
  // root may write anywhere, so as root the check runs in a child that drops to nobody.
  int pipeFds[2];
  QVERIFY(pipe(pipeFds) == 0);
  const pid_t pid = fork();
  QVERIFY(pid >= 0);
  if (pid == 0) {
    close(pipeFds[0]);
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(3);
    QString error;
    auto db = Database::open(path, Database::Mode::Open, &error);
    const QByteArray message = db ? QByteArray("OPENED") : error.toUtf8();
    (void)!write(pipeFds[1], message.constData(), message.size());
    _exit(0);
  }
  close(pipeFds[1]);
  QByteArray message;
  char buffer[512];
  ssize_t n;
  while ((n = read(pipeFds[0], buffer, sizeof(buffer))) > 0) message.append(buffer, n);
  close(pipeFds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
  QVERIFY2(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child could not drop privileges");
  QVERIFY2(message.contains("read-only"), message.constData());
  QCOMPARE(fileHash(path), before);
  QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestDatabase::createdDatabaseHasPragmasOnEveryConnection() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  QString error;
  auto db = Database::open(path, Database::Mode::Create, &error);
  QVERIFY2(db, qPrintable(error));
  QSqlDatabase c = db->connection();
  QCOMPARE(pragma(c, QStringLiteral("journal_mode")).toString(), QStringLiteral("wal"));
  QCOMPARE(pragma(c, QStringLiteral("foreign_keys")).toInt(), 1);
  QCOMPARE(pragma(c, QStringLiteral("synchronous")).toInt(), 2);  // FULL
  QCOMPARE(db->schemaVersion(), latestSchemaVersion());
  QCOMPARE(db->integrityCheck(), QStringLiteral("ok"));
}

void TestDatabase::connectionsArePerThread() {
  QTemporaryDir dir;
  QString error;
  auto db = Database::open(dir.filePath(QStringLiteral("p.db")), Database::Mode::Create, &error);
  QVERIFY2(db, qPrintable(error));
  const QString mainName = db->connection().connectionName();
  QString workerName;
  int workerForeignKeys = -1;
  int workerSynchronous = -1;
  QThread* worker = QThread::create([&] {
    QSqlDatabase c = db->connection();
    workerName = c.connectionName();
    workerForeignKeys = pragma(c, QStringLiteral("foreign_keys")).toInt();
    workerSynchronous = pragma(c, QStringLiteral("synchronous")).toInt();
    db->releaseThreadConnection();
  });
  worker->start();
  QVERIFY(worker->wait(10000));
  delete worker;
  QVERIFY(!workerName.isEmpty());
  QVERIFY(workerName != mainName);
  QCOMPARE(workerForeignKeys, 1);
  QCOMPARE(workerSynchronous, 2);
  QCOMPARE(db->connection().connectionName(), mainName);  // reused on the same thread
}

void TestDatabase::migratesFromEveryEarlierVersion_data() {
  QTest::addColumn<int>("from");
  // Parallel branches number their steps ahead of merging: only versions a step produces.
  QList<int> versions = {0};
  for (const Migration& step : schemaMigrations())
    if (step.version < latestSchemaVersion()) versions << step.version;
  for (int v : versions)
    QTest::newRow(qPrintable(QStringLiteral("v%1").arg(v))) << v;
}

void TestDatabase::migratesFromEveryEarlierVersion() {
  QFETCH(int, from);
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  makeDatabaseAtVersion(path, from);
  QString error;
  auto db = Database::open(path, Database::Mode::Open, &error);
  QVERIFY2(db, qPrintable(error));
  QCOMPARE(db->schemaVersion(), latestSchemaVersion());
  QCOMPARE(db->integrityCheck(), QStringLiteral("ok"));
  QSqlQuery q(db->connection());
  if (from >= 1) {
    QVERIFY(q.exec(QStringLiteral("SELECT value FROM project_meta WHERE key = 'name'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("Old project"));
    // v2 backfills the creation into the activity history.
    QVERIFY(q.exec(QStringLiteral("SELECT at, kind FROM activity ORDER BY id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("2025-01-02T03:04:05.000Z"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("created"));
    if (from >= 3) {
      QVERIFY(q.exec(QStringLiteral("SELECT content FROM turns")) && q.next());
      QCOMPARE(q.value(0).toString(), QStringLiteral("hi"));
    }
    // An existing project is backed up before it is upgraded.
    QVERIFY(QFile::exists(path + QStringLiteral(".v%1.bak").arg(from)));
  }
}

void TestDatabase::migrationStepsAreAtomic() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  makeDatabaseAtVersion(path, 1);
  {
    // A table the v2 step wants to create already exists: the step must fail whole.
    QSqlDatabase c = rawConnection(path, QStringLiteral("sabotage"));
    QVERIFY(QSqlQuery(c).exec(QStringLiteral("CREATE TABLE activity(x)")));
    c.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("sabotage"));
  QString error;
  auto db = Database::open(path, Database::Mode::Open, &error);
  QVERIFY(!db);
  QVERIFY2(error.contains(QStringLiteral("schema step 2")), qPrintable(error));
  {
    QSqlDatabase c = rawConnection(path, QStringLiteral("after"));
    QCOMPARE(pragma(c, QStringLiteral("user_version")).toInt(), 1);
    QSqlQuery q(c);
    QVERIFY(!q.exec(QStringLiteral("SELECT * FROM sqlite_master WHERE name = 'activity_at'")) || !q.next());
    c.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("after"));
}

void TestDatabase::newerVersionIsRefusedUntouched() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  makeDatabaseAtVersion(path, latestSchemaVersion());
  {
    QSqlDatabase c = rawConnection(path, QStringLiteral("bump"));
    QVERIFY(QSqlQuery(c).exec(QStringLiteral("PRAGMA user_version = %1").arg(latestSchemaVersion() + 7)));
    c.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("bump"));
  const QByteArray before = fileHash(path);
  QString error;
  auto db = Database::open(path, Database::Mode::Open, &error);
  QVERIFY(!db);
  QVERIFY2(error.contains(QStringLiteral("newer Atelier")), qPrintable(error));
  QVERIFY2(error.contains(QString::number(latestSchemaVersion() + 7)), qPrintable(error));
  QCOMPARE(fileHash(path), before);
}

void TestDatabase::garbageFileIsRefusedUntouched() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  QByteArray garbage;
  for (int i = 0; i < 8192; ++i) garbage.append(char((i * 7919) % 251));
  f.write(garbage);
  f.close();
  const QByteArray before = fileHash(path);
  QString error;
  QVERIFY(!Database::open(path, Database::Mode::Open, &error));
  QVERIFY2(error.contains(QStringLiteral("not an SQLite database")), qPrintable(error));
  QCOMPARE(fileHash(path), before);
  QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestDatabase::truncatedFileIsRefusedUntouched_data() {
  QTest::addColumn<int>("keepBytes");
  QTest::newRow("empty") << 0;
  QTest::newRow("half a header") << 50;
  QTest::newRow("header only") << 100;
  QTest::newRow("first page") << 4096;
  QTest::newRow("mid page") << 6000;
}

void TestDatabase::truncatedFileIsRefusedUntouched() {
  QFETCH(int, keepBytes);
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  makeDatabaseAtVersion(path, latestSchemaVersion());
  {
    QSqlDatabase c = rawConnection(path, QStringLiteral("grow"));
    QSqlQuery q(c);
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE filler(x TEXT)")));
    for (int i = 0; i < 50; ++i)
      QVERIFY(q.exec(QStringLiteral("INSERT INTO filler VALUES(hex(randomblob(200)))")));
    c.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("grow"));
  QVERIFY(QFileInfo(path).size() > keepBytes);
  QVERIFY(QFile::resize(path, keepBytes));
  const QByteArray before = fileHash(path);
  QString error;
  QVERIFY(!Database::open(path, Database::Mode::Open, &error));
  QVERIFY2(error.contains(QStringLiteral("truncated")) || error.contains(QStringLiteral("empty")) ||
               error.contains(QStringLiteral("damaged")),
           qPrintable(error));
  QVERIFY2(error.contains(QStringLiteral("has not changed")) || error.contains(QStringLiteral("backup")),
           qPrintable(error));
  QCOMPARE(fileHash(path), before);
}

void TestDatabase::damagedPagesAreRefusedUntouched() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  makeDatabaseAtVersion(path, latestSchemaVersion());
  {
    QSqlDatabase c = rawConnection(path, QStringLiteral("grow2"));
    QSqlQuery q(c);
    QVERIFY(q.exec(QStringLiteral("CREATE TABLE filler(x TEXT)")));
    QVERIFY(q.exec(QStringLiteral("CREATE INDEX filler_x ON filler(x)")));
    for (int i = 0; i < 200; ++i)
      QVERIFY(q.exec(QStringLiteral("INSERT INTO filler VALUES(hex(randomblob(100)))")));
    c.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("grow2"));
  // Overwrite the middle of the file (not the header) with a pattern.
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadWrite));
  const qint64 size = f.size();
  QVERIFY(size > 5 * 4096);
  f.seek(2 * 4096 + 100);
  f.write(QByteArray(3 * 4096, '\xA5'));
  f.close();
  const QByteArray before = fileHash(path);
  QString error;
  QVERIFY(!Database::open(path, Database::Mode::Open, &error));
  QVERIFY2(error.contains(QStringLiteral("damaged")) || error.contains(QStringLiteral("cannot be read")),
           qPrintable(error));
  QCOMPARE(fileHash(path), before);
}

void TestDatabase::lockedDatabaseIsRefused() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  { QString e; QVERIFY(Database::open(path, Database::Mode::Create, &e)); }
  {
    QSqlDatabase holder = rawConnection(path, QStringLiteral("holder"));
    QSqlQuery q(holder);
    QVERIFY(q.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
    QVERIFY(q.exec(QStringLiteral("BEGIN EXCLUSIVE")));
    QVERIFY2(q.exec(QStringLiteral("INSERT INTO project_meta VALUES('k', 'v')")), qPrintable(q.lastError().text()));

    Database::Options options;
    options.busyTimeoutMs = 200;
    QString error;
    auto db = Database::open(path, Database::Mode::Open, options, &error);
    QVERIFY(!db);
    QVERIFY2(error.contains(QStringLiteral("in use by another program")), qPrintable(error));
    QVERIFY(q.exec(QStringLiteral("ROLLBACK")));
    holder.close();
  }
  QSqlDatabase::removeDatabase(QStringLiteral("holder"));
  QString error;
  QVERIFY2(Database::open(path, Database::Mode::Open, &error), qPrintable(error));
}

void TestDatabase::inspectModeWritesNothing() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  makeDatabaseAtVersion(path, 1);  // older: Open would upgrade it, Inspect must not
  const QByteArray before = fileHash(path);
  QString error;
  {
    auto db = Database::open(path, Database::Mode::Inspect, &error);
    QVERIFY2(db, qPrintable(error));
    QCOMPARE(db->schemaVersion(), 1);
    QCOMPARE(db->integrityCheck(), QStringLiteral("ok"));
    QVERIFY(!QSqlQuery(db->connection()).exec(QStringLiteral("CREATE TABLE x(y)")));
  }
  QCOMPARE(fileHash(path), before);
  QVERIFY(!QFile::exists(path + QStringLiteral(".v1.bak")));
}

void TestDatabase::createRefusesExistingFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("project.db"));
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("precious");
  f.close();
  QString error;
  QVERIFY(!Database::open(path, Database::Mode::Create, &error));
  QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
  QFile g(path);
  QVERIFY(g.open(QIODevice::ReadOnly));
  QCOMPARE(g.readAll(), QByteArray("precious"));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
