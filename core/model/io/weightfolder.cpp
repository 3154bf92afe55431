#include "weightfolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Atelier {
namespace {
constexpr qint64 kMaxIndexBytes = 64LL * 1024 * 1024;
const char kIndexName[] = "model.safetensors.index.json";
}  // namespace

bool isPickleOnlyFolder(const QString& folder, QString* message) {
  const QDir dir(folder);
  if (!dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files).isEmpty()) return false;
  const QStringList pickles = dir.entryList(
      {QStringLiteral("*.bin"), QStringLiteral("*.pt"), QStringLiteral("*.pth"), QStringLiteral("*.ckpt")},
      QDir::Files);
  if (pickles.isEmpty()) return false;
  *message = QStringLiteral(
                 "%1 only has %2, which are Python pickle files: loading one can run any code hidden "
                 "inside it, so Atelier never opens them. Download the model's .safetensors files "
                 "instead (most Hugging Face models offer them, under \"Files and versions\").")
                 .arg(folder, pickles.join(QStringLiteral(", ")));
  return true;
}

std::unique_ptr<WeightFolder> WeightFolder::open(const QString& folder, QString* error) {
  const QDir dir(folder);
  if (!dir.exists()) {
    *error = QStringLiteral("%1 is not a folder").arg(folder);
    return nullptr;
  }
  if (isPickleOnlyFolder(folder, error)) return nullptr;
  std::unique_ptr<WeightFolder> w(new WeightFolder);
  QStringList files;
  QHash<QString, QString> expectedFile;  // tensor → shard, from the index
  const QString indexPath = dir.filePath(QString::fromLatin1(kIndexName));
  if (QFileInfo(indexPath).isFile()) {
    QFile f(indexPath);
    if (f.size() > kMaxIndexBytes || !f.open(QIODevice::ReadOnly)) {
      *error = QStringLiteral("%1 cannot be read (or is larger than 64 MB)").arg(indexPath);
      return nullptr;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    const QJsonValue map = doc.object().value(QStringLiteral("weight_map"));
    if (pe.error != QJsonParseError::NoError || !map.isObject()) {
      *error = QStringLiteral("%1 is not a valid index: it needs a \"weight_map\" object").arg(indexPath);
      return nullptr;
    }
    const QJsonObject m = map.toObject();
    for (auto it = m.begin(); it != m.end(); ++it) {
      const QString file = it.value().toString();
      // Shard names must be plain file names in this folder: no path tricks.
      if (!it.value().isString() || file.isEmpty() || file.contains(QLatin1Char('/')) ||
          file.contains(QLatin1Char('\\')) || file == QLatin1String("..") || !file.endsWith(QStringLiteral(".safetensors"))) {
        *error = QStringLiteral("%1: tensor \"%2\" names \"%3\", which is not a .safetensors file in "
                                "this folder").arg(indexPath, it.key(), it.value().toVariant().toString());
        return nullptr;
      }
      if (!QFileInfo(dir.filePath(file)).isFile()) {
        *error = QStringLiteral("%1 names the shard %2, which is missing; the download is incomplete.")
                     .arg(indexPath, file);
        return nullptr;
      }
      expectedFile.insert(it.key(), file);
      if (!files.contains(file)) files << file;
    }
  } else if (QFileInfo(dir.filePath(QStringLiteral("model.safetensors"))).isFile()) {
    files << QStringLiteral("model.safetensors");
  } else {
    const QStringList any = dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files);
    if (any.size() == 1) files = any;
    else {
      *error = any.isEmpty()
                   ? QStringLiteral("%1 has no model weights (model.safetensors).").arg(folder)
                   : QStringLiteral("%1 has several .safetensors files but no %2 to say how they fit "
                                    "together.").arg(folder, QString::fromLatin1(kIndexName));
      return nullptr;
    }
  }
  for (const QString& file : files) {
    auto st = SafetensorsFile::open(dir.filePath(file), error);
    if (!st) return nullptr;
    const int index = int(w->mFiles.size());
    for (const TensorInfo& t : st->tensors()) {
      if (w->mFileOfTensor.contains(t.name)) {
        *error = QStringLiteral("%1: tensor \"%2\" is in two shards (%3 and %4)")
                     .arg(folder, t.name, w->mFiles[w->mFileOfTensor.value(t.name)]->path(), file);
        return nullptr;
      }
      if (!expectedFile.isEmpty() && expectedFile.value(t.name) != file) continue;  // stray copy
      w->mFileOfTensor.insert(t.name, index);
      w->mNames << t.name;
    }
    w->mFiles.push_back(std::move(st));
  }
  for (auto it = expectedFile.begin(); it != expectedFile.end(); ++it) {
    if (!w->mFileOfTensor.contains(it.key())) {
      *error = QStringLiteral("%1 says tensor \"%2\" is in %3, but it is not there.")
                   .arg(indexPath, it.key(), it.value());
      return nullptr;
    }
  }
  return w;
}

const TensorInfo* WeightFolder::find(const QString& name) const {
  const auto it = mFileOfTensor.constFind(name);
  return it == mFileOfTensor.constEnd() ? nullptr : mFiles[it.value()]->find(name);
}

const uchar* WeightFolder::data(const QString& name) const {
  const TensorInfo* t = find(name);
  return t ? mFiles[mFileOfTensor.value(name)]->data(*t) : nullptr;
}

QString WeightFolder::fileOf(const QString& name) const {
  const auto it = mFileOfTensor.constFind(name);
  return it == mFileOfTensor.constEnd() ? QString() : mFiles[it.value()]->path();
}

qint64 WeightFolder::totalBytes() const {
  qint64 total = 0;
  for (const QString& name : mNames) total += find(name)->byteSize;
  return total;
}

bool writeShardedSafetensors(const QString& folder, const QList<TensorToWrite>& tensors,
                             qint64 maxShardBytes, const QMap<QString, QString>& metadata,
                             QString* error) {
  QList<QList<TensorToWrite>> shards{{}};
  qint64 current = 0, total = 0;
  for (const TensorToWrite& t : tensors) {
    if (current > 0 && current + t.byteSize > maxShardBytes) {
      shards.append(QList<TensorToWrite>());
      current = 0;
    }
    shards.last().append(t);
    current += t.byteSize;
    total += t.byteSize;
  }
  const QDir dir(folder);
  if (shards.size() == 1)
    return writeSafetensors(dir.filePath(QStringLiteral("model.safetensors")), tensors, metadata, error);
  QJsonObject weightMap;
  for (int i = 0; i < shards.size(); ++i) {
    const QString name = QStringLiteral("model-%1-of-%2.safetensors")
                             .arg(i + 1, 5, 10, QLatin1Char('0'))
                             .arg(shards.size(), 5, 10, QLatin1Char('0'));
    if (!writeSafetensors(dir.filePath(name), shards[i], metadata, error)) return false;
    for (const TensorToWrite& t : shards[i]) weightMap.insert(t.name, name);
  }
  // The index goes last: without it a reader sees no half-written model.
  QSaveFile index(dir.filePath(QString::fromLatin1(kIndexName)));
  const QJsonObject doc{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("total_size"), total}}},
                        {QStringLiteral("weight_map"), weightMap}};
  if (!index.open(QIODevice::WriteOnly) || index.write(QJsonDocument(doc).toJson()) < 0 || !index.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(index.fileName(), index.errorString());
    return false;
  }
  return true;
}

}  // namespace Atelier
