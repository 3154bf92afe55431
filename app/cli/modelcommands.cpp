// Verbs of the model core: create, info, tokenize, detokenize, logits,
// generate, bench generate.
#include "clicommon.h"
#include "commands.h"

#include "inference/languagemodel.h"
#include "model/modelinspection.h"
#include "model/modelconfig.h"
#include "model/modelcreator.h"
#include "settings/appsettings.h"
#include "system/systeminfo.h"
#include "tokenizer/tokenizerloader.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>

namespace Atelier::Cli {
namespace {

QCommandLineOption modelOption() {
  return {QStringLiteral("model"), QStringLiteral("Hugging Face model folder."), QStringLiteral("DIR")};
}
QCommandLineOption deviceOption() {
  return {QStringLiteral("device"), QStringLiteral("auto, cpu or cuda (default: auto)."),
          QStringLiteral("DEVICE"), QStringLiteral("auto")};
}
QCommandLineOption adapterOption() {
  return {QStringLiteral("adapter"), QStringLiteral("PEFT LoRA adapter folder to apply."),
          QStringLiteral("DIR")};
}

QJsonArray idArray(const std::vector<int32_t>& ids) {
  QJsonArray a;
  for (int32_t id : ids) a.append(id);
  return a;
}

std::unique_ptr<LanguageModel> loadModel(const VerbParser& v, const QCommandLineOption& model,
                                         const QCommandLineOption& device, QString* error) {
  if (!v.parser.isSet(model)) {
    *error = QStringLiteral("--model DIR is required");
    return nullptr;
  }
  return loadLanguageModel(v.parser.value(model), v.parser.value(device),
                           v.parser.value(QStringLiteral("adapter")), error);
}

}  // namespace

int runModelCreate(const QStringList& args) {
  VerbParser v(QStringLiteral("model create"),
               QStringLiteral("Create a Hugging Face model folder with a random Llama-family model "
                              "and a sentencepiece tokenizer trained on a corpus."));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("New model folder."), QStringLiteral("DIR"));
  const QCommandLineOption corpus(QStringLiteral("tokenizer-corpus"),
                                  QStringLiteral("Text file to train the tokenizer on."), QStringLiteral("FILE"));
  const QCommandLineOption vocab(QStringLiteral("vocab-size"), QStringLiteral("Tokenizer size (default 1000)."),
                                 QStringLiteral("N"), QStringLiteral("1000"));
  const QCommandLineOption arch(QStringLiteral("arch"), QStringLiteral("llama or qwen2 (default llama)."),
                                QStringLiteral("ARCH"), QStringLiteral("llama"));
  const QCommandLineOption hidden(QStringLiteral("hidden"), QStringLiteral("Hidden size (default 64)."), QStringLiteral("N"), QStringLiteral("64"));
  const QCommandLineOption layers(QStringLiteral("layers"), QStringLiteral("Layers (default 2)."), QStringLiteral("N"), QStringLiteral("2"));
  const QCommandLineOption heads(QStringLiteral("heads"), QStringLiteral("Attention heads (default 4)."), QStringLiteral("N"), QStringLiteral("4"));
  const QCommandLineOption kvHeads(QStringLiteral("kv-heads"), QStringLiteral("Key/value heads (default 2)."), QStringLiteral("N"), QStringLiteral("2"));
  const QCommandLineOption ffn(QStringLiteral("ffn"), QStringLiteral("MLP size (default 172)."), QStringLiteral("N"), QStringLiteral("172"));
  const QCommandLineOption tie(QStringLiteral("tie-embeddings"), QStringLiteral("Share input and output embeddings."));
  const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed (default 0)."), QStringLiteral("N"), QStringLiteral("0"));
  const QCommandLineOption initStd(QStringLiteral("init-std"), QStringLiteral("Standard deviation of the random weights (default 0.02)."), QStringLiteral("F"), QStringLiteral("0.02"));
  v.parser.addOptions({out, corpus, vocab, arch, hidden, layers, heads, kvHeads, ffn, tie, seed, initStd});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(out) || !v.parser.isSet(corpus))
    return fail(QStringLiteral("--out DIR and --tokenizer-corpus FILE are required"), UsageError);

  ModelCreateOptions o;
  o.outputFolder = v.parser.value(out);
  o.tokenizerCorpus = v.parser.value(corpus);
  o.arch = v.parser.value(arch);
  o.tieEmbeddings = v.parser.isSet(tie);
  struct IntOption { const QCommandLineOption* option; int* target; };
  for (const IntOption& i : {IntOption{&vocab, &o.vocabSize}, IntOption{&hidden, &o.hidden},
                             IntOption{&layers, &o.layers}, IntOption{&heads, &o.heads},
                             IntOption{&kvHeads, &o.kvHeads}, IntOption{&ffn, &o.ffn}}) {
    bool ok = false;
    *i.target = v.parser.value(*i.option).toInt(&ok);
    if (!ok) return fail(QStringLiteral("--%1 must be a whole number").arg(i.option->names().first()), UsageError);
  }
  bool seedOk = false;
  o.seed = v.parser.value(seed).toULongLong(&seedOk);
  if (!seedOk) return fail(QStringLiteral("--seed must be a whole number"), UsageError);
  bool stdOk = false;
  o.initStd = v.parser.value(initStd).toDouble(&stdOk);
  if (!stdOk || !(o.initStd > 0) || o.initStd > 1) return fail(QStringLiteral("--init-std must be a number in (0, 1]"), UsageError);

  ModelCreateResult r;
  QString error;
  if (!createModel(o, &r, &error)) return fail(error);
  if (v.wantsJson())
    printJson({{QStringLiteral("folder"), QDir(o.outputFolder).absolutePath()},
               {QStringLiteral("parameters"), r.parameters},
               {QStringLiteral("vocab_size"), r.vocabSize}});
  else
    printLine(QStringLiteral("Created %1: %2 parameters, %3 tokens")
                  .arg(QDir(o.outputFolder).absolutePath())
                  .arg(r.parameters)
                  .arg(r.vocabSize));
  return Ok;
}

