// `atelier rank ...` as a user runs it (the real binary through QProcess):
// prompt sets, candidates with provenance, judgements that survive SIGKILL,
// export/import between two copies with merged statistics, DPO pairs.
#include "project/project.h"
#include "storage/database.h"
#include "storage/rankingrepository.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Atelier;

namespace {

struct Run {
  int exitCode = -1;
  QByteArray out, err;
  QJsonObject json() const { return QJsonDocument::fromJson(out.trimmed().split('\n').last()).object(); }
};

QProcessEnvironment cliEnvironment() {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.remove(QStringLiteral("DISPLAY"));
  env.remove(QStringLiteral("WAYLAND_DISPLAY"));
  env.remove(QStringLiteral("QT_QPA_PLATFORM"));
  return env;
}

Run atelier(const QStringList& args) {
  QProcess p;
  p.setProcessEnvironment(cliEnvironment());
  p.start(QStringLiteral(ATELIER_BINARY), args);
  Run r;
  if (!p.waitForFinished(240000)) return r;
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

}  // namespace

class TestRankCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void everyRankVerbHasHelp();
  void promptsAndCandidates();
  void judgementsSurviveSigkill();
  void twoCopiesExportImportStats();
  void badInputIsExplained();

 private:
  QString project(const QString& name);
  QTemporaryDir mTmp;
  QString mModel;
};

QString TestRankCli::project(const QString& name) {
  const QString dir = mTmp.filePath(name);
  Run r = atelier({QStringLiteral("project"), QStringLiteral("init"), dir, QStringLiteral("--json")});
  return r.exitCode == 0 ? dir : QString();
}

