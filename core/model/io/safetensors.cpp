#include "safetensors.h"

#include "jsonduplicates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <limits>

namespace Atelier {
namespace {

const QString kMetadataKey = QStringLiteral("__metadata__");
const QString kRedownload = QStringLiteral(" The file is probably damaged or a partial download: download it again.");

bool multiplyChecked(qint64 a, qint64 b, qint64* out) {
  if (a != 0 && b > std::numeric_limits<qint64>::max() / a) return false;
  *out = a * b;
  return true;
}

// Qt 6 keeps JSON integers exact up to 64 bits and toInteger() refuses
// fractions and out-of-range values, so this accepts exactly the whole
// numbers 0 .. 2^63-1.
bool nonNegativeInteger(const QJsonValue& v, qint64* out) {
  if (!v.isDouble()) return false;
  const qint64 n = v.toInteger(-1);
  if (n < 0) return false;
  *out = n;
  return true;
}

// Problems are returned as text (empty = fine); open() prefixes the path.
QString parseMetadata(const QJsonValue& value, QMap<QString, QString>* out) {
  if (!value.isObject()) return QStringLiteral("__metadata__ is not an object of strings");
  const QJsonObject meta = value.toObject();
  for (auto it = meta.begin(); it != meta.end(); ++it) {
    if (!it.value().isString())
      return QStringLiteral("__metadata__ entry \"%1\" is not a string").arg(it.key());
    out->insert(it.key(), it.value().toString());
  }
  return QString();
}

QString parseTensor(const QString& name, const QJsonValue& value, qint64 dataStart,
                    qint64 dataSize, TensorInfo* info) {
  const QString tensor = QStringLiteral("tensor \"%1\" ").arg(name);
  if (!value.isObject()) return tensor + QStringLiteral("is not described by an object");
  const QJsonObject t = value.toObject();
  info->name = name;

  const QJsonValue dtype = t.value(QStringLiteral("dtype"));
  if (!dtype.isString()) return tensor + QStringLiteral("has no \"dtype\" string");
  if (!parseDType(dtype.toString(), &info->dtype))
    return tensor + QStringLiteral("has dtype \"%1\", which Atelier cannot read (it reads %2)")
                        .arg(dtype.toString(), supportedDTypeNames());

  const QJsonValue shape = t.value(QStringLiteral("shape"));
  if (!shape.isArray()) return tensor + QStringLiteral("has no \"shape\" array");
  qint64 elements = 1;
  for (const QJsonValue& d : shape.toArray()) {
    qint64 dim = 0;
    if (!nonNegativeInteger(d, &dim))
      return tensor + QStringLiteral("has a shape entry that is not a non-negative integer");
    if (!multiplyChecked(elements, dim, &elements))
      return tensor + QStringLiteral("has a shape too large to address (its element count overflows)");
    info->shape.push_back(dim);
  }
  qint64 needed = 0;
  if (!multiplyChecked(elements, dtypeSize(info->dtype), &needed))
    return tensor + QStringLiteral("has a shape too large to address (its byte size overflows)");

  const QJsonValue offsets = t.value(QStringLiteral("data_offsets"));
  qint64 begin = 0, end = 0;
  if (!offsets.isArray() || offsets.toArray().size() != 2 ||
      !nonNegativeInteger(offsets.toArray().at(0), &begin) ||
      !nonNegativeInteger(offsets.toArray().at(1), &end))
    return tensor + QStringLiteral("needs \"data_offsets\": [begin, end] of non-negative integers");
  if (begin > end) return tensor + QStringLiteral("has data_offsets that end before they begin");
  if (end - begin != needed)
    return tensor + QStringLiteral("covers %1 bytes but its shape and dtype need %2")
                        .arg(end - begin).arg(needed);
  if (end > dataSize)
    return tensor + QStringLiteral("lies beyond the end of the file (it ends at byte %1 of a "
                                   "%2-byte data area).").arg(end).arg(dataSize) + kRedownload;
  info->dataOffset = dataStart + begin;
  info->byteSize = needed;
  return QString();
}

// Two tensors sharing bytes would alias each other (writing one through a
// mapped copy would change the other). Empty tensors own no bytes.
QString findOverlap(const QList<TensorInfo>& tensors) {
  QList<const TensorInfo*> sorted;
  for (const TensorInfo& t : tensors)
    if (t.byteSize > 0) sorted.append(&t);
  std::sort(sorted.begin(), sorted.end(), [](const TensorInfo* a, const TensorInfo* b) {
    return a->dataOffset < b->dataOffset;
  });
  // Track the tensor reaching furthest, not just the previous one: a large
  // tensor can contain several small ones.
  const TensorInfo* reach = nullptr;
  for (const TensorInfo* t : sorted) {
    if (reach && reach->dataOffset + reach->byteSize > t->dataOffset)
      return QStringLiteral("tensors \"%1\" and \"%2\" overlap (they share bytes)")
          .arg(reach->name, t->name);
    if (!reach || t->dataOffset + t->byteSize > reach->dataOffset + reach->byteSize) reach = t;
  }
  return QString();
}

QString parseHeader(const QByteArray& header, qint64 dataStart, qint64 dataSize,
                    QList<TensorInfo>* tensors, QMap<QString, QString>* metadata) {
  if (header.isEmpty() || header.at(0) != '{')
    return QStringLiteral("its header is not a JSON object starting with '{' (is this a safetensors file?)");
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(header, &parseError);
  if (parseError.error == QJsonParseError::IllegalUTF8String)
    return QStringLiteral("its header is not valid UTF-8 text (near byte %1)").arg(parseError.offset);
  if (parseError.error != QJsonParseError::NoError)
    return QStringLiteral("its header is not valid JSON (%1 at byte %2)")
        .arg(parseError.errorString()).arg(parseError.offset);
  if (!doc.isObject()) return QStringLiteral("its header is not a JSON object");
  QStringList duplicate;
  if (findDuplicateJsonKey(header, &duplicate)) {
    if (duplicate.size() == 1) return QStringLiteral("tensor \"%1\" is listed twice").arg(duplicate[0]);
    const QString key = duplicate.takeLast();
    return QStringLiteral("the entry \"%1\" has \"%2\" twice").arg(duplicate.join(QStringLiteral("\" → \"")), key);
  }
  const QJsonObject root = doc.object();
  for (auto it = root.begin(); it != root.end(); ++it) {
    QString problem;
    if (it.key() == kMetadataKey) {
      problem = parseMetadata(it.value(), metadata);
    } else {
      TensorInfo info;
      problem = parseTensor(it.key(), it.value(), dataStart, dataSize, &info);
      tensors->append(info);
    }
    if (!problem.isEmpty()) return problem;
  }
  // QJsonObject iterates by name; the file order is what users expect to see.
  std::stable_sort(tensors->begin(), tensors->end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.dataOffset < b.dataOffset;
  });
  return findOverlap(*tensors);
}

}  // namespace

