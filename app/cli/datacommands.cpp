// `atelier data import|export|stats`: datasets in a project.
#include "clicommon.h"
#include "commands.h"

#include "data/datasetcleaner.h"
#include "data/datasetexport.h"
#include "data/datasetimporter.h"
#include "data/datasetstats.h"
#include "data/records.h"
#include "data/tokencounter.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QFile>

#include <algorithm>

namespace Atelier::Cli {
namespace {

QCommandLineOption projectOption() {
  return {QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("DIR")};
}
QCommandLineOption nameOption() {
  return {QStringLiteral("name"), QStringLiteral("Dataset name."), QStringLiteral("NAME")};
}

std::unique_ptr<Project> openProject(const VerbParser& v, const QCommandLineOption& project, QString* error) {
  if (!v.parser.isSet(project)) {
    *error = QStringLiteral("--project DIR is required");
    return nullptr;
  }
  return Project::open(v.parser.value(project), error);
}

bool findDataset(Project& project, const QString& name, DatasetInfo* info, QString* error) {
  if (DatasetRepository(project.database()).find(name, info)) return true;
  *error = QStringLiteral("the project has no dataset named \"%1\"").arg(name);
  return false;
}

}  // namespace

int runDataImport(const QStringList& args) {
  VerbParser v(QStringLiteral("data import FILE"),
               QStringLiteral("Import a dataset file (Alpaca, ShareGPT, OpenAI chat, CSV/TSV, plain text, "
                              "preference pairs) into a project. Bad rows are listed and skipped."));
  const QCommandLineOption project = projectOption(), name = nameOption();
  const QCommandLineOption format(QStringLiteral("format"),
                                  QStringLiteral("auto, alpaca, sharegpt, openai, csv, text or preference (default auto)."),
                                  QStringLiteral("FORMAT"), QStringLiteral("auto"));
  const QCommandLineOption map(QStringLiteral("map"), QStringLiteral("CSV column for a field, e.g. output=answer (repeatable)."),
                               QStringLiteral("FIELD=COLUMN"));
  v.parser.addOptions({project, name, format, map});
  v.parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The file to import."));
  if (int rc = v.parse(args, 1, 1); rc >= 0) return rc;
  if (!v.parser.isSet(name)) return fail(QStringLiteral("--name NAME is required"), UsageError);
  ImportOptions o;
  o.file = v.positional().first();
  o.name = v.parser.value(name);
  if (!parseFormatName(v.parser.value(format), &o.format))
    return fail(QStringLiteral("--format must be auto, alpaca, sharegpt, openai, csv, text or preference"), UsageError);
  for (const QString& m : v.parser.values(map)) {
    const int eq = m.indexOf(QLatin1Char('='));
    if (eq <= 0) return fail(QStringLiteral("--map %1: expected FIELD=COLUMN").arg(m), UsageError);
    o.csvMapping.insert(m.left(eq).trimmed(), m.mid(eq + 1).trimmed());
  }
  QString error;
  auto p = openProject(v, project, &error);
  if (!p) return fail(error);
  ImportResult r;
  if (!importDataset(p->database(), o, &r, &error)) return fail(error);
  if (v.wantsJson()) {
    QJsonArray rejected;
    for (const ImportRejection& x : r.rejected)
      rejected.append(QJsonObject{{QStringLiteral("line"), x.line}, {QStringLiteral("reason"), x.reason}});
    printJson({{QStringLiteral("imported"), r.imported},
               {QStringLiteral("rejected"), rejected},
               {QStringLiteral("format"), formatName(r.format)},
               {QStringLiteral("format_reason"), r.formatReason}});
  } else {
    printLine(QStringLiteral("Imported %1 rows as \"%2\" (%3: %4); %5 rejected")
                  .arg(r.imported).arg(o.name, formatName(r.format), r.formatReason).arg(r.rejected.size()));
    for (const ImportRejection& x : r.rejected.mid(0, 20))
      printLine(QStringLiteral("  line %1: %2").arg(x.line).arg(x.reason));
    if (r.rejected.size() > 20) printLine(QStringLiteral("  ... and %1 more").arg(r.rejected.size() - 20));
  }
  return Ok;
}

int runDataExport(const QStringList& args) {
  VerbParser v(QStringLiteral("data export"),
               QStringLiteral("Write a dataset's kept rows as OpenAI-messages JSONL (preference pairs "
                              "with \"prompt\", \"chosen\" and \"rejected\" message lists)."));
  const QCommandLineOption project = projectOption(), name = nameOption();
  const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("train, val, test or all (default all)."),
                                 QStringLiteral("SPLIT"), QStringLiteral("all"));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE"));
  v.parser.addOptions({project, name, split, out});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(name) || !v.parser.isSet(out))
    return fail(QStringLiteral("--name NAME and --out FILE are required"), UsageError);
  const QString which = v.parser.value(split);
  if (!QStringList{QStringLiteral("all"), QStringLiteral("train"), QStringLiteral("val"), QStringLiteral("test")}.contains(which))
    return fail(QStringLiteral("--split must be train, val, test or all"), UsageError);
  QString error;
  auto p = openProject(v, project, &error);
  if (!p) return fail(error);
  ExportOptions o;
  o.name = v.parser.value(name);
  o.split = which;
  o.file = v.parser.value(out);
  qint64 rows = 0;
  if (!exportDataset(p->database(), o, &rows, &error)) return fail(error);
  if (v.wantsJson()) printJson({{QStringLiteral("rows"), rows}, {QStringLiteral("out"), o.file}});
  else printLine(QStringLiteral("Wrote %1 rows to %2").arg(rows).arg(o.file));
  return Ok;
}