void TestRankCli::initTestCase() {
  QVERIFY(mTmp.isValid());
  mModel = mTmp.filePath(QStringLiteral("model"));
  Run r = atelier({QStringLiteral("model"), QStringLiteral("create"), QStringLiteral("--out"), mModel,
                   QStringLiteral("--tokenizer-corpus"), AtelierTest::dataPath(QStringLiteral("spm/corpus.txt")),
                   QStringLiteral("--vocab-size"), QStringLiteral("500"), QStringLiteral("--json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestRankCli::everyRankVerbHasHelp() {
  const Run overview = atelier({QStringLiteral("--help")});
  for (const char* verb : {"rank prompts add", "rank prompts import", "rank prompts list", "rank candidates",
                           "rank export", "rank import", "rank stats"}) {
    QVERIFY2(overview.out.contains(verb), verb);
    const Run r = atelier(QString::fromLatin1(verb).split(QLatin1Char(' ')) + QStringList{QStringLiteral("--help")});
    QVERIFY2(r.exitCode == 0 && r.out.contains("--project"), verb);
  }
  QVERIFY(!overview.out.contains("rank judge"));  // the test helper stays hidden
}

void TestRankCli::promptsAndCandidates() {
  const QString dir = project(QStringLiteral("cand"));
  QVERIFY(!dir.isEmpty());
  Run r = atelier({QStringLiteral("rank"), QStringLiteral("prompts"), QStringLiteral("add"), QStringLiteral("--project"), dir,
                   QStringLiteral("--set"), QStringLiteral("greetings"), QStringLiteral("Say hello."),
                   QStringLiteral("Say goodbye."), QStringLiteral("Say hello."), QStringLiteral("--json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.json().value(QStringLiteral("added")).toInt(), 2);
  r = atelier({QStringLiteral("rank"), QStringLiteral("candidates"), QStringLiteral("--project"), dir,
               QStringLiteral("--prompts"), QStringLiteral("greetings"), QStringLiteral("--model"), mModel,
               QStringLiteral("--k"), QStringLiteral("3"), QStringLiteral("--max-new-tokens"), QStringLiteral("4"),
               QStringLiteral("--temperature"), QStringLiteral("1.2"), QStringLiteral("--seed"), QStringLiteral("7"),
               QStringLiteral("--json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QList<QByteArray> lines = r.out.trimmed().split('\n');
  QCOMPARE(lines.size(), 3);  // two progress events and the result
  QCOMPARE(QJsonDocument::fromJson(lines[0]).object().value(QStringLiteral("event")).toString(), QStringLiteral("progress"));
  QCOMPARE(r.json().value(QStringLiteral("candidates_written")).toInt(), 6);
  // Run again: the prompts already have 3 responses from this model; nothing new.
  r = atelier({QStringLiteral("rank"), QStringLiteral("candidates"), QStringLiteral("--project"), dir,
               QStringLiteral("--prompts"), QStringLiteral("greetings"), QStringLiteral("--model"), mModel,
               QStringLiteral("--k"), QStringLiteral("3"), QStringLiteral("--max-new-tokens"), QStringLiteral("4"), QStringLiteral("--json")});
  QCOMPARE(r.json().value(QStringLiteral("candidates_written")).toInt(), 0);
  QString error;
  auto p = Project::open(dir, &error);
  QVERIFY2(p, qPrintable(error));
  RankingRepository repo(p->database());
  const QList<RankPrompt> prompts = repo.prompts(repo.promptSetId(QStringLiteral("greetings")));
  QCOMPARE(prompts.size(), 2);
  const QList<Candidate> cs = repo.candidates(prompts[0].id);
  QCOMPARE(cs.size(), 3);
  QCOMPARE(cs[0].model, QFileInfo(mModel).absoluteFilePath());
  QCOMPARE(cs[0].sampling.value(QStringLiteral("temperature")).toDouble(), 1.2);
  QCOMPARE(cs[0].sampling.value(QStringLiteral("max_new_tokens")).toInt(), 4);
  QVERIFY(cs[0].seed != cs[1].seed);
}

void TestRankCli::judgementsSurviveSigkill() {
  const QString dir = project(QStringLiteral("kill"));
  QString error;
  {
    auto p = Project::open(dir, &error);
    QVERIFY2(p, qPrintable(error));
    RankingRepository repo(p->database());
    const qint64 set = repo.createPromptSet(QStringLiteral("s"), QString(), &error);
    QStringList texts;
    for (int i = 0; i < 8; ++i) texts << QStringLiteral("Question %1").arg(i);
    QCOMPARE(repo.addPrompts(set, texts, &error), 8);
    for (const RankPrompt& pr : repo.prompts(set))
      for (int k = 0; k < 3; ++k) {
        Candidate c;
        c.promptId = pr.id;
        c.text = QStringLiteral("answer %1").arg(k);
        QVERIFY(repo.addCandidate(c, &error));
      }
  }
  QProcess child;
  child.setProcessEnvironment(cliEnvironment());
  child.start(QStringLiteral(ATELIER_BINARY),
              {QStringLiteral("rank"), QStringLiteral("judge"), QStringLiteral("--project"), dir, QStringLiteral("--prompts"),
               QStringLiteral("s"), QStringLiteral("--rater"), QStringLiteral("Ana"), QStringLiteral("--count"),
               QStringLiteral("6"), QStringLiteral("--then-wait")});
  QVERIFY(child.waitForStarted());
  QStringList committed;
  QElapsedTimer timer;
  timer.start();
  while (committed.size() < 6 && timer.elapsed() < 60000) {
    if (!child.canReadLine() && !child.waitForReadyRead(1000)) continue;
    while (child.canReadLine()) {
      const QJsonObject o = QJsonDocument::fromJson(child.readLine()).object();
      if (o.value(QStringLiteral("event")) == QLatin1String("committed"))
        committed << o.value(QStringLiteral("uuid")).toString();
    }
  }
  QCOMPARE(committed.size(), 6);
  // The moment the last one is reported: no clean shutdown, no checkpoint.
  ::kill(pid_t(child.processId()), SIGKILL);
  QVERIFY(child.waitForFinished(10000));
  QCOMPARE(child.exitStatus(), QProcess::CrashExit);
  auto p = Project::open(dir, &error);
  QVERIFY2(p, qPrintable(error));
  RankingRepository repo(p->database());
  for (const QString& uuid : committed) QVERIFY2(repo.hasJudgement(uuid), qPrintable(uuid));
  QCOMPARE(repo.judgements().size(), 6);
  QCOMPARE(p->database().integrityCheck(), QStringLiteral("ok"));
}

void TestRankCli::twoCopiesExportImportStats() {
  const QString owner = project(QStringLiteral("owner"));
  QVERIFY(!owner.isEmpty());
  QString error;
  {
    auto p = Project::open(owner, &error);
    RankingRepository repo(p->database());
    QVERIFY(repo.setRatersPerPrompt(2, &error));
    const qint64 set = repo.createPromptSet(QStringLiteral("s"), QString(), &error);
    repo.addPrompts(set, {QStringLiteral("A?"), QStringLiteral("B?"), QStringLiteral("C?")}, &error);
    for (const RankPrompt& pr : repo.prompts(set))
      for (int k = 0; k < 3; ++k) {
        Candidate c;
        c.promptId = pr.id;
        c.text = QStringLiteral("%1 answer %2").arg(pr.text).arg(k);
        repo.addCandidate(c, &error);
      }
  }
  const QString copy = mTmp.filePath(QStringLiteral("copy"));
  QVERIFY(QDir().mkpath(copy));
  QVERIFY(QFile::copy(owner + QStringLiteral("/project.db"), copy + QStringLiteral("/project.db")));
  for (const QString& sub : Project::subfolderNames()) QDir().mkpath(copy + QLatin1Char('/') + sub);
  const QStringList judge = {QStringLiteral("rank"), QStringLiteral("judge"), QStringLiteral("--prompts"), QStringLiteral("s"),
                             QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--project")};
  QCOMPARE(atelier(judge + QStringList{owner, QStringLiteral("--rater"), QStringLiteral("Ana")}).exitCode, 0);
  QCOMPARE(atelier(judge + QStringList{copy, QStringLiteral("--rater"), QStringLiteral("Ben")}).exitCode, 0);
  const QString benFile = mTmp.filePath(QStringLiteral("ben.jsonl"));
  Run r = atelier({QStringLiteral("rank"), QStringLiteral("export"), QStringLiteral("--project"), copy, QStringLiteral("--format"),
                   QStringLiteral("judgements"), QStringLiteral("--out"), benFile, QStringLiteral("--json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.json().value(QStringLiteral("judgements")).toInt(), 3);
  const QStringList import = {QStringLiteral("rank"), QStringLiteral("import"), QStringLiteral("--project"), owner, benFile,
                              QStringLiteral("--json")};
  r = atelier(import);
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QCOMPARE(r.json().value(QStringLiteral("imported")).toInt(), 3);
  const QStringList statsArgs = {QStringLiteral("rank"), QStringLiteral("stats"), QStringLiteral("--project"), owner, QStringLiteral("--json")};
  const QJsonObject stats = atelier(statsArgs).json();
  QCOMPARE(stats.value(QStringLiteral("judgements")).toInt(), 6);
  QCOMPARE(stats.value(QStringLiteral("raters")).toArray().size(), 2);
  QCOMPARE(stats.value(QStringLiteral("compared_pairs")).toInt(), 9);  // 3 prompts x 3 candidate pairs
  QVERIFY(stats.value(QStringLiteral("pairwise_agreement")).isDouble());
  // Importing twice changes nothing.
  r = atelier(import);
  QCOMPARE(r.json().value(QStringLiteral("imported")).toInt(), 0);
  QCOMPARE(r.json().value(QStringLiteral("duplicates")).toInt(), 3);
  QCOMPARE(atelier(statsArgs).json(), stats);
  // DPO pairs in TRL's layout, and a preference dataset.
  const QString dpo = mTmp.filePath(QStringLiteral("dpo.jsonl"));
  r = atelier({QStringLiteral("rank"), QStringLiteral("export"), QStringLiteral("--project"), owner, QStringLiteral("--format"),
               QStringLiteral("dpo"), QStringLiteral("--out"), dpo, QStringLiteral("--dataset"), QStringLiteral("prefs"), QStringLiteral("--json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const int pairs = r.json().value(QStringLiteral("pairs")).toInt();
  // Random full orders: a pair both raters ordered alike is kept, a contested one (a vote
  // each way) is dropped, so the pairs are exactly the agreed comparisons.
  QCOMPARE(pairs, qRound(9 * stats.value(QStringLiteral("pairwise_agreement")).toDouble()));
  QFile f(dpo);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
  QCOMPARE(pairs ? lines.size() : 0, pairs);
  if (pairs) QVERIFY(QJsonDocument::fromJson(lines.first()).object().contains(QStringLiteral("rejected")));
  r = atelier({QStringLiteral("data"), QStringLiteral("stats"), QStringLiteral("--project"), owner, QStringLiteral("--name"),
               QStringLiteral("prefs"), QStringLiteral("--json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
}

void TestRankCli::badInputIsExplained() {
  const QString dir = project(QStringLiteral("bad"));
  Run r = atelier({QStringLiteral("rank"), QStringLiteral("export"), QStringLiteral("--project"), dir, QStringLiteral("--format"),
                   QStringLiteral("csv"), QStringLiteral("--out"), mTmp.filePath(QStringLiteral("x"))});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.err.contains("--format"));
  QFile bad(mTmp.filePath(QStringLiteral("bad.jsonl")));
  QVERIFY(bad.open(QIODevice::WriteOnly));
  bad.write("{\"uuid\":\"not-a-uuid\"}\n");
  bad.close();
  r = atelier({QStringLiteral("rank"), QStringLiteral("import"), QStringLiteral("--project"), dir, bad.fileName()});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains("line 1") && r.err.contains("uuid"), r.err.constData());
  r = atelier({QStringLiteral("rank"), QStringLiteral("stats"), QStringLiteral("--project"), dir, QStringLiteral("--prompts"),
               QStringLiteral("nope")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("no prompt set"));
}

QTEST_GUILESS_MAIN(TestRankCli)
#include "tst_rankcli.moc"