qint64 TensorInfo::elementCount() const {
  qint64 n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

SafetensorsFile::~SafetensorsFile() {
  if (mMap) mFile.unmap(mMap);
}

std::unique_ptr<SafetensorsFile> SafetensorsFile::open(const QString& path, QString* error) {
  std::unique_ptr<SafetensorsFile> f(new SafetensorsFile);
  f->mPath = path;
  f->mFile.setFileName(path);
  if (!f->mFile.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read: %2").arg(path, f->mFile.errorString());
    return nullptr;
  }
  const qint64 size = f->mFile.size();
  if (size == 0) {
    *error = QStringLiteral("%1 is empty (0 bytes).").arg(path) + kRedownload;
    return nullptr;
  }
  if (size < 8) {
    *error = QStringLiteral("%1 is too short to be a safetensors file (%2 bytes).").arg(path).arg(size) +
             kRedownload;
    return nullptr;
  }
  f->mMap = f->mFile.map(0, size);
  if (!f->mMap) {
    *error = QStringLiteral("%1 cannot be memory-mapped: %2").arg(path, f->mFile.errorString());
    return nullptr;
  }
  auto invalid = [&](const QString& what) {
    *error = QStringLiteral("%1 is not a valid safetensors file: %2").arg(path, what);
    return nullptr;
  };
  quint64 headerLength = 0;
  for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | f->mMap[i];
  if (headerLength > quint64(kMaxHeaderBytes))
    return invalid(QStringLiteral("its header claims %1 bytes, more than the 100 MB limit for a header")
                       .arg(headerLength));
  if (headerLength > quint64(size - 8))
    return invalid(QStringLiteral("its header claims %1 bytes but only %2 follow the length field.")
                       .arg(headerLength).arg(size - 8) + kRedownload);
  // No copy: the header is parsed straight from the mapping.
  const QByteArray header = QByteArray::fromRawData(reinterpret_cast<const char*>(f->mMap + 8),
                                                    qsizetype(headerLength));
  const qint64 dataStart = 8 + qint64(headerLength);
  const QString problem = parseHeader(header, dataStart, size - dataStart, &f->mTensors, &f->mMetadata);
  if (!problem.isEmpty()) return invalid(problem);
  for (int i = 0; i < f->mTensors.size(); ++i) f->mIndex.insert(f->mTensors[i].name, i);
  return f;
}

const TensorInfo* SafetensorsFile::find(const QString& name) const {
  const auto it = mIndex.constFind(name);
  return it == mIndex.constEnd() ? nullptr : &mTensors[it.value()];
}

QString checkTensorsToWrite(const QList<TensorToWrite>& tensors) {
  QSet<QString> names;
  for (const TensorToWrite& t : tensors) {
    const QString tensor = QStringLiteral("tensor \"%1\" ").arg(t.name);
    if (t.name == kMetadataKey) return tensor + QStringLiteral("uses the name reserved for file metadata");
    if (names.contains(t.name)) return tensor + QStringLiteral("is listed twice");
    names.insert(t.name);
    qint64 bytes = dtypeSize(t.dtype);
    for (int64_t d : t.shape) {
      if (d < 0) return tensor + QStringLiteral("has a negative dimension");
      if (!multiplyChecked(bytes, d, &bytes)) return tensor + QStringLiteral("has a shape too large to address");
    }
    if (bytes != t.byteSize)
      return tensor + QStringLiteral("has %1 bytes of data but its shape and dtype need %2").arg(t.byteSize).arg(bytes);
    if (t.byteSize > 0 && !t.data) return tensor + QStringLiteral("has no data");
  }
  return QString();
}

bool writeSafetensors(const QString& path, const QList<TensorToWrite>& tensors,
                      const QMap<QString, QString>& metadata, QString* error) {
  auto fail = [&](const QString& why) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, why);
    return false;
  };
  const QString problem = checkTensorsToWrite(tensors);
  if (!problem.isEmpty()) return fail(problem);

  QJsonObject header;
  qint64 offset = 0;  // relative to the start of the data area, as the format says
  for (const TensorToWrite& t : tensors) {
    QJsonArray shape;
    for (int64_t d : t.shape) shape.append(qint64(d));
    header.insert(t.name, QJsonObject{{QStringLiteral("dtype"), dtypeName(t.dtype)},
                                      {QStringLiteral("shape"), shape},
                                      {QStringLiteral("data_offsets"), QJsonArray{offset, offset + t.byteSize}}});
    offset += t.byteSize;
  }
  if (!metadata.isEmpty()) {
    QJsonObject meta;
    for (auto it = metadata.begin(); it != metadata.end(); ++it) meta.insert(it.key(), it.value());
    header.insert(kMetadataKey, meta);
  }
  QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
  // Padding keeps the data area 8-byte aligned, so mapped tensors are aligned.
  json.append(QByteArray((8 - json.size() % 8) % 8, ' '));
  if (json.size() > SafetensorsFile::kMaxHeaderBytes)
    return fail(QStringLiteral("the header would exceed 100 MB; split the tensors over several files"));

  QSaveFile file(path);  // temporary file in the same folder, renamed by commit()
  if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
  char length[8];
  const quint64 n = quint64(json.size());
  for (int i = 0; i < 8; ++i) length[i] = char((n >> (8 * i)) & 0xff);
  bool ok = file.write(length, 8) == 8 && file.write(json) == json.size();
  for (const TensorToWrite& t : tensors) {
    if (!ok) break;
    ok = t.byteSize == 0 || file.write(static_cast<const char*>(t.data), t.byteSize) == t.byteSize;
  }
  if (!ok) {
    const QString why = file.errorString();
    file.cancelWriting();
    return fail(why);
  }
  if (!file.commit()) return fail(file.errorString());
  return true;
}

}  // namespace Atelier