int runModelInfo(const QStringList& args) {
  VerbParser v(QStringLiteral("model info DIR"),
               QStringLiteral("Describe a model folder: architecture, size, tokenizer, chat template "
                              "and whether LoRA training fits this machine."));
  v.parser.addPositionalArgument(QStringLiteral("DIR"), QStringLiteral("Hugging Face model folder."));
  if (int rc = v.parse(args, 1, 1); rc >= 0) return rc;
  const ModelInspection m =
      inspectModelFolder(v.positional().first(), collectSystemInfo(), AppSettings().computeDevice());
  if (!m.usable) return fail(m.error);
  const ModelConfig& c = m.config;
  const QJsonObject memory{
      {QStringLiteral("device"), m.deviceType},
      {QStringLiteral("device_memory_bytes"), m.deviceMemoryBytes},
      {QStringLiteral("weights_bytes"), m.training.weightBytes},
      {QStringLiteral("chat_bytes"), m.chatBytes},
      {QStringLiteral("lora_training_peak_bytes"), m.training.peakBytes()},
      {QStringLiteral("lora_training_shape"), QStringLiteral("batch %1, %2 tokens, rank %3")
                                                  .arg(m.trainingShape.batchSize)
                                                  .arg(m.trainingShape.sequenceLength)
                                                  .arg(m.trainingShape.loraRank)},
      {QStringLiteral("verdict"), verdictName(m.advice.verdict)},
      {QStringLiteral("summary"), m.advice.summary},
      {QStringLiteral("suggestions"), QJsonArray::fromStringList(m.advice.suggestions)},
  };
  const QJsonObject o{
      {QStringLiteral("folder"), m.folder},
      {QStringLiteral("architecture"), c.architecture},
      {QStringLiteral("model_type"), c.modelType},
      {QStringLiteral("parameters"), c.parameterCount()},
      {QStringLiteral("dtype"), m.weightDtype},
      {QStringLiteral("weights_bytes_on_disk"), m.weightBytes},
      {QStringLiteral("vocab_size"), c.vocabSize},
      {QStringLiteral("hidden_size"), c.hiddenSize},
      {QStringLiteral("layers"), c.numLayers},
      {QStringLiteral("heads"), c.numHeads},
      {QStringLiteral("kv_heads"), c.numKvHeads},
      {QStringLiteral("context_length"), c.maxPositionEmbeddings},
      {QStringLiteral("tied_embeddings"), c.tieWordEmbeddings},
      {QStringLiteral("tokenizer"), m.tokenizerKind},
      {QStringLiteral("tokenizer_error"), m.tokenizerNote},
      {QStringLiteral("chat_template"), m.chatTemplateVariant.isEmpty() ? QStringLiteral("Unknown") : m.chatTemplate},
      {QStringLiteral("chat_template_variant"), m.chatTemplateVariant.isEmpty() ? m.chatTemplate : m.chatTemplateVariant},
      {QStringLiteral("chat_template_from_model"), m.chatTemplateFromModel},
      {QStringLiteral("memory"), memory},
  };
  if (v.wantsJson()) {
    printJson(o);
    return Ok;
  }
  printLine(QStringLiteral("%1 (%2), %3 parameters in %4, %5 layers, %6 heads (%7 key/value), context %8")
                .arg(c.architecture, c.modelType)
                .arg(c.parameterCount())
                .arg(m.weightDtype)
                .arg(c.numLayers)
                .arg(c.numHeads)
                .arg(c.numKvHeads)
                .arg(c.maxPositionEmbeddings));
  printLine(QStringLiteral("Tokenizer: %1").arg(m.tokenizerKind.isEmpty() ? m.tokenizerNote : m.tokenizerKind));
  if (!m.chatTemplateFromModel && !m.chatTemplateVariant.isEmpty())
    printLine(QStringLiteral("Chat template: none in the folder; Atelier uses a plain %1-style layout").arg(m.chatTemplate));
  else
    printLine(QStringLiteral("Chat template: %1%2").arg(m.chatTemplate, m.chatTemplateVariant.isEmpty()
                                                                     ? QString()
                                                                     : QStringLiteral(" (%1)").arg(m.chatTemplateVariant)));
  if (!m.deviceNote.isEmpty()) printLine(m.deviceNote);
  printLine(m.advice.summary);
  for (const QString& s : m.advice.suggestions) printLine(QStringLiteral("  - %1").arg(s));
  return Ok;
}

