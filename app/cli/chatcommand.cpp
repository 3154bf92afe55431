// `atelier chat`: a terminal chat that streams the answer as it is generated.
// Each line typed is a user message; the conversation is kept until /reset.
#include "clicommon.h"
#include "inference/rewardmodel.h"
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
  const QCommandLineOption bestOf(QStringLiteral("best-of"), QStringLiteral("Write N answers and show the one the reward model (--reward) likes best."), QStringLiteral("N"), QStringLiteral("1"));
  const QCommandLineOption reward(QStringLiteral("reward"), QStringLiteral("A reward run's adapter folder, for --best-of."), QStringLiteral("DIR"));
  v.parser.addOptions({model, adapter, system, family, temperature, maxNew, device, bestOf, reward});
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
  const int n = v.parser.value(bestOf).toInt(&ok);
  if (!ok || n < 1 || n > 64) return fail(QStringLiteral("--best-of must be 1 to 64"), UsageError);
  if (n > 1 && !v.parser.isSet(reward))
    return fail(QStringLiteral("--best-of needs --reward DIR, a reward model's adapter (atelier train reward)"), UsageError);
  QString error;
  std::unique_ptr<RewardModel> rm;  // only for --best-of above 1
  if (n > 1) {
    rm = RewardModel::load(v.parser.value(reward), v.parser.value(model), v.parser.value(device), v.parser.value(family), &error);
    if (!rm) return fail(error);
  }
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
    if (rm) {
      // Candidates are not streamed: only the winner is the answer.
      BestOfNResult best;
      if (!generateBestOfN(*lm, *rm, messages, ids, turn, n, [](int, const QString&) { return true; }, &best, &error))
        return fail(error);
      std::fputs(best.bestResult.text.toUtf8().constData(), stdout);
      QStringList scores;
      for (double s : best.scores) scores << QString::number(s, 'f', 3);
      std::fprintf(stderr, "\n[best of %d by the reward model: answer %d, scores %s]", int(best.answers.size()),
                   best.best + 1, qPrintable(scores.join(QStringLiteral(", "))));
      messages.append({QStringLiteral("assistant"), best.bestResult.text.trimmed()});
      std::fputs("\n", stdout);
      std::fflush(stdout);
      continue;
    }
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
