// Project folders: layout, atomic creation, refusal of non-empty folders,
// inspection without writes, and the sample project.
#include "project/project.h"
#include "project/sampleproject.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/projectmetarepository.h"
#include "tokenizer/sentencepiecetokenizer.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

class TestProject : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void createMakesTheLayout();
  void createRefusesNonEmptyFolder();
  void createLeavesNoTemporaryFiles();
  void openRecordsActivityAndKeepsData();
  void openRefusesFolderWithoutDatabase();
  void inspectCountsRowsWithoutWriting();
  void sampleProjectHasWorkingTokenizer();
};

void TestProject::createMakesTheLayout() {
  QTemporaryDir tmp;
  const QString folder = tmp.filePath(QStringLiteral("new/nested/project"));
  QString error;
  auto p = Project::create(folder, QStringLiteral("Helpdesk"), QStringLiteral("for tickets"), &error);
  QVERIFY2(p, qPrintable(error));
  QVERIFY(QFileInfo(QDir(folder).filePath(QStringLiteral("project.db"))).isFile());
  for (const QString& sub : Project::subfolderNames()) QVERIFY(QDir(folder).exists(sub));
  QCOMPARE(p->name(), QStringLiteral("Helpdesk"));
  const ProjectSummary s = p->summary();
  QCOMPARE(s.description, QStringLiteral("for tickets"));
  QCOMPARE(s.schemaVersion, latestSchemaVersion());
  QCOMPARE(s.integrity, QStringLiteral("ok"));
  QVERIFY(s.createdAt.isValid());
  QVERIFY(!s.recentActivity.isEmpty());
}

void TestProject::createRefusesNonEmptyFolder() {
  QTemporaryDir tmp;
  QFile f(tmp.filePath(QStringLiteral("notes.txt")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("mine");
  f.close();
  QString error;
  QVERIFY(!Project::create(tmp.path(), QString(), QString(), &error));
  QVERIFY2(error.contains(QStringLiteral("not empty")), qPrintable(error));
  QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("project.db"))));
  // And a folder that is already a project says so.
  const QString folder = tmp.filePath(QStringLiteral("p"));
  QVERIFY(Project::create(folder, QString(), QString(), &error));
  QVERIFY(!Project::create(folder, QString(), QString(), &error));
  QVERIFY2(error.contains(QStringLiteral("already holds a project")), qPrintable(error));
}

void TestProject::createLeavesNoTemporaryFiles() {
  QTemporaryDir tmp;
  QString error;
  auto p = Project::create(tmp.filePath(QStringLiteral("p")), QString(), QString(), &error);
  QVERIFY2(p, qPrintable(error));
  const QStringList files = QDir(p->folder()).entryList(QDir::Files);
  for (const QString& f : files) QVERIFY2(!f.contains(QStringLiteral("creating")), qPrintable(f));
}

void TestProject::openRecordsActivityAndKeepsData() {
  QTemporaryDir tmp;
  const QString folder = tmp.filePath(QStringLiteral("p"));
  QString error;
  {
    auto p = Project::create(folder, QStringLiteral("Keep me"), QString(), &error);
    QVERIFY2(p, qPrintable(error));
  }
  QDir(folder).rmdir(QStringLiteral("runs"));  // a user deleted a subfolder by hand
  auto p = Project::open(folder, &error);
  QVERIFY2(p, qPrintable(error));
  QCOMPARE(p->name(), QStringLiteral("Keep me"));
  QVERIFY(QDir(folder).exists(QStringLiteral("runs")));
  const auto activity = ActivityRepository(p->database()).recent(10);
  QCOMPARE(activity.size(), 2);  // created, opened
  QCOMPARE(activity.first().kind, QStringLiteral("opened"));
}

void TestProject::openRefusesFolderWithoutDatabase() {
  QTemporaryDir tmp;
  QString error;
  QVERIFY(!Project::open(tmp.path(), &error));
  QVERIFY2(error.contains(QStringLiteral("not an Atelier project")), qPrintable(error));
  QVERIFY(!Project::open(tmp.filePath(QStringLiteral("missing")), &error));
  QVERIFY2(error.contains(QStringLiteral("not a folder")), qPrintable(error));
}

void TestProject::inspectCountsRowsWithoutWriting() {
  QTemporaryDir tmp;
  const QString folder = tmp.filePath(QStringLiteral("p"));
  QString error;
  { QVERIFY(Project::create(folder, QStringLiteral("Counted"), QString(), &error)); }
  const QString db = QDir(folder).filePath(QStringLiteral("project.db"));
  const QByteArray before = AtelierTest::fileHash(db);
  ProjectSummary s;
  QVERIFY2(Project::inspect(folder, &s, &error), qPrintable(error));
  QCOMPARE(s.name, QStringLiteral("Counted"));
  QHash<QString, qint64> counts;
  for (const auto& t : s.tableCounts) counts.insert(t.first, t.second);
  QCOMPARE(counts.value(QStringLiteral("project_meta")), 5);
  QCOMPARE(counts.value(QStringLiteral("activity")), 1);  // created
  QCOMPARE(AtelierTest::fileHash(db), before);
  const QJsonObject json = projectSummaryToJson(s);
  QCOMPARE(json.value(QStringLiteral("integrity")).toString(), QStringLiteral("ok"));
  QCOMPARE(json.value(QStringLiteral("tables")).toObject().value(QStringLiteral("activity")).toInt(), 1);
}

void TestProject::sampleProjectHasWorkingTokenizer() {
  QTemporaryDir tmp;
  const QString folder = tmp.filePath(QStringLiteral("sample"));
  QString error;
  auto p = createSampleProject(folder, &error);
  QVERIFY2(p, qPrintable(error));
  QVERIFY(p->name().startsWith(QStringLiteral("Sample")));
  auto tok = SentencePieceTokenizer::load(sampleTokenizerPath(*p), &error);
  QVERIFY2(tok, qPrintable(error));
  QCOMPARE(tok->vocabSize(), 400);
  std::vector<int32_t> ids;
  QVERIFY(tok->encode(QStringLiteral("Do you repair wheels?"), &ids));
  QString back;
  QVERIFY(tok->decode(ids, &back));
  QCOMPARE(back, QStringLiteral("Do you repair wheels?"));
}

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
