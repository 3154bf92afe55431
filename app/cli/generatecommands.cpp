// `atelier generate` and `atelier bench generate`.
#include "clicommon.h"
#include "commands.h"

#include "inference/chatprompt.h"
#include "inference/languagemodel.h"
#include "system/torchruntime.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace Atelier::Cli {
int runGenerate(const QStringList& args) {
  VerbParser v(QStringLiteral("generate"),
               QStringLiteral("Generate text from a prompt (greedy by default), streaming it to "
                              "stdout; with --json, print one JSON object at the end."));
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Hugging Face model folder."), QStringLiteral("DIR"));
  const QCommandLineOption adapter(QStringLiteral("adapter"), QStringLiteral("PEFT LoRA adapter folder to apply."), QStringLiteral("DIR"));
  const QCommandLineOption prompt(QStringLiteral("prompt"), QStringLiteral("Prompt text."), QStringLiteral("TEXT"));
  const QCommandLineOption idsOption(QStringLiteral("ids"), QStringLiteral("Prompt token ids, e.g. 1,2,3."), QStringLiteral("IDS"));
  const QCommandLineOption maxNew(QStringLiteral("max-new-tokens"), QStringLiteral("Tokens to generate (default 64)."), QStringLiteral("N"), QStringLiteral("64"));
  const QCommandLineOption greedy(QStringLiteral("greedy"), QStringLiteral("Always take the most likely token (the default)."));
  const QCommandLineOption temperature(QStringLiteral("temperature"), QStringLiteral("Sample with this temperature, e.g. 0.7."), QStringLiteral("T"));
  const QCommandLineOption topK(QStringLiteral("top-k"), QStringLiteral("Sample among the K most likely tokens."), QStringLiteral("K"), QStringLiteral("0"));
  const QCommandLineOption topP(QStringLiteral("top-p"), QStringLiteral("Sample among the most likely tokens covering probability P."), QStringLiteral("P"), QStringLiteral("1"));
  const QCommandLineOption minP(QStringLiteral("min-p"), QStringLiteral("Drop tokens less likely than P times the best."), QStringLiteral("P"), QStringLiteral("0"));
  const QCommandLineOption repetition(QStringLiteral("repetition-penalty"), QStringLiteral("Discourage repeating tokens (1 = off)."), QStringLiteral("X"), QStringLiteral("1"));
  const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed for sampling."), QStringLiteral("S"), QStringLiteral("0"));
  const QCommandLineOption stop(QStringLiteral("stop"), QStringLiteral("Stop when this text appears (repeatable)."), QStringLiteral("TEXT"));
  const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("DEVICE"), QStringLiteral("auto"));
  const QCommandLineOption chat(QStringLiteral("chat"), QStringLiteral("Wrap the prompt in the model's chat template as a user message."));
  const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("System message for --chat."), QStringLiteral("TEXT"));
  const QCommandLineOption family(QStringLiteral("chat-family"),
                                  QStringLiteral("Use this chat template family instead of the model's "
                                                 "(Llama3, ChatML, Llama2, Mistral, Gemma, Phi3, Alpaca)."),
                                  QStringLiteral("NAME"));
  v.parser.addOptions({model, adapter, prompt, idsOption, maxNew, greedy, temperature, topK, topP,
                       minP, repetition, seed, stop, device, chat, system, family});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(model)) return fail(QStringLiteral("--model DIR is required"), UsageError);
  if (v.parser.isSet(prompt) == v.parser.isSet(idsOption))
    return fail(QStringLiteral("give exactly one of --prompt TEXT and --ids IDS"), UsageError);
  if (v.parser.isSet(chat) && !v.parser.isSet(prompt))
    return fail(QStringLiteral("--chat needs --prompt TEXT"), UsageError);

  GenerationOptions o;
  bool ok = true, all = true;
  o.maxNewTokens = v.parser.value(maxNew).toInt(&ok); all &= ok;
  o.greedy = !v.parser.isSet(temperature);
  if (!o.greedy) { o.temperature = v.parser.value(temperature).toDouble(&ok); all &= ok && o.temperature > 0; }
  o.topK = v.parser.value(topK).toInt(&ok); all &= ok && o.topK >= 0;
  o.topP = v.parser.value(topP).toDouble(&ok); all &= ok && o.topP > 0 && o.topP <= 1;
  o.minP = v.parser.value(minP).toDouble(&ok); all &= ok && o.minP >= 0 && o.minP < 1;
  o.repetitionPenalty = v.parser.value(repetition).toDouble(&ok); all &= ok && o.repetitionPenalty > 0;
  o.seed = v.parser.value(seed).toULongLong(&ok); all &= ok;
  o.stopStrings = v.parser.values(stop);
  if (!all || o.maxNewTokens < 1)
    return fail(QStringLiteral("invalid sampling setting: --max-new-tokens ≥ 1, --temperature > 0, "
                               "--top-k ≥ 0, 0 < --top-p ≤ 1, 0 ≤ --min-p < 1, --repetition-penalty > 0"),
                UsageError);

  QString error;
  auto lm = loadLanguageModel(v.parser.value(model), v.parser.value(device), v.parser.value(adapter), &error);
  if (!lm) return fail(error);
  std::vector<int32_t> ids;
  if (v.parser.isSet(idsOption)) {
    if (!parseIdList(v.parser.value(idsOption), &ids, &error)) return fail(error, UsageError);
  } else if (v.parser.isSet(chat)) {
    QList<ChatMessage> messages;
    if (v.parser.isSet(system)) messages.append({QStringLiteral("system"), v.parser.value(system)});
    messages.append({QStringLiteral("user"), v.parser.value(prompt)});
    QStringList templateStops;
    if (!buildChatPrompt(v.parser.value(model), lm->tokenizer(), v.parser.value(family), messages, &ids,
                         &templateStops, &error))
      return fail(error);
    o.stopStrings += templateStops;
  } else {
    Tokenizer* tok = lm->tokenizer();
    if (!tok) return fail(QStringLiteral("%1 has no tokenizer; use --ids").arg(v.parser.value(model)));
    if (!tok->encode(v.parser.value(prompt), &ids)) return fail(tok->errorString());
    if (tokenizerAddsBos(v.parser.value(model)) && tok->bosId() >= 0) ids.insert(ids.begin(), tok->bosId());
  }
  const bool json = v.wantsJson();
  int printed = 0;
  GenerationResult result;
  const bool done = lm->generate(ids, o, [&](int32_t, const QString& text) {
    if (!json && text.size() > printed) {
      std::fputs(text.mid(printed).toUtf8().constData(), stdout);
      std::fflush(stdout);
      printed = text.size();
    }
    return true;
  }, &result, &error);
  if (!done) return fail(error);
  if (json) {
    QJsonArray newIds;
    for (int32_t id : result.ids) newIds.append(id);
    printJson({{QStringLiteral("ids"), newIds},
               {QStringLiteral("text"), result.text},
               {QStringLiteral("stop_reason"), result.stopReason},
               {QStringLiteral("prompt_tokens"), result.promptTokens},
               {QStringLiteral("tokens_per_s"), result.decodeTokensPerSecond()}});
  } else {
    std::fputs("\n", stdout);
  }
  return Ok;
}

