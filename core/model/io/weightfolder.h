#pragma once

#include "model/io/safetensors.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Atelier {

// The weights of a Hugging Face model folder: model.safetensors, or the
// shards named by model.safetensors.index.json. Every shard is opened (and so
// validated) up front, and the index is checked against the shards. Pickle
// checkpoints are refused.
class WeightFolder {
 public:
  static std::unique_ptr<WeightFolder> open(const QString& folder, QString* error);

  QStringList tensorNames() const { return mNames; }  // shard by shard, in file order
  const TensorInfo* find(const QString& name) const;
  const uchar* data(const QString& name) const;  // nullptr for an unknown name
  QString fileOf(const QString& name) const;     // the shard's path
  qint64 totalBytes() const { return mTotalBytes; }

 private:
  WeightFolder() = default;
  bool addShard(std::unique_ptr<SafetensorsFile> shard, QString* error);

  std::vector<std::unique_ptr<SafetensorsFile>> mFiles;
  QHash<QString, int> mFileOfTensor;  // index into mFiles
  QStringList mNames;
  qint64 mTotalBytes = 0;
};

// True when the folder holds pickle checkpoints (.bin/.pt/.pth/.ckpt) and no
// safetensors; *message then explains why Atelier will not open them and
// what to download instead.
bool isPickleOnlyFolder(const QString& folder, QString* message);

// Writes model.safetensors, or model-0000N-of-0000M.safetensors plus
// model.safetensors.index.json when the tensors exceed maxShardBytes (a
// tensor larger than that gets a shard of its own). The files are written
// into a temporary folder inside `folder` and moved into place only when all
// were written, so a failure leaves the previous contents. Model files of
// the other layout (an old index, old shards) are removed afterwards so the
// folder cannot mix two sets.
bool writeShardedSafetensors(const QString& folder, const QList<TensorToWrite>& tensors,
                             qint64 maxShardBytes, const QMap<QString, QString>& metadata,
                             QString* error);

}  // namespace Atelier
