// `atelier bench data FILE`: import + full cleaning throughput.
#include "clicommon.h"
#include "commands.h"

#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "project/project.h"
#include "training/benchtrain.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

namespace Atelier::Cli {

int runBenchData(const QStringList& args) {
  VerbParser v(QStringLiteral("bench data FILE"),
               QStringLiteral("Import a dataset file into a scratch project and clean it with every step on, "
                              "timing both."));
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
  const QJsonObject o{{QStringLiteral("rows"), ir.imported},
                      {QStringLiteral("rejected"), int(ir.rejected.size())},
                      {QStringLiteral("kept"), cr.kept},
                      {QStringLiteral("megabytes"), mb},
                      {QStringLiteral("import_seconds"), importSeconds},
                      {QStringLiteral("clean_seconds"), cleanSeconds},
                      {QStringLiteral("total_seconds"), importSeconds + cleanSeconds},
                      {QStringLiteral("rows_per_s"), ir.imported / (importSeconds + cleanSeconds)},
                      {QStringLiteral("peak_memory_bytes"), peakResidentBytes()}};
  if (v.wantsJson()) {
    printJson(o);
  } else {
    printLine(QStringLiteral("%1 rows (%2 MB): import %3 s, cleaning %4 s, %5 rows/s, peak memory %6")
                  .arg(ir.imported).arg(mb, 0, 'f', 1).arg(importSeconds, 0, 'f', 2).arg(cleanSeconds, 0, 'f', 2)
                  .arg(ir.imported / (importSeconds + cleanSeconds), 0, 'f', 0).arg(humanBytes(peakResidentBytes())));
  }
  return Ok;
}

}  // namespace Atelier::Cli