int runDataClean(const QStringList& args) {
  VerbParser v(QStringLiteral("data clean"),
               QStringLiteral("Clean a dataset without deleting anything: normalise text, strip HTML, "
                              "redact personal data, and leave out duplicates, near duplicates and "
                              "low-quality rows (each with its reason)."));
  const QCommandLineOption project = projectOption(), name = nameOption();
  const QCommandLineOption noNear(QStringLiteral("no-near-dedup"), QStringLiteral("Keep near duplicates."));
  const QCommandLineOption threshold(QStringLiteral("near-threshold"), QStringLiteral("Similarity that counts as a near duplicate (default 0.8)."),
                                     QStringLiteral("F"), QStringLiteral("0.8"));
  const QCommandLineOption pii(QStringLiteral("pii"), QStringLiteral("redact (default), drop or keep personal data."),
                               QStringLiteral("MODE"), QStringLiteral("redact"));
  const QCommandLineOption minChars(QStringLiteral("min-chars"), QStringLiteral("Leave out shorter rows (default 1)."), QStringLiteral("N"), QStringLiteral("1"));
  const QCommandLineOption maxChars(QStringLiteral("max-chars"), QStringLiteral("Leave out longer rows (default: no limit)."), QStringLiteral("N"), QStringLiteral("0"));
  const QCommandLineOption blocklist(QStringLiteral("blocklist"), QStringLiteral("File with one blocked word or phrase per line."), QStringLiteral("FILE"));
  const QCommandLineOption minTokens(QStringLiteral("min-tokens"), QStringLiteral("Leave out rows with fewer tokens (default: no limit)."), QStringLiteral("N"), QStringLiteral("0"));
  const QCommandLineOption maxTokens(QStringLiteral("max-tokens"), QStringLiteral("Leave out rows with more tokens (default: no limit)."), QStringLiteral("N"), QStringLiteral("0"));
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model folder whose tokenizer counts tokens (default: estimate, characters / 4)."), QStringLiteral("DIR"));
  v.parser.addOptions({project, name, noNear, threshold, pii, minChars, maxChars, blocklist, minTokens, maxTokens, model});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(name)) return fail(QStringLiteral("--name NAME is required"), UsageError);
  CleanOptions o;
  bool ok1 = false, ok2 = false, ok3 = false;
  o.nearDedup = !v.parser.isSet(noNear);
  o.nearThreshold = v.parser.value(threshold).toDouble(&ok1);
  o.minChars = v.parser.value(minChars).toInt(&ok2);
  o.maxChars = v.parser.value(maxChars).toInt(&ok3);
  o.pii = v.parser.value(pii);
  bool ok4 = false, ok5 = false;
  o.minTokens = v.parser.value(minTokens).toInt(&ok4);
  o.maxTokens = v.parser.value(maxTokens).toInt(&ok5);
  o.tokenModel = v.parser.value(model);
  if (!ok1 || !ok2 || !ok3 || !ok4 || !ok5 || o.nearThreshold <= 0 || o.nearThreshold > 1 || o.minTokens < 0 || o.maxTokens < 0)
    return fail(QStringLiteral("--near-threshold must be in (0, 1]; --min-chars, --max-chars, --min-tokens and "
                               "--max-tokens whole numbers"), UsageError);
  if (v.parser.isSet(blocklist)) {
    QFile f(v.parser.value(blocklist));
    if (!f.open(QIODevice::ReadOnly) || f.size() > 16 * 1024 * 1024)
      return fail(QStringLiteral("Cannot read the blocklist %1").arg(f.fileName()));
    for (const QByteArray& line : f.readAll().split('\n'))
      if (!line.trimmed().isEmpty()) o.blocklist << QString::fromUtf8(line.trimmed());
  }
  QString error;
  auto p = openProject(v, project, &error);
  if (!p) return fail(error);
  CleanResult r;
  if (!cleanDataset(p->database(), v.parser.value(name), o, &r, &error)) return fail(error);
  QJsonObject removed, redacted;
  for (auto it = r.removed.begin(); it != r.removed.end(); ++it) removed.insert(it.key(), it.value());
  for (auto it = r.piiRedacted.begin(); it != r.piiRedacted.end(); ++it) redacted.insert(it.key(), it.value());
  if (v.wantsJson()) {
    QJsonObject o{{QStringLiteral("kept"), r.kept}, {QStringLiteral("total"), r.total},
                  {QStringLiteral("removed"), removed}, {QStringLiteral("pii_redacted"), redacted}};
    if (!r.tokenSource.isEmpty()) o.insert(QStringLiteral("tokens_counted_with"), r.tokenSource);
    printJson(o);
  } else {
    printLine(QStringLiteral("Kept %1 of %2 rows").arg(r.kept).arg(r.total));
    if (!r.tokenSource.isEmpty()) printLine(QStringLiteral("  tokens counted with %1").arg(r.tokenSource));
    for (auto it = r.removed.begin(); it != r.removed.end(); ++it)
      printLine(QStringLiteral("  left out, %1: %2").arg(it.key()).arg(it.value()));
    for (auto it = r.piiRedacted.begin(); it != r.piiRedacted.end(); ++it)
      printLine(QStringLiteral("  redacted %1: %2").arg(it.key()).arg(it.value()));
  }
  return Ok;
}

