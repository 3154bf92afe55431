// The worker process and the database follower behind the Train page: a
// worker outlives whoever started it, Stop reaches it as SIGTERM, and a run's
// events come back from the database in order, including to a follower
// created mid-run; a "running" run whose process is gone shows as interrupted.
#include "jobs/jobprocess.h"
#include "jobs/runfollower.h"
#include "project/project.h"
#include "storage/runrepository.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace Atelier;

class TestJobs : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void workerRunsDetachedAndStopsOnRequest();
  void workerThatCannotStartSaysWhy();
  void followerReadsAllThenNewEvents();
  void deadWorkerMeansInterrupted();
};

namespace {
// A stand-in worker: writes to stderr, then waits for SIGTERM and says so.
QString writeFakeWorker(const QTemporaryDir& dir) {
  const QString path = dir.filePath(QStringLiteral("fake-worker.sh"));
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write("#!/bin/sh\n"
          "echo \"args: $*\" >&2\n"
          "trap 'echo stopped cleanly >&2; exit 0' TERM\n"
          "while true; do sleep 0.05; done\n");
  f.close();
  f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
  return path;
}
QJsonObject step(int n, double loss) {
  return {{QStringLiteral("event"), QStringLiteral("step")}, {QStringLiteral("step"), n}, {QStringLiteral("loss"), loss}};
}
}  // namespace

void TestJobs::workerRunsDetachedAndStopsOnRequest() {
  QTemporaryDir dir;
  qputenv("ATELIER_BINARY", writeFakeWorker(dir).toUtf8());
  QCOMPARE(JobProcess::workerBinary(), dir.filePath(QStringLiteral("fake-worker.sh")));
  qint64 pid = 0;
  {
    JobProcess job;
    QSignalSpy started(&job, &JobProcess::started);
    QString error;
    QVERIFY2(job.start({QStringLiteral("train"), QStringLiteral("sft")}, dir.filePath(QStringLiteral("w.log")), &error),
             qPrintable(error));
    QCOMPARE(started.count(), 1);
    pid = job.pid();
    QVERIFY(JobProcess::isAlive(pid));
    QTRY_VERIFY(job.logTail().contains(QStringLiteral("args: train sft")));
  }
  // The JobProcess is gone (the window closed): the worker goes on.
  QTest::qWait(200);
  QVERIFY(JobProcess::isAlive(pid));
  // A new window attaches to it and stops it.
  JobProcess again;
  QSignalSpy finished(&again, &JobProcess::finished);
  again.attach(pid);
  QVERIFY(again.requestStop());
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
  QCOMPARE(finished.first().first().toLongLong(), pid);
  QVERIFY(!JobProcess::isAlive(pid));
  QFile log(dir.filePath(QStringLiteral("w.log")));
  QVERIFY(log.open(QIODevice::ReadOnly));
  QVERIFY(log.readAll().contains("stopped cleanly"));
  qunsetenv("ATELIER_BINARY");
}

void TestJobs::workerThatCannotStartSaysWhy() {
  QTemporaryDir dir;
  qputenv("ATELIER_BINARY", dir.filePath(QStringLiteral("no-such-program")).toUtf8());
  JobProcess job;
  QString error;
  QVERIFY(!job.start({}, dir.filePath(QStringLiteral("w.log")), &error));
  QVERIFY2(error.contains(QStringLiteral("no-such-program")), qPrintable(error));
  QVERIFY(!job.isRunning());
  qunsetenv("ATELIER_BINARY");
}

void TestJobs::followerReadsAllThenNewEvents() {
  QTemporaryDir dir;
  QString error;
  auto project = Project::create(dir.filePath(QStringLiteral("p")), QStringLiteral("p"), QString(), &error);
  QVERIFY2(project, qPrintable(error));
  RunRepository runs(project->database());
  RunInfo run;
  run.name = QStringLiteral("r1");
  run.kind = QStringLiteral("sft");
  run.dataset = QStringLiteral("faq");
  run.model = QStringLiteral("/models/m");
  run.runDir = dir.filePath(QStringLiteral("p/runs/r1"));
  run.pid = getpid();  // alive: this test
  const qint64 id = runs.startRun(run, &error);
  QVERIFY2(id > 0, qPrintable(error));
  for (int i = 1; i <= 5; ++i) QVERIFY(runs.appendEvent(id, step(i, 3.0 - i * 0.1), &error));

  QList<RunEvent> seen;
  QStringList statuses;
  auto collect = [&](RunFollower& f) {
    connect(&f, &RunFollower::eventsArrived, this, [&](qint64 runId, const QList<RunEvent>& events) {
      if (runId == id) seen += events;
    });
    connect(&f, &RunFollower::runChanged, this, [&](const RunInfo&, const QString& status) { statuses << status; });
  };
  {
    RunFollower follower(project->database());
    collect(follower);
    follower.follow(id);
    QTRY_COMPARE(seen.size(), 5);
    QTRY_COMPARE(statuses, QStringList{QStringLiteral("running")});
    for (int i = 6; i <= 8; ++i) QVERIFY(runs.appendEvent(id, step(i, 2.0), &error));
    QTRY_COMPARE(seen.size(), 8);
    for (int i = 0; i < seen.size(); ++i) QCOMPARE(seen[i].step, qint64(i + 1));
    QVERIFY(runs.setStatus(id, QStringLiteral("stopped"), {}, &error));
    QTRY_COMPARE(statuses.last(), QStringLiteral("stopped"));
  }
  // A new follower (a GUI reopened) gets the whole curve again.
  seen.clear();
  RunFollower later(project->database());
  collect(later);
  later.follow(id);
  QTRY_COMPARE(seen.size(), 8);
  QCOMPARE(seen.last().payload.value(QStringLiteral("loss")).toDouble(), 2.0);
}

void TestJobs::deadWorkerMeansInterrupted() {
  RunInfo run;
  run.status = QStringLiteral("running");
  run.pid = getpid();
  QCOMPARE(RunFollower::effectiveStatus(run), QStringLiteral("running"));
  // Process ids above Linux's largest pid_max (4194304) cannot exist.
  run.pid = 4194304 + 17;
  QCOMPARE(RunFollower::effectiveStatus(run), QStringLiteral("interrupted"));
  run.status = QStringLiteral("stopped");
  QCOMPARE(RunFollower::effectiveStatus(run), QStringLiteral("stopped"));
  run.pid = 0;
  run.status = QStringLiteral("running");
  QCOMPARE(RunFollower::effectiveStatus(run), QStringLiteral("interrupted"));
}

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
