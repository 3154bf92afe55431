#include "clicommon.h"

#include "inference/languagemodel.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <cstdio>

namespace Atelier::Cli {

int fail(const QString& message, int code) {
  std::fprintf(stderr, "error: %s\n", message.toLocal8Bit().constData());
  std::fflush(stderr);
  return code;
}

void printLine(const QString& text) {
  std::fprintf(stdout, "%s\n", text.toLocal8Bit().constData());
  std::fflush(stdout);
}

void printJson(const QJsonObject& object) {
  std::fprintf(stdout, "%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
  std::fflush(stdout);
}

VerbParser::VerbParser(const QString& usageLine, const QString& description) : usage(usageLine) {
  parser.setApplicationDescription(description);
  parser.addOption(help);
  parser.addOption(json);
}

int VerbParser::parse(const QStringList& args, int minPositional, int maxPositional) {
  if (!parser.parse(args)) return fail(parser.errorText() + QStringLiteral(" (see: atelier ") +
                                           usage.section(QLatin1Char(' '), 0, 1).trimmed() +
                                           QStringLiteral(" --help)"),
                                       UsageError);
  if (parser.isSet(help)) {
    // QCommandLineParser's own "Usage:" line names only the program; ours names the verb.
    QString text = parser.helpText();
    const int firstBreak = text.indexOf(QLatin1Char('\n'));
    text = QStringLiteral("Usage: atelier %1 [options]").arg(usage) + text.mid(firstBreak);
    if (!text.endsWith(QLatin1Char('\n'))) text += QLatin1Char('\n');
    std::fprintf(stdout, "%s", text.toLocal8Bit().constData());
    return Ok;
  }
  const int n = positional().size();
  if (n < minPositional)
    return fail(QStringLiteral("missing argument; usage: atelier %1").arg(usage), UsageError);
  if (maxPositional >= 0 && n > maxPositional)
    return fail(QStringLiteral("unexpected argument '%1'; usage: atelier %2")
                    .arg(positional().at(maxPositional), usage),
                UsageError);
  return -1;
}

QString humanBytes(qint64 bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  return u == 0 ? QStringLiteral("%1 B").arg(bytes)
                : QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QString::fromLatin1(units[u]));
}

std::unique_ptr<LanguageModel> loadLanguageModel(const QString& folder, const QString& device,
                                                 const QString& adapter, QString* error) {
  if (device != QLatin1String("auto") && device != QLatin1String("cpu") && device != QLatin1String("cuda")) {
    *error = QStringLiteral("--device must be auto, cpu or cuda");
    return nullptr;
  }
  LanguageModelOptions options;
  options.device = device;
  options.adapter = adapter;
  return LanguageModel::load(folder, options, error);
}

bool parseIdList(const QString& text, std::vector<int32_t>* ids, QString* error) {
  for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const int id = part.trimmed().toInt(&ok);
    if (!ok || id < 0) {
      *error = QStringLiteral("--ids: \"%1\" is not a token id (expected e.g. 1,2,3)").arg(part);
      return false;
    }
    ids->push_back(id);
  }
  if (ids->empty()) *error = QStringLiteral("--ids is empty (expected e.g. 1,2,3)");
  return !ids->empty();
}

bool tokenizerAddsBos(const QString& modelFolder) {
  QFile f(QDir(modelFolder).filePath(QStringLiteral("tokenizer_config.json")));
  if (!f.open(QIODevice::ReadOnly) || f.size() > 16 * 1024 * 1024) return true;
  const QJsonValue v = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("add_bos_token"));
  return v.isBool() ? v.toBool() : true;
}

}  // namespace Atelier::Cli