int runDataSplit(const QStringList& args) {
  VerbParser v(QStringLiteral("data split"),
               QStringLiteral("Split a dataset's kept rows into train, validation and test, the same way "
                              "every time for the same seed."));
  const QCommandLineOption project = projectOption(), name = nameOption();
  const QCommandLineOption val(QStringLiteral("val"), QStringLiteral("Validation fraction (default 0.1)."), QStringLiteral("F"), QStringLiteral("0.1"));
  const QCommandLineOption test(QStringLiteral("test"), QStringLiteral("Test fraction (default 0.1)."), QStringLiteral("F"), QStringLiteral("0.1"));
  const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 0)."), QStringLiteral("S"), QStringLiteral("0"));
  v.parser.addOptions({project, name, val, test, seed});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(name)) return fail(QStringLiteral("--name NAME is required"), UsageError);
  bool ok1 = false, ok2 = false, ok3 = false;
  const double fv = v.parser.value(val).toDouble(&ok1), ft = v.parser.value(test).toDouble(&ok2);
  const quint64 s = v.parser.value(seed).toULongLong(&ok3);
  if (!ok1 || !ok2 || !ok3) return fail(QStringLiteral("--val and --test are fractions, --seed a whole number"), UsageError);
  QString error;
  auto p = openProject(v, project, &error);
  if (!p) return fail(error);
  SplitResult r;
  if (!splitDataset(p->database(), v.parser.value(name), fv, ft, s, &r, &error)) return fail(error);
  if (v.wantsJson())
    printJson({{QStringLiteral("train"), r.train}, {QStringLiteral("val"), r.val}, {QStringLiteral("test"), r.test}});
  else
    printLine(QStringLiteral("train %1, validation %2, test %3").arg(r.train).arg(r.val).arg(r.test));
  return Ok;
}

