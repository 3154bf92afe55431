#include "clicommon.h"
#include "commands.h"

#include "project/project.h"
#include "project/sampleproject.h"

#include <QJsonObject>

namespace Atelier::Cli {

int runProjectInit(const QStringList& args) {
  VerbParser v(QStringLiteral("project init DIR"),
               QStringLiteral("Create a new project in DIR (a new or empty folder)."));
  QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Project name (default: folder name)."),
                          QStringLiteral("NAME"));
  QCommandLineOption description(QStringLiteral("description"), QStringLiteral("A short description."),
                                 QStringLiteral("TEXT"));
  QCommandLineOption sample(QStringLiteral("sample"),
                            QStringLiteral("Fill it with the bundled sample (bike workshop support)."));
  v.parser.addOptions({name, description, sample});
  v.parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Folder for the project."));
  if (int rc = v.parse(args, 1, 1); rc >= 0) return rc;

  const QString folder = v.positional().first();
  QString error;
  std::unique_ptr<Project> project =
      v.parser.isSet(sample)
          ? createSampleProject(folder, &error)
          : Project::create(folder, v.parser.value(name), v.parser.value(description), &error);
  if (!project) return fail(error);
  if (v.wantsJson()) {
    printJson(projectSummaryToJson(project->summary()));
  } else {
    printLine(QStringLiteral("Created project \"%1\" in %2").arg(project->name(), project->folder()));
  }
  return Ok;
}

int runProjectCheck(const QStringList& args) {
  VerbParser v(QStringLiteral("project check DIR"),
               QStringLiteral("Check a project's database (format version, integrity, row counts) "
                              "without changing anything."));
  v.parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("The project folder."));
  if (int rc = v.parse(args, 1, 1); rc >= 0) return rc;

  ProjectSummary summary;
  QString error;
  if (!Project::inspect(v.positional().first(), &summary, &error)) return fail(error);
  if (v.wantsJson()) {
    printJson(projectSummaryToJson(summary));
  } else {
    printLine(QStringLiteral("Project:   %1 (%2)").arg(summary.name, summary.folder));
    printLine(QStringLiteral("Format:    %1 (this Atelier writes %2%3)")
                  .arg(summary.schemaVersion)
                  .arg(summary.latestSchemaVersion)
                  .arg(summary.schemaVersion < summary.latestSchemaVersion
                           ? QStringLiteral("; it will be upgraded when opened")
                           : QString()));
    printLine(QStringLiteral("Integrity: %1").arg(summary.integrity));
    for (const auto& t : summary.tableCounts)
      printLine(QStringLiteral("  %1: %2 rows").arg(t.first, -16).arg(t.second));
    printLine(QStringLiteral("Size:      %1").arg(humanBytes(summary.diskBytes)));
  }
  return summary.integrity == QLatin1String("ok") ? Ok : Failure;
}

}  // namespace Atelier::Cli
