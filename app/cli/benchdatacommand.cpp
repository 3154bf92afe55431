// `atelier bench data FILE`: import + full cleaning throughput.
#include "clicommon.h"
#include "commands.h"

#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "project/project.h"
#include "system/systeminfo.h"
#include "training/benchtrain.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace Atelier::Cli {
namespace {

// Runs the Python baseline on the same file, in this invocation, so the ratio
// compares runs on the same machine under the same load. It prints one JSON
// object with "seconds" (its own timing, without interpreter start-up).
bool runBaseline(const QString& script, const QString& file, double* seconds, QString* error) {
  // Debian's python3 (DESIGN.md): another python3 may come first on PATH.
  const QString python = QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                                           : QStandardPaths::findExecutable(QStringLiteral("python3"));
  if (python.isEmpty()) {
    *error = QStringLiteral("--baseline needs python3, which is not installed");
    return false;
  }
  QProcess p;
  p.start(python, {script, file});
  if (!p.waitForFinished(30 * 60 * 1000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
    *error = QStringLiteral("The baseline %1 failed: %2").arg(script, QString::fromLocal8Bit(p.readAllStandardError()).trimmed());
    return false;
  }
  const QByteArray out = p.readAllStandardOutput().trimmed();
  const QJsonObject o = QJsonDocument::fromJson(out.mid(out.lastIndexOf('\n') + 1)).object();
  *seconds = o.value(QStringLiteral("seconds")).toDouble();
  if (*seconds <= 0) {
    *error = QStringLiteral("The baseline %1 printed no \"seconds\": %2").arg(script, QString::fromUtf8(out));
    return false;
  }
  return true;
}

}  // namespace

int runBenchData(const QStringList& args) {
  VerbParser v(QStringLiteral("bench data FILE"),
               QStringLiteral("Import a dataset file into a scratch project and clean it with every step on, "
                              "timing both."));
  const QCommandLineOption baseline(QStringLiteral("baseline"),
                                    QStringLiteral("A Python script run on the same file afterwards (e.g. tools/bench/data_baseline.py); "
                                                   "adds its time and the ratio."),
                                    QStringLiteral("SCRIPT"));
  v.parser.addOption(baseline);
  v.parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A dataset file."));
  if (int rc = v.parse(args, 1, 1); rc >= 0) return rc;
  const QString file = v.positional().first();
  QTemporaryDir scratch;
  QString error;
  auto project = Project::create(scratch.filePath(QStringLiteral("bench")), QString(), QString(), &error);
  if (!project) return fail(error);
  QElapsedTimer timer;
  timer.start();
  ImportOptions io;
  io.file = file;
  io.name = QStringLiteral("bench");
  ImportResult ir;
  if (!importDataset(project->database(), io, &ir, &error)) return fail(error);
  const double importSeconds = timer.nsecsElapsed() / 1e9;
  timer.restart();
  CleanResult cr;
  if (!cleanDataset(project->database(), io.name, CleanOptions(), &cr, &error)) return fail(error);
  const double cleanSeconds = timer.nsecsElapsed() / 1e9;
  const double mb = QFileInfo(file).size() / 1e6;
  const qint64 peak = peakResidentMemoryBytes();  // before the baseline child runs
  double baselineSeconds = 0;
  if (v.parser.isSet(baseline) && !runBaseline(v.parser.value(baseline), file, &baselineSeconds, &error)) return fail(error);
  const double total = importSeconds + cleanSeconds;
  QJsonObject o{{QStringLiteral("rows"), ir.imported},
                      {QStringLiteral("rejected"), int(ir.rejected.size())},
                      {QStringLiteral("kept"), cr.kept},
                      {QStringLiteral("megabytes"), mb},
                      {QStringLiteral("import_seconds"), importSeconds},
                      {QStringLiteral("clean_seconds"), cleanSeconds},
                      {QStringLiteral("total_seconds"), importSeconds + cleanSeconds},
                      {QStringLiteral("rows_per_s"), ir.imported / (importSeconds + cleanSeconds)},
                      {QStringLiteral("peak_memory_bytes"), peak},
                      {QStringLiteral("peak_memory_mb"), peak / 1e6}};
  if (baselineSeconds > 0) {
    o.insert(QStringLiteral("baseline_seconds"), baselineSeconds);
    o.insert(QStringLiteral("ratio_to_baseline"), total / baselineSeconds);
  }
  if (v.wantsJson()) {
    printJson(o);
  } else {
    printLine(QStringLiteral("%1 rows (%2 MB): import %3 s, cleaning %4 s, %5 rows/s, peak memory %6")
                  .arg(ir.imported).arg(mb, 0, 'f', 1).arg(importSeconds, 0, 'f', 2).arg(cleanSeconds, 0, 'f', 2)
                  .arg(ir.imported / total, 0, 'f', 0).arg(humanBytes(peak)));
    if (baselineSeconds > 0)
      printLine(QStringLiteral("baseline %1: %2 s; Atelier takes %3× its time")
                    .arg(v.parser.value(baseline)).arg(baselineSeconds, 0, 'f', 2).arg(total / baselineSeconds, 0, 'f', 2));
  }
  return Ok;
}

}  // namespace Atelier::Cli
