#include "safetensors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <limits>

namespace Atelier {
namespace {

// QJsonDocument keeps only one of two equal keys, so duplicates are found by
// scanning the top-level object's keys in the raw text.
bool findDuplicateTopLevelKey(const QByteArray& json, QString* duplicate) {
  QSet<QByteArray> seen;
  int depth = 0;
  bool expectKey = false;
  for (int i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') {
      int j = i + 1;
      QByteArray raw;
      while (j < json.size() && json[j] != '"') {
        if (json[j] == '\\' && j + 1 < json.size()) raw.append(json[j++]);
        raw.append(json[j++]);
      }
      if (depth == 1 && expectKey) {
        if (seen.contains(raw)) {
          *duplicate = QString::fromUtf8(raw);
          return true;
        }
        seen.insert(raw);
        expectKey = false;
      }
      i = j;
    } else if (c == '{' || c == '[') {
      ++depth;
      if (depth == 1 && c == '{') expectKey = true;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 1) {
      expectKey = true;
    }
  }
  return false;
}

bool multiplyChecked(qint64 a, qint64 b, qint64* out) {
  if (a != 0 && b > std::numeric_limits<qint64>::max() / a) return false;
  *out = a * b;
  return true;
}

// A JSON number that is a whole number representable exactly (≤ 2^53).
bool wholeNumber(const QJsonValue& v, qint64* out) {
  if (!v.isDouble()) return false;
  const double d = v.toDouble();
  if (d < 0 || d > 9007199254740992.0 || d != static_cast<double>(static_cast<qint64>(d))) return false;
  *out = static_cast<qint64>(d);
  return true;
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
  f->mSize = f->mFile.size();
  if (f->mSize < 8) {
    *error = QStringLiteral("%1 is too short to be a safetensors file (%2 bytes); the download "
                            "is probably incomplete.").arg(path).arg(f->mSize);
    return nullptr;
  }
  f->mMap = f->mFile.map(0, f->mSize);
  if (!f->mMap) {
    *error = QStringLiteral("%1 cannot be memory-mapped: %2").arg(path, f->mFile.errorString());
    return nullptr;
  }
  if (!f->parse(error)) return nullptr;
  return f;
}

bool SafetensorsFile::parse(QString* error) {
  quint64 headerLength = 0;
  for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | mMap[i];
  auto fail = [&](const QString& what) {
    *error = QStringLiteral("%1 is not a valid safetensors file: %2").arg(mPath, what);
    return false;
  };
  if (headerLength > quint64(kMaxHeaderBytes))
    return fail(QStringLiteral("its header claims %1 bytes, more than the 100 MB limit").arg(headerLength));
  if (headerLength > quint64(mSize - 8))
    return fail(QStringLiteral("its header claims %1 bytes but the file has only %2 after the length "
                               "field (truncated download?)").arg(headerLength).arg(mSize - 8));
  const QByteArray header(reinterpret_cast<const char*>(mMap + 8), int(headerLength));
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(header, &parseError);
  if (parseError.error != QJsonParseError::NoError)
    return fail(QStringLiteral("its header is not valid JSON (%1 at byte %2)")
                    .arg(parseError.errorString()).arg(parseError.offset));
  if (!doc.isObject()) return fail(QStringLiteral("its header is not a JSON object"));
  QString duplicate;
  if (findDuplicateTopLevelKey(header, &duplicate))
    return fail(QStringLiteral("tensor \"%1\" is listed twice").arg(duplicate));

  const qint64 dataStart = 8 + qint64(headerLength);
  const qint64 dataSize = mSize - dataStart;
  const QJsonObject root = doc.object();
  for (auto it = root.begin(); it != root.end(); ++it) {
    const QString name = it.key();
    if (name == QLatin1String("__metadata__")) {
      if (!it.value().isObject()) return fail(QStringLiteral("__metadata__ is not an object"));
      const QJsonObject meta = it.value().toObject();
      for (auto m = meta.begin(); m != meta.end(); ++m) {
        if (!m.value().isString())
          return fail(QStringLiteral("__metadata__ entry \"%1\" is not a string").arg(m.key()));
        mMetadata.insert(m.key(), m.value().toString());
      }
      continue;
    }
    auto bad = [&](const QString& what) { return fail(QStringLiteral("tensor \"%1\" %2").arg(name, what)); };
    if (!it.value().isObject()) return bad(QStringLiteral("is not described by an object"));
    const QJsonObject t = it.value().toObject();
    TensorInfo info;
    info.name = name;
    if (!parseDType(t.value(QStringLiteral("dtype")).toString(), &info.dtype))
      return bad(QStringLiteral("has unknown dtype \"%1\"").arg(t.value(QStringLiteral("dtype")).toVariant().toString()));
    const QJsonValue shape = t.value(QStringLiteral("shape"));
    if (!shape.isArray()) return bad(QStringLiteral("has no shape array"));
    qint64 elements = 1;
    for (const QJsonValue& d : shape.toArray()) {
      qint64 dim = 0;
      if (!wholeNumber(d, &dim)) return bad(QStringLiteral("has a shape entry that is not a non-negative whole number"));
      if (!multiplyChecked(elements, dim, &elements)) return bad(QStringLiteral("has a shape too large to address"));
      info.shape.push_back(dim);
    }
    const QJsonValue offsets = t.value(QStringLiteral("data_offsets"));
    qint64 begin = 0, end = 0;
    if (!offsets.isArray() || offsets.toArray().size() != 2 || !wholeNumber(offsets.toArray().at(0), &begin) ||
        !wholeNumber(offsets.toArray().at(1), &end))
      return bad(QStringLiteral("needs data_offsets [begin, end] of whole numbers"));
    if (begin > end) return bad(QStringLiteral("has data_offsets that end before they begin"));
    qint64 expected = 0;
    if (!multiplyChecked(elements, dtypeSize(info.dtype), &expected))
      return bad(QStringLiteral("has a shape too large to address"));
    if (end - begin != expected)
      return bad(QStringLiteral("has %1 bytes of data but its shape and dtype need %2").arg(end - begin).arg(expected));
    if (end > dataSize)
      return bad(QStringLiteral("lies beyond the end of the file (byte %1 of a %2-byte data area; "
                                "truncated download?)").arg(end).arg(dataSize));
    info.dataOffset = dataStart + begin;
    info.byteSize = expected;
    mTensors.append(info);
  }
  // Overlapping byte ranges mean two tensors alias each other: refuse.
  QList<const TensorInfo*> byOffset;
  for (const TensorInfo& t : mTensors) byOffset.append(&t);
  std::sort(byOffset.begin(), byOffset.end(),
            [](const TensorInfo* a, const TensorInfo* b) { return a->dataOffset < b->dataOffset; });
  for (int i = 1; i < byOffset.size(); ++i) {
    const TensorInfo* prev = byOffset[i - 1];
    if (byOffset[i]->byteSize > 0 && prev->dataOffset + prev->byteSize > byOffset[i]->dataOffset)
      return fail(QStringLiteral("tensors \"%1\" and \"%2\" overlap").arg(prev->name, byOffset[i]->name));
  }
  for (int i = 0; i < mTensors.size(); ++i) mIndex.insert(mTensors[i].name, i);
  return true;
}

const TensorInfo* SafetensorsFile::find(const QString& name) const {
  const auto it = mIndex.constFind(name);
  return it == mIndex.constEnd() ? nullptr : &mTensors[it.value()];
}

bool writeSafetensors(const QString& path, const QList<TensorToWrite>& tensors,
                      const QMap<QString, QString>& metadata, QString* error) {
  QJsonObject header;
  QSet<QString> names;
  qint64 offset = 0;
  for (const TensorToWrite& t : tensors) {
    qint64 elements = 1;
    for (int64_t d : t.shape) elements *= d;
    if (names.contains(t.name) || t.name == QLatin1String("__metadata__") ||
        elements * dtypeSize(t.dtype) != t.byteSize) {
      *error = QStringLiteral("Cannot write %1: tensor \"%2\" is duplicated or its size does not "
                              "match its shape").arg(path, t.name);
      return false;
    }
    names.insert(t.name);
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
    header.insert(QStringLiteral("__metadata__"), meta);
  }
  QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
  json.append(QByteArray((8 - json.size() % 8) % 8, ' '));  // data area starts 8-byte aligned
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  char length[8];
  quint64 n = json.size();
  for (int i = 0; i < 8; ++i) length[i] = char((n >> (8 * i)) & 0xff);
  bool ok = file.write(length, 8) == 8 && file.write(json) == json.size();
  for (const TensorToWrite& t : tensors)
    ok = ok && file.write(static_cast<const char*>(t.data), t.byteSize) == t.byteSize;
  if (!ok || !file.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

}  // namespace Atelier
