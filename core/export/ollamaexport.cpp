#include "ollamaexport.h"

#include "gguffile.h"
#include "ollamamodelfile.h"

#include "inference/chatprompt.h"
#include "model/modelconfig.h"
#include "tokenizer/tokenizerloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUuid>

#include <unistd.h>

namespace Atelier {

bool exportOllama(const OllamaExportOptions& o, OllamaExportResult* r, QString* error) {
  *r = OllamaExportResult{};
  const QFileInfo out(o.folder);
  if (out.exists() && (!out.isDir() || !QDir(o.folder).isEmpty()))
    return (*error = QStringLiteral("%1 already exists and is not an empty folder: choose a new folder").arg(o.folder), false);
  ModelConfig config;
  if (!ModelConfig::load(o.gguf.model, &config, error)) return false;
  auto tokenizer = loadModelTokenizer(o.gguf.model, error);
  if (!tokenizer) return false;
  ChatTemplate chat;
  if (!modelChatTemplate(o.gguf.model, tokenizer.get(), o.chatFamily, &chat, error)) return false;

  r->modelName = ollamaModelName(o.modelName.isEmpty() ? QFileInfo(o.gguf.model).fileName() : o.modelName);
  ModelfileOptions m;
  m.ggufFileName = r->modelName + QStringLiteral(".gguf");
  m.chatTemplate = chat;
  m.systemPrompt = o.systemPrompt;
  m.contextLength = qMin(config.maxPositionEmbeddings, 8192);
  const QString modelfile = ollamaModelfile(m);
  r->chatFamily = familyName(chat.family);

  const QString parent = out.absolutePath();
  if (!QDir().mkpath(parent)) return (*error = QStringLiteral("cannot create %1").arg(parent), false);
  const QString temp = QDir(parent).filePath(
      QStringLiteral(".%1.export-%2").arg(out.fileName(), QUuid::createUuid().toString(QUuid::Id128).left(8)));
  auto fail = [&](const QString& why) {
    QDir(temp).removeRecursively();
    *error = why;
    return false;
  };
  if (!QDir().mkpath(temp)) return fail(QStringLiteral("cannot create %1").arg(temp));
  GgufExportOptions g = o.gguf;
  g.out = QDir(temp).filePath(m.ggufFileName);
  if (!o.existingGguf.isEmpty()) {
    // A hard link costs no space; another file system gets a copy.
    GgufContents check;
    if (!readGguf(o.existingGguf, &check, error)) return fail(*error);
    const bool linked = ::link(QFile::encodeName(o.existingGguf).constData(), QFile::encodeName(g.out).constData()) == 0;
    if (!linked && !QFile::copy(o.existingGguf, g.out))
      return fail(QStringLiteral("cannot copy %1 into %2 (is the disk full?)").arg(o.existingGguf, temp));
    r->gguf.path = g.out;
    r->gguf.bytes = qint64(check.fileSize);
    r->gguf.tensors = int(check.tensors.size());
    r->gguf.metadata = int(check.metadata.size());
    if (const GgufValue* arch = check.find(QStringLiteral("general.architecture"))) r->gguf.architecture = arch->scalar.toString();
  } else if (!exportGguf(g, &r->gguf, error)) {
    return fail(*error);
  }
  QSaveFile file(QDir(temp).filePath(QStringLiteral("Modelfile")));
  if (!file.open(QIODevice::WriteOnly) || file.write(modelfile.toUtf8()) < 0 || !file.commit())
    return fail(QStringLiteral("cannot write the Modelfile: %1").arg(file.errorString()));
  if (out.exists()) QDir(o.folder).removeRecursively();  // empty, checked above
  if (!QDir().rename(temp, o.folder)) return fail(QStringLiteral("cannot move the export into %1").arg(o.folder));
  r->folder = QFileInfo(o.folder).absoluteFilePath();
  r->modelfile = QDir(r->folder).filePath(QStringLiteral("Modelfile"));
  r->gguf.path = QDir(r->folder).filePath(m.ggufFileName);
  r->createCommand = QStringLiteral("ollama create %1 -f \"%2\"").arg(r->modelName, r->modelfile);
  r->runCommand = QStringLiteral("ollama run %1").arg(r->modelName);
  return true;
}

}  // namespace Atelier
