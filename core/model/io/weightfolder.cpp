#include "weightfolder.h"

#include "jsonduplicates.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <utility>

namespace Atelier {
namespace {

constexpr qint64 kMaxIndexBytes = 64LL * 1024 * 1024;
const QString kIndexName = QStringLiteral("model.safetensors.index.json");
const QString kSingleName = QStringLiteral("model.safetensors");

// The index may only name plain files next to it: "../x", "/etc/x" or
// "sub/x" would let a downloaded folder make us map files elsewhere on disk.
// Symbolic links inside the folder are fine (the Hugging Face cache is made
// of them).
bool isPlainShardName(const QString& name) {
  return !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("..") &&
         !name.contains(QLatin1Char('/')) && !name.contains(QLatin1Char('\\')) &&
         !name.contains(QChar(0)) && !QDir::isAbsolutePath(name) &&
         name.endsWith(QLatin1String(".safetensors"));
}

// Reads model.safetensors.index.json into (tensor, shard file) pairs, in the
// index's order, after checking its layout and every file it names.
bool readIndex(const QDir& dir, const QString& indexPath, QList<std::pair<QString, QString>>* entries,
               QString* error) {
  auto fail = [&](const QString& what) {
    *error = QStringLiteral("%1 is not a valid weight index: %2").arg(indexPath, what);
    return false;
  };
  QFile f(indexPath);
  if (f.size() > kMaxIndexBytes) return fail(QStringLiteral("it is larger than 64 MB"));
  if (!f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read: %2").arg(indexPath, f.errorString());
    return false;
  }
  const QByteArray text = f.readAll();
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
  if (parseError.error != QJsonParseError::NoError)
    return fail(QStringLiteral("it is not valid JSON (%1 at byte %2)")
                    .arg(parseError.errorString()).arg(parseError.offset));
  if (!doc.isObject()) return fail(QStringLiteral("it is not a JSON object"));
  QStringList duplicate;
  if (findDuplicateJsonKey(text, &duplicate))
    return fail(QStringLiteral("\"%1\" appears twice").arg(duplicate.join(QStringLiteral("\" → \""))));
  const QJsonValue map = doc.object().value(QStringLiteral("weight_map"));
  if (!map.isObject()) return fail(QStringLiteral("it has no \"weight_map\" object"));
  const QJsonObject weightMap = map.toObject();
  if (weightMap.isEmpty()) return fail(QStringLiteral("its weight_map lists no tensors"));
  for (auto it = weightMap.begin(); it != weightMap.end(); ++it) {
    const QString file = it.value().toString();
    if (!it.value().isString() || !isPlainShardName(file))
      return fail(QStringLiteral("tensor \"%1\" is mapped to %2, which is not the name of a .safetensors "
                                 "file inside this folder")
                      .arg(it.key(), it.value().isString() ? QStringLiteral("\"%1\"").arg(file)
                                                           : QStringLiteral("a value that is not a string")));
    if (!QFileInfo(dir.filePath(file)).isFile()) {
      *error = QStringLiteral("%1 names the shard %2 (for tensor \"%3\"), but that file is missing: the "
                              "download is incomplete. Download %2 into %4.")
                   .arg(indexPath, file, it.key(), dir.path());
      return false;
    }
    entries->append({it.key(), file});
  }
  return true;
}

}  // namespace

bool isPickleOnlyFolder(const QString& folder, QString* message) {
  const QDir dir(folder);
  if (!dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files).isEmpty()) return false;
  const QStringList pickles = dir.entryList({QStringLiteral("*.bin"), QStringLiteral("*.pt"),
                                             QStringLiteral("*.pth"), QStringLiteral("*.ckpt")},
                                            QDir::Files);
  if (pickles.isEmpty()) return false;
  *message = QStringLiteral(
                 "%1 only has %2: Python pickle files, which can run any code hidden inside them "
                 "when they are loaded, so Atelier never opens them. Download the model's "
                 ".safetensors files instead (most Hugging Face models offer them under \"Files and "
                 "versions\").")
                 .arg(folder, pickles.join(QStringLiteral(", ")));
  return true;
}

