#pragma once

#include "model/io/safetensors.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Atelier {

// The weights of a Hugging Face model folder: model.safetensors, or shards
// named by model.safetensors.index.json. Pickle checkpoints are refused.
class WeightFolder {
 public:
  static std::unique_ptr<WeightFolder> open(const QString& folder, QString* error);

  QStringList tensorNames() const { return mNames; }
  const TensorInfo* find(const QString& name) const;
  const uchar* data(const QString& name) const;
  QString fileOf(const QString& name) const;
  qint64 totalBytes() const;

 private:
  std::vector<std::unique_ptr<SafetensorsFile>> mFiles;
  QHash<QString, int> mFileOfTensor;
  QStringList mNames;
};

// True when the folder holds pickle checkpoints (.bin/.pt/.pth/.ckpt) and no
// safetensors; *message then explains why Atelier will not open them.
bool isPickleOnlyFolder(const QString& folder, QString* message);

// Writes model.safetensors, or model-0000N-of-0000M.safetensors plus
// model.safetensors.index.json when the tensors exceed maxShardBytes.
bool writeShardedSafetensors(const QString& folder, const QList<TensorToWrite>& tensors,
                             qint64 maxShardBytes, const QMap<QString, QString>& metadata,
                             QString* error);

}  // namespace Atelier
