#include "exportbundle.h"

#include "ggufexport.h"
#include "mergedexport.h"
#include "ollamaexport.h"
#include "ollamamodelfile.h"
#include "peftexport.h"

#include <QDir>
#include <QFileInfo>

namespace Atelier {

namespace {

QString safeName(const QString& name) {
  const QString n = ollamaModelName(name);
  return n.isEmpty() ? QStringLiteral("model") : n;
}

QString path(const ExportBundleRequest& r, const QString& leaf) { return QDir(r.outFolder).filePath(leaf); }
QString peftPath(const ExportBundleRequest& r) { return path(r, safeName(r.name) + QStringLiteral("-adapter")); }
QString mergedPath(const ExportBundleRequest& r) { return path(r, safeName(r.name) + QStringLiteral("-merged-") + r.mergedDtype); }
QString ggufPath(const ExportBundleRequest& r) {
  return path(r, safeName(r.name) + QLatin1Char('-') + r.ggufType + QStringLiteral(".gguf"));
}
QString ollamaPath(const ExportBundleRequest& r) { return path(r, safeName(r.name) + QStringLiteral("-ollama")); }

QString howTo(const ExportBundleRequest& r, const ExportBundleResult& res) {
  QStringList lines;
  if (!res.ggufPath.isEmpty()) {
    lines << QObject::tr("llama.cpp (chat in the terminal):")
          << QStringLiteral("  llama-cli -m \"%1\" -cnv").arg(res.ggufPath)
          << QObject::tr("llama.cpp (a local server with an OpenAI-style API on port 8080):")
          << QStringLiteral("  llama-server -m \"%1\" --port 8080").arg(res.ggufPath) << QString()
          << QObject::tr("LM Studio: copy the .gguf file into a folder of its own under the models folder, e.g.")
          << QStringLiteral("  mkdir -p ~/.lmstudio/models/atelier/%1 && cp \"%2\" ~/.lmstudio/models/atelier/%1/")
                 .arg(safeName(r.name), res.ggufPath)
          << QObject::tr("  (or run: lms import \"%1\"), then pick it in LM Studio's model list.").arg(res.ggufPath) << QString();
  }
  if (!res.ollamaFolder.isEmpty()) {
    lines << QObject::tr("Ollama (register once, then chat):")
          << QStringLiteral("  ollama create %1 -f \"%2\"").arg(res.ollamaName, QDir(res.ollamaFolder).filePath(QStringLiteral("Modelfile")))
          << QStringLiteral("  ollama run %1").arg(res.ollamaName) << QString();
  }
  if (r.merged)
    lines << QObject::tr("Python (transformers), the merged model:")
          << QStringLiteral("  AutoModelForCausalLM.from_pretrained(\"%1\")").arg(mergedPath(r)) << QString();
  if (r.peft)
    lines << QObject::tr("Python (PEFT), the adapter on its base model:")
          << QStringLiteral("  PeftModel.from_pretrained(base_model, \"%1\")").arg(peftPath(r)) << QString();
  return lines.join(QLatin1Char('\n')).trimmed() + QLatin1Char('\n');
}

}  // namespace

QStringList exportBundleTargets(const ExportBundleRequest& r) {
  QStringList t;
  if (r.peft) t << peftPath(r);
  if (r.merged) t << mergedPath(r);
  if (r.gguf) t << ggufPath(r);
  if (r.ollama) t << ollamaPath(r);
  return t;
}

bool runExportBundle(const ExportBundleRequest& r, const std::function<bool(double, const QString&)>& progress,
                     ExportBundleResult* result, QString* error) {
  *result = ExportBundleResult{};
  const QStringList targets = exportBundleTargets(r);
  if (targets.isEmpty()) return (*error = QObject::tr("Choose at least one format."), false);
  if ((r.peft || r.merged) && r.adapter.isEmpty())
    return (*error = QObject::tr("The adapter and merged formats need a training run: choose a run, not the base model."), false);
  for (const QString& t : targets)
    if (QFileInfo::exists(t)) return (*error = QObject::tr("%1 already exists: choose another output folder or name.").arg(t), false);
  if (!QDir().mkpath(r.outFolder)) return (*error = QObject::tr("Cannot create %1").arg(r.outFolder), false);

  // Each format gets an equal share of the bar.
  const int steps = int(targets.size());
  int step = 0;
  auto part = [&](const QString& what) {
    const int index = step++;
    return [&, index, what](double f) { return !progress || progress((index + f) / steps, what); };
  };
  if (r.peft) {
    auto p = part(QObject::tr("Writing the PEFT adapter"));
    if (!p(0) || !exportPeftAdapter(r.model, r.adapter, peftPath(r), QString(), error)) {
      if (error->isEmpty()) *error = QObject::tr("export cancelled");
      return false;
    }
    result->written << peftPath(r);
  }
  if (r.merged) {
    MergedExportOptions o;
    o.model = r.model;
    o.adapter = r.adapter;
    o.out = mergedPath(r);
    o.dtype = r.mergedDtype;
    o.progress = part(QObject::tr("Merging the adapter into the model"));
    MergedExportResult m;
    if (!exportMergedModel(o, &m, error)) return false;
    result->written << o.out;
  }
  if (r.gguf) {
    GgufExportOptions o;
    o.model = r.model;
    o.adapter = r.adapter;
    o.out = ggufPath(r);
    o.type = r.ggufType;
    o.name = r.name;
    o.progress = part(QObject::tr("Writing the GGUF file"));
    GgufExportResult g;
    if (!exportGguf(o, &g, error)) return false;
    result->written << g.path;
    result->ggufPath = g.path;
    result->warnings = g.warnings;
  }
  if (r.ollama) {
    OllamaExportOptions o;
    o.gguf.model = r.model;
    o.gguf.adapter = r.adapter;
    o.gguf.type = r.ggufType;
    o.gguf.name = r.name;
    o.gguf.progress = part(QObject::tr("Writing the Ollama folder"));
    o.folder = ollamaPath(r);
    o.modelName = r.name;
    o.existingGguf = result->ggufPath;  // already converted above: linked, not converted again
    OllamaExportResult res;
    if (!exportOllama(o, &res, error)) return false;
    result->written << res.folder;
    result->ollamaFolder = res.folder;
    result->ollamaName = res.modelName;
    if (o.existingGguf.isEmpty()) result->warnings = res.gguf.warnings;
    if (result->ggufPath.isEmpty()) result->ggufPath = res.gguf.path;
  }
  result->howTo = howTo(r, *result);
  for (const QString& w : result->warnings) result->howTo += QObject::tr("\nNote: %1\n").arg(w);
  if (progress) progress(1.0, QObject::tr("Done"));
  return true;
}

}  // namespace Atelier
