// `atelier export peft|merged`: a tuned model in the formats other tools load.
#include "clicommon.h"
#include "commands.h"

#include "export/mergedexport.h"
#include "export/peftexport.h"

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

}  // namespace Atelier::Cli