int runBenchGenerate(const QStringList& args) {
  VerbParser v(QStringLiteral("bench generate"),
               QStringLiteral("Measure prompt and decode speed, and decode without the KV cache as "
                              "the baseline, in the same run."));
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Hugging Face model folder."), QStringLiteral("DIR"));
  const QCommandLineOption tokens(QStringLiteral("tokens"), QStringLiteral("Tokens to decode (default 256)."), QStringLiteral("N"), QStringLiteral("256"));
  const QCommandLineOption promptLength(QStringLiteral("prompt-tokens"), QStringLiteral("Prompt length (default 64)."), QStringLiteral("N"), QStringLiteral("64"));
  const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("DEVICE"), QStringLiteral("auto"));
  const QCommandLineOption noBaseline(QStringLiteral("no-baseline"), QStringLiteral("Skip the slow run without the cache."));
  v.parser.addOptions({model, tokens, promptLength, device, noBaseline});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(model)) return fail(QStringLiteral("--model DIR is required"), UsageError);
  bool ok1 = false, ok2 = false;
  const int n = v.parser.value(tokens).toInt(&ok1);
  const int p = v.parser.value(promptLength).toInt(&ok2);
  if (!ok1 || !ok2 || n < 2 || p < 1) return fail(QStringLiteral("--tokens ≥ 2 and --prompt-tokens ≥ 1"), UsageError);

  QString error;
  auto lm = loadLanguageModel(v.parser.value(model), v.parser.value(device), QString(), &error);
  if (!lm) return fail(error);
  if (p + n > lm->config().maxPositionEmbeddings)
    return fail(QStringLiteral("--prompt-tokens + --tokens (%1) exceed the model's context (%2)")
                    .arg(p + n).arg(lm->config().maxPositionEmbeddings));
  // A fixed pseudo-random prompt: speed does not depend on the text.
  std::vector<int32_t> prompt;
  for (int i = 0; i < p; ++i) prompt.push_back((i * 7919 + 13) % lm->config().vocabSize);
  GenerationOptions o;
  o.maxNewTokens = n;
  o.stopIds = {-1};  // never stop early
  GenerationResult warm, cached, uncached;
  GenerationOptions warmup = o;
  warmup.maxNewTokens = 4;
  if (!lm->generate(prompt, warmup, {}, &warm, &error) || !lm->generate(prompt, o, {}, &cached, &error))
    return fail(error);
  QJsonObject out{{QStringLiteral("model"), QDir(v.parser.value(model)).absolutePath()},
                  {QStringLiteral("device"), lm->device()},
                  {QStringLiteral("threads"), TorchRuntime::threads()},
                  {QStringLiteral("parameters"), lm->config().parameterCount()},
                  {QStringLiteral("prompt_tokens"), p},
                  {QStringLiteral("decode_tokens"), n},
                  {QStringLiteral("prompt_tokens_per_s"), cached.promptTokensPerSecond()},
                  {QStringLiteral("decode_tokens_per_s"), cached.decodeTokensPerSecond()}};
  if (!v.parser.isSet(noBaseline)) {
    o.useKvCache = false;
    if (!lm->generate(prompt, o, {}, &uncached, &error)) return fail(error);
    out.insert(QStringLiteral("decode_tokens_per_s_no_cache"), uncached.decodeTokensPerSecond());
    out.insert(QStringLiteral("kv_cache_speedup"),
               uncached.decodeTokensPerSecond() > 0
                   ? cached.decodeTokensPerSecond() / uncached.decodeTokensPerSecond() : 0.0);
    out.insert(QStringLiteral("same_tokens"), cached.ids == uncached.ids);
  }
  if (v.wantsJson()) {
    printJson(out);
  } else {
    printLine(QStringLiteral("%1 parameters on %2 (%3 threads)").arg(lm->config().parameterCount()).arg(lm->device()).arg(TorchRuntime::threads()));
    printLine(QStringLiteral("prompt: %1 tokens/s; decode with KV cache: %2 tokens/s")
                  .arg(cached.promptTokensPerSecond(), 0, 'f', 1).arg(cached.decodeTokensPerSecond(), 0, 'f', 1));
    if (out.contains(QStringLiteral("kv_cache_speedup")))
      printLine(QStringLiteral("decode without cache: %1 tokens/s (the cache is %2x faster; same tokens: %3)")
                    .arg(uncached.decodeTokensPerSecond(), 0, 'f', 1)
                    .arg(out.value(QStringLiteral("kv_cache_speedup")).toDouble(), 0, 'f', 2)
                    .arg(cached.ids == uncached.ids ? QStringLiteral("yes") : QStringLiteral("NO")));
  }
  return Ok;
}

}  // namespace Atelier::Cli
