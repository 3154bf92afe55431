#pragma once

#include "model/io/dtype.h"

#include <QFile>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace Atelier {

struct TensorInfo {
  QString name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  qint64 dataOffset = 0;  // absolute offset in the file
  qint64 byteSize = 0;
  qint64 elementCount() const;
};

// A memory-mapped, validated safetensors file. Every offset, size, type and
// name is checked before any tensor is handed out, so a damaged or hostile
// file gives an error naming the file and the tensor, never a crash.
class SafetensorsFile {
 public:
  static constexpr qint64 kMaxHeaderBytes = 100LL * 1024 * 1024;

  static std::unique_ptr<SafetensorsFile> open(const QString& path, QString* error);
  ~SafetensorsFile();

  QString path() const { return mPath; }
  const QList<TensorInfo>& tensors() const { return mTensors; }
  const TensorInfo* find(const QString& name) const;
  const uchar* data(const TensorInfo& tensor) const { return mMap + tensor.dataOffset; }
  QMap<QString, QString> metadata() const { return mMetadata; }

 private:
  SafetensorsFile() = default;
  bool parse(QString* error);

  QString mPath;
  QFile mFile;
  uchar* mMap = nullptr;
  qint64 mSize = 0;
  QList<TensorInfo> mTensors;
  QHash<QString, int> mIndex;
  QMap<QString, QString> mMetadata;
};

struct TensorToWrite {
  QString name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  const void* data = nullptr;
  qint64 byteSize = 0;
};

// Writes a safetensors file (header padded to 8 bytes, tensors in the given
// order) through a temporary file renamed into place.
bool writeSafetensors(const QString& path, const QList<TensorToWrite>& tensors,
                      const QMap<QString, QString>& metadata, QString* error);

}  // namespace Atelier
