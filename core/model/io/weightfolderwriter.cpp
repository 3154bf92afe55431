// writeShardedSafetensors: splits tensors into shards the way Hugging Face
// does (model-0000N-of-0000M.safetensors + model.safetensors.index.json) and
// puts them into a folder without ever leaving a half-written set behind.
#include "weightfolder.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryDir>

#include <filesystem>
#include <system_error>

namespace Atelier {
namespace {

const QString kIndexName = QStringLiteral("model.safetensors.index.json");
const QString kSingleName = QStringLiteral("model.safetensors");

QString shardName(int number, int count) {
  return QStringLiteral("model-%1-of-%2.safetensors")
      .arg(number, 5, 10, QLatin1Char('0'))
      .arg(count, 5, 10, QLatin1Char('0'));
}

// Files that belong to a model's weight set, old or new layout.
bool isWeightSetFile(const QString& name) {
  static const QRegularExpression shard(QStringLiteral("^model-\\d{5}-of-\\d{5}\\.safetensors$"));
  return name == kSingleName || name == kIndexName || shard.match(name).hasMatch();
}

// Greedy in the given order, like transformers' save_pretrained: a shard is
// closed when the next tensor would push it past the limit.
QList<QList<TensorToWrite>> planShards(const QList<TensorToWrite>& tensors, qint64 maxShardBytes) {
  QList<QList<TensorToWrite>> shards{{}};
  qint64 current = 0;
  for (const TensorToWrite& t : tensors) {
    if (current > 0 && t.byteSize > maxShardBytes - current) {
      shards.append(QList<TensorToWrite>());
      current = 0;
    }
    shards.last().append(t);
    current += t.byteSize;
  }
  return shards;
}

// std::filesystem::rename replaces an existing target in one step (POSIX
// rename, MoveFileEx with REPLACE_EXISTING on Windows); QFile::rename refuses.
bool replaceFile(const QString& from, const QString& to, QString* why) {
  std::error_code ec;
  std::filesystem::rename(QFileInfo(from).filesystemFilePath(), QFileInfo(to).filesystemFilePath(), ec);
  if (ec) *why = QString::fromStdString(ec.message());
  return !ec;
}

bool writeIndex(const QString& path, const QList<QList<TensorToWrite>>& shards, QString* error) {
  QJsonObject weightMap;
  qint64 total = 0;
  for (int i = 0; i < shards.size(); ++i) {
    for (const TensorToWrite& t : shards[i]) {
      weightMap.insert(t.name, shardName(i + 1, int(shards.size())));
      total += t.byteSize;
    }
  }
  const QJsonObject doc{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("total_size"), total}}},
                        {QStringLiteral("weight_map"), weightMap}};
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(doc).toJson()) < 0 || !file.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace

bool writeShardedSafetensors(const QString& folder, const QList<TensorToWrite>& tensors,
                             qint64 maxShardBytes, const QMap<QString, QString>& metadata,
                             QString* error) {
  auto fail = [&](const QString& why) {
    *error = QStringLiteral("Cannot write the model weights to %1: %2").arg(folder, why);
    return false;
  };
  if (maxShardBytes <= 0) return fail(QStringLiteral("the shard size limit must be positive"));
  // Checked over all tensors here, because a per-file check would miss a
  // name repeated in two shards.
  const QString problem = checkTensorsToWrite(tensors);
  if (!problem.isEmpty()) return fail(problem);
  if (!QFileInfo(folder).isDir()) return fail(QStringLiteral("the folder does not exist"));

  const QList<QList<TensorToWrite>> shards = planShards(tensors, maxShardBytes);
  const QDir dir(folder);
  // Staging inside the target folder keeps every rename on one file system,
  // where it cannot fail half-way through copying.
  QTemporaryDir staging(dir.filePath(QStringLiteral(".atelier-weights-XXXXXX")));
  if (!staging.isValid()) return fail(staging.errorString());
  QStringList written;
  if (shards.size() == 1) {
    if (!writeSafetensors(staging.filePath(kSingleName), tensors, metadata, error)) return false;
    written << kSingleName;
  } else {
    for (int i = 0; i < shards.size(); ++i) {
      const QString name = shardName(i + 1, int(shards.size()));
      if (!writeSafetensors(staging.filePath(name), shards[i], metadata, error)) return false;
      written << name;
    }
    if (!writeIndex(staging.filePath(kIndexName), shards, error)) return false;
    written << kIndexName;  // last: until the index arrives, readers see the old set
  }
  for (const QString& name : written) {
    QString why;
    if (!replaceFile(staging.filePath(name), dir.filePath(name), &why))
      return fail(QStringLiteral("moving %1 into place failed: %2").arg(name, why));
  }
  // Leftovers of the other layout would be read instead of (or mixed with)
  // the new weights: an old index wins over a new model.safetensors.
  // The old index goes first, so no reader meets an index whose shards are gone.
  const QSet<QString> keep(written.begin(), written.end());
  QStringList stale;
  for (const QString& name : dir.entryList(QDir::Files))
    if (isWeightSetFile(name) && !keep.contains(name)) stale << name;
  if (stale.removeOne(kIndexName)) stale.prepend(kIndexName);
  for (const QString& name : stale)
    if (!QFile::remove(dir.filePath(name)))
      return fail(QStringLiteral("the old file %1 could not be removed").arg(name));
  return true;
}

}  // namespace Atelier
