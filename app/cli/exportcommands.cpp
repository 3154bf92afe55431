// `atelier export peft|merged|gguf|ollama`: a tuned model in the formats other tools load.
#include "clicommon.h"
#include "commands.h"

#include "export/ggufexport.h"
#include "export/mergedexport.h"
#include "export/ollamaexport.h"
#include "export/peftexport.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

namespace Atelier::Cli {

int runExportPeft(const QStringList& args) {
  VerbParser v(QStringLiteral("export peft"),
               QStringLiteral("Write a LoRA adapter as a PEFT folder (adapter_config.json + adapter_model.safetensors) "
                              "after checking that it applies to the base model."));
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Base model folder."), QStringLiteral("DIR"));
  const QCommandLineOption adapter(QStringLiteral("adapter"), QStringLiteral("Adapter folder (a run's adapter/)."), QStringLiteral("DIR"));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("New folder to write."), QStringLiteral("DIR"));
  const QCommandLineOption base(QStringLiteral("base-name"), QStringLiteral("base_model_name_or_path to record, e.g. a Hugging Face id."), QStringLiteral("NAME"));
  v.parser.addOptions({model, adapter, out, base});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(model) || !v.parser.isSet(adapter) || !v.parser.isSet(out))
    return fail(QStringLiteral("--model DIR, --adapter DIR and --out DIR are required"), UsageError);
  QString error;
  if (!exportPeftAdapter(v.parser.value(model), v.parser.value(adapter), v.parser.value(out), v.parser.value(base), &error))
    return fail(error);
  if (v.wantsJson())
    printJson({{QStringLiteral("format"), QStringLiteral("peft")}, {QStringLiteral("out"), v.parser.value(out)}});
  else
    printLine(QStringLiteral("PEFT adapter written to %1").arg(v.parser.value(out)));
  return Ok;
}

int runExportMerged(const QStringList& args) {
  VerbParser v(QStringLiteral("export merged"),
               QStringLiteral("Fold a LoRA adapter into its base model and write a complete Hugging Face folder "
                              "(config, safetensors, tokenizer, generation config)."));
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Base model folder."), QStringLiteral("DIR"));
  const QCommandLineOption adapter(QStringLiteral("adapter"), QStringLiteral("Adapter folder."), QStringLiteral("DIR"));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("New folder to write."), QStringLiteral("DIR"));
  const QCommandLineOption dtype(QStringLiteral("dtype"), QStringLiteral("f32, f16 or bf16 (default f32)."), QStringLiteral("TYPE"), QStringLiteral("f32"));
  const QCommandLineOption shard(QStringLiteral("shard-size-mb"), QStringLiteral("Largest file before sharding (default 5000)."), QStringLiteral("MB"), QStringLiteral("5000"));
  v.parser.addOptions({model, adapter, out, dtype, shard});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(model) || !v.parser.isSet(adapter) || !v.parser.isSet(out))
    return fail(QStringLiteral("--model DIR, --adapter DIR and --out DIR are required"), UsageError);
  bool ok = false;
  const qint64 shardMb = v.parser.value(shard).toLongLong(&ok);
  if (!ok || shardMb < 1) return fail(QStringLiteral("--shard-size-mb must be a positive whole number"), UsageError);
  MergedExportOptions o;
  o.model = v.parser.value(model);
  o.adapter = v.parser.value(adapter);
  o.out = v.parser.value(out);
  o.dtype = v.parser.value(dtype);
  o.maxShardBytes = shardMb * 1024 * 1024;
  MergedExportResult r;
  QString error;
  if (!exportMergedModel(o, &r, &error)) return fail(error);
  if (v.wantsJson())
    printJson({{QStringLiteral("format"), QStringLiteral("merged")}, {QStringLiteral("out"), o.out},
               {QStringLiteral("dtype"), o.dtype}, {QStringLiteral("parameters"), double(r.parameters)},
               {QStringLiteral("bytes"), double(r.bytes)}, {QStringLiteral("shards"), r.shards}});
  else
    printLine(QStringLiteral("Merged model (%1 parameters, %2) written to %3").arg(r.parameters).arg(humanBytes(r.bytes), o.out));
  return Ok;
}

namespace {

// The options gguf and ollama share.
struct GgufVerbOptions {
  QCommandLineOption model{QStringLiteral("model"), QStringLiteral("Base model folder."), QStringLiteral("DIR")};
  QCommandLineOption adapter{QStringLiteral("adapter"), QStringLiteral("Adapter folder to fold in first (optional)."), QStringLiteral("DIR")};
  QCommandLineOption type{QStringLiteral("gguf-type"), QStringLiteral("f32, f16 or q8_0 (default f16)."), QStringLiteral("TYPE"), QStringLiteral("f16")};
  QCommandLineOption name{QStringLiteral("name"), QStringLiteral("Model name to record (default: the model folder's name)."), QStringLiteral("NAME")};
};

QJsonObject ggufJson(const GgufExportResult& r, const QString& type) {
  return {{QStringLiteral("path"), r.path},           {QStringLiteral("bytes"), double(r.bytes)},
          {QStringLiteral("tensors"), r.tensors},     {QStringLiteral("metadata_keys"), r.metadata},
          {QStringLiteral("type"), type},             {QStringLiteral("architecture"), r.architecture},
          {QStringLiteral("tokenizer"), r.tokenizer}, {QStringLiteral("sha256"), r.sha256},
          {QStringLiteral("seconds"), r.seconds},
          {QStringLiteral("warnings"), QJsonArray::fromStringList(r.warnings)}};
}

void printWarnings(const QStringList& warnings) {
  for (const QString& w : warnings) std::fprintf(stderr, "warning: %s\n", qPrintable(w));
}

}  // namespace

