#pragma once
// The GGUF v3 container (llama.cpp's model file): a header, typed metadata
// key/values, tensor descriptions, then the aligned tensor data. This file
// knows the byte layout only; what goes into it is ggufexport's business.
// No torch here: the reader is also used by tests and the GUI.

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <cstdint>
#include <functional>
#include <vector>

namespace Atelier {

// Value types of metadata, numbered as in the specification.
enum class GgufValueType : uint32_t {
  Uint8 = 0, Int8 = 1, Uint16 = 2, Int16 = 3, Uint32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
  String = 8, Array = 9, Uint64 = 10, Int64 = 11, Float64 = 12
};

// Tensor element types (ggml_type numbers) that Atelier writes.
enum class GgmlType : uint32_t { F32 = 0, F16 = 1, Q8_0 = 8 };

constexpr uint32_t kGgufVersion = 3;
constexpr uint32_t kGgufAlignment = 32;
constexpr int kQ8BlockSize = 32;  // Q8_0: one f16 scale + 32 int8 per block

// Bytes of `elements` values of `type` (Q8_0 needs a multiple of 32).
qint64 ggmlTypeBytes(GgmlType type, qint64 elements);
QString ggmlTypeName(GgmlType type);

// One metadata value. Arrays hold one element type; strings are UTF-8.
struct GgufValue {
  GgufValueType type = GgufValueType::Uint32;
  GgufValueType arrayType = GgufValueType::Uint32;  // for Array
  QVariant scalar;             // numbers, bool, string
  QStringList strings;         // Array of String
  std::vector<double> numbers; // Array of numbers (int32/float32/...)

  static GgufValue u32(uint32_t v) { return {GgufValueType::Uint32, {}, QVariant::fromValue(v), {}, {}}; }
  static GgufValue i32(int32_t v) { return {GgufValueType::Int32, {}, QVariant::fromValue(v), {}, {}}; }
  static GgufValue f32(float v) { return {GgufValueType::Float32, {}, QVariant::fromValue(v), {}, {}}; }
  static GgufValue boolean(bool v) { return {GgufValueType::Bool, {}, QVariant(v), {}, {}}; }
  static GgufValue string(const QString& v) { return {GgufValueType::String, {}, QVariant(v), {}, {}}; }
  static GgufValue stringArray(const QStringList& v) { return {GgufValueType::Array, GgufValueType::String, {}, v, {}}; }
  static GgufValue numberArray(GgufValueType element, std::vector<double> v) {
    return {GgufValueType::Array, element, {}, {}, std::move(v)};
  }
  qint64 arrayLength() const { return arrayType == GgufValueType::String ? strings.size() : qint64(numbers.size()); }
};

struct GgufKeyValue {
  QString key;
  GgufValue value;
};

// A tensor as written: `dims` in ggml order (fastest-varying first, i.e. the
// reverse of a torch shape) and its bytes encoded in `type`: either `data`,
// or `produce`, called when the tensor is written, so that a large model is
// converted one tensor at a time instead of all in memory at once.
struct GgufTensor {
  QString name;
  std::vector<int64_t> dims;
  GgmlType type = GgmlType::F32;
  QByteArray data;
  std::function<QByteArray()> produce;
  qint64 elements() const;
};

// Called after each tensor is written with (tensors done, total); return false to cancel.
using GgufWriteProgress = std::function<bool(int done, int total)>;

// Writes a complete file to `device`. Checks the invariants readers rely on
// (unique names, data size matching type and dims, Q8_0 rows multiple of 32).
bool writeGguf(QIODevice* device, const QList<GgufKeyValue>& metadata, const QList<GgufTensor>& tensors,
               QString* error, const GgufWriteProgress& progress = {});

// What a reader finds: metadata and tensor descriptions, with offsets
// relative to the data section, which starts at `dataOffset`.
struct GgufTensorInfo {
  QString name;
  std::vector<int64_t> dims;
  uint32_t type = 0;
  quint64 offset = 0;
};

struct GgufContents {
  uint32_t version = 0;
  QList<GgufKeyValue> metadata;
  QList<GgufTensorInfo> tensors;
  quint64 dataOffset = 0;
  quint64 fileSize = 0;
  const GgufValue* find(const QString& key) const;
};

// Parses and validates a file: magic, version, every length inside the file,
// known value and tensor types, aligned offsets, tensors not overlapping and
// lying inside the file. Sets *error naming the problem and the byte offset.
bool readGguf(const QString& path, GgufContents* out, QString* error);

}  // namespace Atelier