int runTokenize(const QStringList& args) {
  VerbParser v(QStringLiteral("tokenize TEXT"), QStringLiteral("Turn text into token ids (no BOS added)."));
  const QCommandLineOption model = modelOption();
  v.parser.addOption(model);
  v.parser.addPositionalArgument(QStringLiteral("TEXT"), QStringLiteral("The text."));
  if (int rc = v.parse(args, 1, 1); rc >= 0) return rc;
  if (!v.parser.isSet(model)) return fail(QStringLiteral("--model DIR is required"), UsageError);
  QString error;
  auto tokenizer = loadModelTokenizer(v.parser.value(model), &error);
  if (!tokenizer) return fail(error);
  std::vector<int32_t> ids;
  if (!tokenizer->encode(v.positional().first(), &ids)) return fail(tokenizer->errorString());
  if (v.wantsJson()) {
    printJson({{QStringLiteral("ids"), idArray(ids)}});
  } else {
    QStringList parts;
    for (int32_t id : ids) parts << QString::number(id);
    printLine(parts.join(QLatin1Char(',')));
  }
  return Ok;
}

int runDetokenize(const QStringList& args) {
  VerbParser v(QStringLiteral("detokenize"), QStringLiteral("Turn token ids back into text."));
  const QCommandLineOption model = modelOption();
  const QCommandLineOption idsOption(QStringLiteral("ids"), QStringLiteral("Token ids, e.g. 1,2,3."), QStringLiteral("IDS"));
  v.parser.addOptions({model, idsOption});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(model) || !v.parser.isSet(idsOption))
    return fail(QStringLiteral("--model DIR and --ids IDS are required"), UsageError);
  QString error;
  std::vector<int32_t> ids;
  if (!parseIdList(v.parser.value(idsOption), &ids, &error)) return fail(error, UsageError);
  auto tokenizer = loadModelTokenizer(v.parser.value(model), &error);
  if (!tokenizer) return fail(error);
  QString text;
  if (!tokenizer->decode(ids, &text)) return fail(tokenizer->errorString());
  if (v.wantsJson()) printJson({{QStringLiteral("text"), text}});
  else printLine(text);
  return Ok;
}

int runLogits(const QStringList& args) {
  VerbParser v(QStringLiteral("logits"),
               QStringLiteral("Write the model's logits for token ids as raw little-endian float32, "
                              "shape [number of ids, vocab]."));
  const QCommandLineOption model = modelOption(), device = deviceOption(), adapter = adapterOption();
  const QCommandLineOption idsOption(QStringLiteral("ids"), QStringLiteral("Token ids, e.g. 1,2,3."), QStringLiteral("IDS"));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output file."), QStringLiteral("FILE"));
  v.parser.addOptions({model, device, adapter, idsOption, out});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(idsOption) || !v.parser.isSet(out))
    return fail(QStringLiteral("--ids IDS and --out FILE are required"), UsageError);
  QString error;
  std::vector<int32_t> ids;
  if (!parseIdList(v.parser.value(idsOption), &ids, &error)) return fail(error, UsageError);
  auto lm = loadModel(v, model, device, &error);
  if (!lm) return fail(error);
  std::vector<float> logits;
  if (!lm->logits(ids, &logits, &error)) return fail(error);
  QSaveFile f(v.parser.value(out));
  if (!f.open(QIODevice::WriteOnly) ||
      f.write(reinterpret_cast<const char*>(logits.data()), qint64(logits.size() * sizeof(float))) !=
          qint64(logits.size() * sizeof(float)) ||
      !f.commit())
    return fail(QStringLiteral("Cannot write %1: %2").arg(v.parser.value(out), f.errorString()));
  if (v.wantsJson())
    printJson({{QStringLiteral("rows"), int(ids.size())},
               {QStringLiteral("vocab"), lm->config().vocabSize},
               {QStringLiteral("out"), v.parser.value(out)}});
  return Ok;
}

}  // namespace Atelier::Cli
