#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace Atelier {
class LanguageModel;
}

namespace Atelier::Cli {

// Exit codes shared by every verb.
enum ExitCode { Ok = 0, Failure = 1, UsageError = 2 };

// Writes "error: <message>" to stderr and returns Failure.
int fail(const QString& message, int code = Failure);

void printLine(const QString& text);
void printJson(const QJsonObject& object);

// A parser with --help and --json already added. `usage` is the verb's line in
// help output, e.g. "project init DIR".
struct VerbParser {
  QCommandLineParser parser;
  QCommandLineOption json{QStringLiteral("json"), QStringLiteral("Print machine-readable JSON.")};
  QCommandLineOption help{{QStringLiteral("h"), QStringLiteral("help")},
                          QStringLiteral("Show this help.")};
  QString usage;

  VerbParser(const QString& usage, const QString& description);

  // Parses `args` (starting with the program name). Returns -1 to go on, or
  // the exit code to return: help printed (0) or a usage error (2).
  int parse(const QStringList& args, int minPositional, int maxPositional);
  bool wantsJson() const { return parser.isSet(json); }
  QStringList positional() const { return parser.positionalArguments(); }
};

QString humanBytes(qint64 bytes);

// Loads a model (and optional PEFT adapter) for a verb; --device must be auto, cpu or cuda.
std::unique_ptr<LanguageModel> loadLanguageModel(const QString& folder, const QString& device,
                                                 const QString& adapter, QString* error);

// "1,2,3" → ids; false with a message naming --ids on anything else.
bool parseIdList(const QString& text, std::vector<int32_t>* ids, QString* error);

// Llama-style tokenizers prepend BOS unless tokenizer_config.json says not to.
bool tokenizerAddsBos(const QString& modelFolder);

}  // namespace Atelier::Cli
