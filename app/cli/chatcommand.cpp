// `atelier chat`: a terminal chat that streams the answer as it is generated.
// Each line typed is a user message; the conversation is kept until /reset.
#include "clicommon.h"
#include "commands.h"

#include "inference/chatprompt.h"
#include "inference/languagemodel.h"

#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace Atelier::Cli {

int runChat(const QStringList& args) {
  VerbParser v(QStringLiteral("chat"),
               QStringLiteral("Chat with a model in the terminal, answers streaming as they are written. "
                              "Type /reset to start over, /quit (or end the input) to leave."));
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Base model folder."), QStringLiteral("DIR"));
  const QCommandLineOption adapter(QStringLiteral("adapter"), QStringLiteral("PEFT LoRA adapter folder to apply."), QStringLiteral("DIR"));
  const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("System message."), QStringLiteral("TEXT"));
  const QCommandLineOption family(QStringLiteral("chat-family"), QStringLiteral("Force a chat template family."), QStringLiteral("NAME"));
  const QCommandLineOption temperature(QStringLiteral("temperature"), QStringLiteral("Sample with this temperature (default: greedy)."), QStringLiteral("T"));
  const QCommandLineOption maxNew(QStringLiteral("max-new-tokens"), QStringLiteral("Longest answer (default 256)."), QStringLiteral("N"), QStringLiteral("256"));
  const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("DEVICE"), QStringLiteral("auto"));
  v.parser.addOptions({model, adapter, system, family, temperature, maxNew, device});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(model)) return fail(QStringLiteral("--model DIR is required"), UsageError);
  GenerationOptions o;
  bool ok = false;
  o.maxNewTokens = v.parser.value(maxNew).toInt(&ok);
  if (!ok || o.maxNewTokens < 1) return fail(QStringLiteral("--max-new-tokens must be positive"), UsageError);
  if (v.parser.isSet(temperature)) {
    o.greedy = false;
    o.temperature = v.parser.value(temperature).toDouble(&ok);
    if (!ok || o.temperature <= 0) return fail(QStringLiteral("--temperature must be above 0"), UsageError);
  }
  QString error;
  auto lm = loadLanguageModel(v.parser.value(model), v.parser.value(device), v.parser.value(adapter), &error);
  if (!lm) return fail(error);
  QList<ChatMessage> messages;
  const auto reset = [&] {
    messages.clear();
    if (v.parser.isSet(system)) messages.append({QStringLiteral("system"), v.parser.value(system)});
  };
  reset();
  QTextStream in(stdin);
  const bool interactive = isatty(fileno(stdin));
  for (;;) {
    if (interactive) {
      std::fputs("> ", stdout);
      std::fflush(stdout);
    }
    QString line;
    if (!in.readLineInto(&line)) break;
    line = line.trimmed();
    if (line.isEmpty()) continue;
    if (line == QLatin1String("/quit")) break;
    if (line == QLatin1String("/reset")) {
      reset();
      continue;
    }
    messages.append({QStringLiteral("user"), line});
    std::vector<int32_t> ids;
    GenerationOptions turn = o;
    QStringList stops;
    if (!buildChatPrompt(v.parser.value(model), lm->tokenizer(), v.parser.value(family), messages, &ids, &stops, &error))
      return fail(error);
    turn.stopStrings = stops;
    int printed = 0;
    GenerationResult result;
    if (!lm->generate(ids, turn, [&](int32_t, const QString& text) {
          if (text.size() > printed) {
            std::fputs(text.mid(printed).toUtf8().constData(), stdout);
            std::fflush(stdout);
            printed = text.size();
          }
          return true;
        }, &result, &error))
      return fail(error);
    std::fputs("\n", stdout);
    std::fflush(stdout);
    messages.append({QStringLiteral("assistant"), result.text.trimmed()});
  }
  return Ok;
}

}  // namespace Atelier::Cli
