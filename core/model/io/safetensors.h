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
// name is checked when the file is opened, before any tensor is handed out,
// so a damaged or hostile file gives an error naming the file and the tensor,
// never a crash or a read outside the file.
class SafetensorsFile {
 public:
  static constexpr qint64 kMaxHeaderBytes = 100LL * 1024 * 1024;

  static std::unique_ptr<SafetensorsFile> open(const QString& path, QString* error);
  ~SafetensorsFile();

  QString path() const { return mPath; }
  const QList<TensorInfo>& tensors() const { return mTensors; }  // in file order
  const TensorInfo* find(const QString& name) const;
  // Valid while this object lives; t must come from this file.
  const uchar* data(const TensorInfo& t) const { return mMap + t.dataOffset; }
  QMap<QString, QString> metadata() const { return mMetadata; }

 private:
  SafetensorsFile() = default;

  QString mPath;
  QFile mFile;
  uchar* mMap = nullptr;
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

// Writes a safetensors file: header padded with spaces to a multiple of 8
// bytes, tensors contiguous in the given order. The file is written under a
// temporary name in the same folder and renamed into place, so `path` is
// either the complete new file or untouched.
bool writeSafetensors(const QString& path, const QList<TensorToWrite>& tensors,
                      const QMap<QString, QString>& metadata, QString* error);

// Why `tensors` cannot be written (duplicate or reserved name, negative or
// overflowing shape, size not matching shape × dtype, missing data), or an
// empty string when they can.
QString checkTensorsToWrite(const QList<TensorToWrite>& tensors);

}  // namespace Atelier