int runExportGguf(const QStringList& args) {
  VerbParser v(QStringLiteral("export gguf"),
               QStringLiteral("Write the model (with the adapter folded in, if given) as one GGUF file that llama.cpp, "
                              "Ollama and LM Studio load. The file is read back and checked before it is kept."));
  GgufVerbOptions g;
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("New .gguf file to write."), QStringLiteral("FILE"));
  v.parser.addOptions({g.model, g.adapter, out, g.type, g.name});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(g.model) || !v.parser.isSet(out))
    return fail(QStringLiteral("--model DIR and --out FILE are required"), UsageError);
  GgufExportOptions o;
  o.model = v.parser.value(g.model);
  o.adapter = v.parser.value(g.adapter);
  o.out = v.parser.value(out);
  o.type = v.parser.value(g.type).toLower();
  o.name = v.parser.value(g.name);
  if (!ggufExportTypes().contains(o.type))
    return fail(QStringLiteral("--gguf-type must be f32, f16 or q8_0, not \"%1\"").arg(o.type), UsageError);
  GgufExportResult r;
  QString error;
  if (!exportGguf(o, &r, &error)) return fail(error);
  printWarnings(r.warnings);
  if (v.wantsJson()) {
    QJsonObject j = ggufJson(r, o.type);
    j.insert(QStringLiteral("format"), QStringLiteral("gguf"));
    printJson(j);
  } else {
    printLine(QStringLiteral("GGUF (%1, %2 tensors, %3) written to %4 in %5 s")
                  .arg(o.type.toUpper()).arg(r.tensors).arg(humanBytes(r.bytes), r.path).arg(r.seconds, 0, 'f', 1));
    printLine(QStringLiteral("Try it: llama-cli -m \"%1\" -cnv").arg(r.path));
  }
  return Ok;
}

int runExportOllama(const QStringList& args) {
  VerbParser v(QStringLiteral("export ollama"),
               QStringLiteral("Write a folder with the GGUF file and an Ollama Modelfile (chat template, stop words, "
                              "sampling defaults), and print the command that registers it."));
  GgufVerbOptions g;
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("New folder to write."), QStringLiteral("DIR"));
  const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("System prompt for the Modelfile."), QStringLiteral("TEXT"));
  const QCommandLineOption family(QStringLiteral("chat-template"), QStringLiteral("Force a chat template family (ChatML, Llama3, ...)."), QStringLiteral("FAMILY"));
  v.parser.addOptions({g.model, g.adapter, out, g.type, g.name, system, family});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(g.model) || !v.parser.isSet(out))
    return fail(QStringLiteral("--model DIR and --out DIR are required"), UsageError);
  OllamaExportOptions o;
  o.gguf.model = v.parser.value(g.model);
  o.gguf.adapter = v.parser.value(g.adapter);
  o.gguf.type = v.parser.value(g.type).toLower();
  o.gguf.name = v.parser.value(g.name);
  o.folder = v.parser.value(out);
  o.modelName = v.parser.value(g.name);
  o.systemPrompt = v.parser.value(system);
  o.chatFamily = v.parser.value(family);
  if (!ggufExportTypes().contains(o.gguf.type))
    return fail(QStringLiteral("--gguf-type must be f32, f16 or q8_0, not \"%1\"").arg(o.gguf.type), UsageError);
  OllamaExportResult r;
  QString error;
  if (!exportOllama(o, &r, &error)) return fail(error);
  printWarnings(r.gguf.warnings);
  if (v.wantsJson()) {
    QJsonObject j = ggufJson(r.gguf, o.gguf.type);
    j.insert(QStringLiteral("format"), QStringLiteral("ollama"));
    j.insert(QStringLiteral("folder"), r.folder);
    j.insert(QStringLiteral("modelfile"), r.modelfile);
    j.insert(QStringLiteral("model_name"), r.modelName);
    j.insert(QStringLiteral("chat_template"), r.chatFamily);
    j.insert(QStringLiteral("create_command"), r.createCommand);
    j.insert(QStringLiteral("run_command"), r.runCommand);
    printJson(j);
  } else {
    printLine(QStringLiteral("Ollama folder written to %1 (%2, %3 chat template)").arg(r.folder, humanBytes(r.gguf.bytes), r.chatFamily));
    printLine(QStringLiteral("Register it:  %1").arg(r.createCommand));
    printLine(QStringLiteral("Then chat:    %1").arg(r.runCommand));
  }
  return Ok;
}

}  // namespace Atelier::Cli