int runDataStats(const QStringList& args) {
  VerbParser v(QStringLiteral("data stats"),
               QStringLiteral("Counts for a dataset: rows, turns, characters and tokens per role, what cleaning left out."));
  const QCommandLineOption project = projectOption(), name = nameOption();
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model folder whose tokenizer counts tokens (default: estimate, characters / 4)."), QStringLiteral("DIR"));
  v.parser.addOptions({project, name, model});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(name)) return fail(QStringLiteral("--name NAME is required"), UsageError);
  QString error;
  auto p = openProject(v, project, &error);
  if (!p) return fail(error);
  DatasetInfo info;
  if (!findDataset(*p, v.parser.value(name), &info, &error)) return fail(error);
  DatasetRepository repo(p->database());
  qint64 rows = 0, turns = 0;
  QHash<QString, qint64> chars, messages;
  repo.forEachConversation(info.id, QString(), [&](const Conversation& c) {
    ++rows;
    turns += c.turns.size();
    for (const Turn& t : c.turns) {
      chars[t.role] += t.content.size();
      messages[t.role] += 1;
    }
    return true;
  }, &error);
  std::unique_ptr<TokenCounter> counter = TokenCounter::create(v.parser.value(model), &error);
  if (!counter) return fail(error);
  DatasetStats stats;
  if (!computeDatasetStats(p->database(), info.id, *counter, &stats, &error)) return fail(error);
  QJsonObject perRole, removed;
  for (auto it = chars.begin(); it != chars.end(); ++it) {
    const QList<int> tokens = stats.tokensPerRole.value(it.key());
    qint64 sum = 0;
    for (int n : tokens) sum += n;
    perRole.insert(it.key(), QJsonObject{{QStringLiteral("messages"), messages.value(it.key())},
                                         {QStringLiteral("characters"), it.value()},
                                         {QStringLiteral("mean_characters"), double(it.value()) / messages.value(it.key())},
                                         {QStringLiteral("tokens"), sum},
                                         {QStringLiteral("max_tokens"), tokens.isEmpty() ? 0 : *std::max_element(tokens.begin(), tokens.end())}});
  }
  for (auto it = stats.removed.begin(); it != stats.removed.end(); ++it) removed.insert(it.key(), it.value());
  const QJsonObject o{{QStringLiteral("total"), stats.total},
                      {QStringLiteral("removed"), removed},
                      {QStringLiteral("tokens_counted_with"), stats.tokenSource},{QStringLiteral("name"), info.name},
                      {QStringLiteral("kind"), info.kind},
                      {QStringLiteral("format"), info.format},
                      {QStringLiteral("rows"), rows},
                      {QStringLiteral("rejected_at_import"), info.rejected},
                      {QStringLiteral("turns_per_row"), rows ? double(turns) / rows : 0.0},
                      {QStringLiteral("roles"), perRole}};
  if (v.wantsJson()) {
    printJson(o);
  } else {
    printLine(QStringLiteral("%1: %2 rows (%3, from %4), %5 rejected at import, %6 turns per row")
                  .arg(info.name).arg(rows).arg(info.kind, info.format).arg(info.rejected)
                  .arg(rows ? double(turns) / rows : 0.0, 0, 'f', 2));
    printLine(QStringLiteral("  tokens counted with %1").arg(stats.tokenSource));
    for (auto it = stats.removed.begin(); it != stats.removed.end(); ++it)
      printLine(QStringLiteral("  left out, %1: %2").arg(it.key()).arg(it.value()));
    for (auto it = chars.begin(); it != chars.end(); ++it)
      printLine(QStringLiteral("  %1: %2 messages, %3 characters on average")
                    .arg(it.key(), -10).arg(messages.value(it.key())).arg(double(it.value()) / messages.value(it.key()), 0, 'f', 0));
  }
  return Ok;
}

}  // namespace Atelier::Cli