bool WeightFolder::addShard(std::unique_ptr<SafetensorsFile> shard, QString* error) {
  const int index = int(mFiles.size());
  for (const TensorInfo& t : shard->tensors()) {
    const auto other = mFileOfTensor.constFind(t.name);
    if (other != mFileOfTensor.constEnd()) {
      *error = QStringLiteral("Tensor \"%1\" is in two shards, %2 and %3, so it is unclear which to use. "
                              "The folder mixes files of two downloads: download the model again.")
                   .arg(t.name, mFiles[other.value()]->path(), shard->path());
      return false;
    }
    mFileOfTensor.insert(t.name, index);
    mNames << t.name;
    mTotalBytes += t.byteSize;
  }
  mFiles.push_back(std::move(shard));
  return true;
}

std::unique_ptr<WeightFolder> WeightFolder::open(const QString& folder, QString* error) {
  const QDir dir(folder);
  if (!QFileInfo(folder).isDir()) {
    *error = QStringLiteral("%1 is not a folder").arg(folder);
    return nullptr;
  }
  if (isPickleOnlyFolder(folder, error)) return nullptr;

  // Which files to open, and (with an index) where each tensor should be.
  QStringList files;
  QList<std::pair<QString, QString>> indexed;
  const QString indexPath = dir.filePath(kIndexName);
  if (QFileInfo::exists(indexPath)) {
    if (!readIndex(dir, indexPath, &indexed, error)) return nullptr;
    for (const auto& entry : indexed)
      if (!files.contains(entry.second)) files << entry.second;
    files.sort();  // shard order, so tensorNames() lists embeddings first
  } else if (QFileInfo(dir.filePath(kSingleName)).isFile()) {
    files << kSingleName;
  } else {
    const QStringList any = dir.entryList({QStringLiteral("*.safetensors")}, QDir::Files, QDir::Name);
    if (any.isEmpty()) {
      *error = QStringLiteral("%1 has no model weights (model.safetensors).").arg(folder);
      return nullptr;
    }
    if (any.size() > 1) {
      *error = QStringLiteral("%1 has several .safetensors files (%2) but no %3 saying how they fit "
                              "together. Download the model's %3 too.")
                   .arg(folder, any.join(QStringLiteral(", ")), kIndexName);
      return nullptr;
    }
    files = any;
  }

  std::unique_ptr<WeightFolder> w(new WeightFolder);
  for (const QString& file : files) {
    auto shard = SafetensorsFile::open(dir.filePath(file), error);
    if (!shard || !w->addShard(std::move(shard), error)) return nullptr;
  }
  // A shard may hold tensors the index does not list (they load as they
  // are), but every listed tensor must be in the shard the index names.
  for (const auto& [name, file] : indexed) {
    const QString actual = w->fileOf(name);
    if (actual.isEmpty()) {
      *error = QStringLiteral("%1 says tensor \"%2\" is in %3, but it is not in that file (nor in any "
                              "other shard). The shard is from another download or version: download "
                              "the model again.")
                   .arg(indexPath, name, file);
      return nullptr;
    }
    if (QFileInfo(actual).fileName() != file) {
      *error = QStringLiteral("%1 says tensor \"%2\" is in %3, but it is not in that file (it is in %4). "
                              "The index and the shards do not match: download the model again.")
                   .arg(indexPath, name, file, actual);
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
  const auto it = mFileOfTensor.constFind(name);
  if (it == mFileOfTensor.constEnd()) return nullptr;
  const SafetensorsFile& file = *mFiles[it.value()];
  return file.data(*file.find(name));
}

QString WeightFolder::fileOf(const QString& name) const {
  const auto it = mFileOfTensor.constFind(name);
  return it == mFileOfTensor.constEnd() ? QString() : mFiles[it.value()]->path();
}

}  // namespace Atelier
