#include "gguffile.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace Atelier {

qint64 ggmlTypeBytes(GgmlType type, qint64 elements) {
  switch (type) {
    case GgmlType::F32: return elements * 4;
    case GgmlType::F16: return elements * 2;
    case GgmlType::Q8_0: return elements / kQ8BlockSize * (2 + kQ8BlockSize);
  }
  return -1;
}

QString ggmlTypeName(GgmlType type) {
  switch (type) {
    case GgmlType::F32: return QStringLiteral("F32");
    case GgmlType::F16: return QStringLiteral("F16");
    case GgmlType::Q8_0: return QStringLiteral("Q8_0");
  }
  return QStringLiteral("?");
}

qint64 GgufTensor::elements() const {
  qint64 n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

const GgufValue* GgufContents::find(const QString& key) const {
  for (const GgufKeyValue& kv : metadata)
    if (kv.key == key) return &kv.value;
  return nullptr;
}

namespace {

quint64 alignUp(quint64 v) { return (v + kGgufAlignment - 1) / kGgufAlignment * kGgufAlignment; }

// ---- writing --------------------------------------------------------------

template <typename T>
void put(QByteArray* b, T v) {
  T le = qToLittleEndian(v);
  b->append(reinterpret_cast<const char*>(&le), sizeof(T));
}

void putString(QByteArray* b, const QString& s) {
  const QByteArray utf8 = s.toUtf8();
  put<quint64>(b, quint64(utf8.size()));
  b->append(utf8);
}

bool putNumber(QByteArray* b, GgufValueType t, double v) {
  switch (t) {
    case GgufValueType::Uint8: put<quint8>(b, quint8(v)); return true;
    case GgufValueType::Int8: put<qint8>(b, qint8(v)); return true;
    case GgufValueType::Uint16: put<quint16>(b, quint16(v)); return true;
    case GgufValueType::Int16: put<qint16>(b, qint16(v)); return true;
    case GgufValueType::Uint32: put<quint32>(b, quint32(v)); return true;
    case GgufValueType::Int32: put<qint32>(b, qint32(v)); return true;
    case GgufValueType::Uint64: put<quint64>(b, quint64(v)); return true;
    case GgufValueType::Int64: put<qint64>(b, qint64(v)); return true;
    case GgufValueType::Float32: {
      float f = float(v);
      quint32 bits;
      std::memcpy(&bits, &f, 4);
      put<quint32>(b, bits);
      return true;
    }
    case GgufValueType::Float64: {
      quint64 bits;
      std::memcpy(&bits, &v, 8);
      put<quint64>(b, bits);
      return true;
    }
    case GgufValueType::Bool: put<quint8>(b, v != 0 ? 1 : 0); return true;
    default: return false;
  }
}

bool putValue(QByteArray* b, const GgufValue& v, QString* error, const QString& key) {
  put<quint32>(b, quint32(v.type));
  if (v.type == GgufValueType::String) {
    putString(b, v.scalar.toString());
  } else if (v.type == GgufValueType::Array) {
    put<quint32>(b, quint32(v.arrayType));
    put<quint64>(b, quint64(v.arrayLength()));
    if (v.arrayType == GgufValueType::String) {
      for (const QString& s : v.strings) putString(b, s);
    } else {
      for (double n : v.numbers)
        if (!putNumber(b, v.arrayType, n)) return (*error = QStringLiteral("metadata %1: unsupported array type").arg(key), false);
    }
  } else if (v.type == GgufValueType::Bool) {
    putNumber(b, v.type, v.scalar.toBool() ? 1 : 0);
  } else if (!putNumber(b, v.type, v.scalar.toDouble())) {
    *error = QStringLiteral("metadata %1: unsupported value type").arg(key);
    return false;
  }
  return true;
}

bool checkTensor(const GgufTensor& t, QString* error) {
  if (t.dims.empty() || t.dims.size() > 4) return (*error = QStringLiteral("tensor %1: 1 to 4 dimensions allowed").arg(t.name), false);
  qint64 n = 1;
  for (int64_t d : t.dims) {
    if (d <= 0) return (*error = QStringLiteral("tensor %1: dimension %2 is not positive").arg(t.name).arg(d), false);
    n *= d;
  }
  if (t.type == GgmlType::Q8_0 && t.dims[0] % kQ8BlockSize != 0)
    return (*error = QStringLiteral("tensor %1: Q8_0 needs rows of a multiple of 32 values, not %2").arg(t.name).arg(t.dims[0]), false);
  if (!t.produce && ggmlTypeBytes(t.type, n) != t.data.size())
    return (*error = QStringLiteral("tensor %1: %2 bytes of data, %3 expected for %4")
                         .arg(t.name).arg(t.data.size()).arg(ggmlTypeBytes(t.type, n)).arg(ggmlTypeName(t.type)), false);
  return true;
}

// ---- reading --------------------------------------------------------------

class Cursor {
 public:
  Cursor(const uchar* data, quint64 size) : mData(data), mSize(size) {}
  quint64 pos() const { return mPos; }
  bool ok() const { return mOk; }
  QString where() const { return QStringLiteral("byte %1").arg(mPos); }
  template <typename T>
  T get() {
    if (!need(sizeof(T))) return T{};
    T v;
    std::memcpy(&v, mData + mPos, sizeof(T));
    mPos += sizeof(T);
    return qFromLittleEndian(v);
  }
  QString string() {
    const quint64 n = get<quint64>();
    if (!need(n)) return {};
    QString s = QString::fromUtf8(reinterpret_cast<const char*>(mData + mPos), int(n));
    mPos += n;
    return s;
  }
  bool need(quint64 n) {
    if (mOk && n <= mSize - mPos) return true;
    mOk = false;
    return false;
  }

 private:
  const uchar* mData;
  quint64 mSize;
  quint64 mPos = 0;
  bool mOk = true;
};

bool readNumber(Cursor& c, GgufValueType t, double* v) {
  switch (t) {
    case GgufValueType::Uint8: *v = c.get<quint8>(); return true;
    case GgufValueType::Int8: *v = c.get<qint8>(); return true;
    case GgufValueType::Uint16: *v = c.get<quint16>(); return true;
    case GgufValueType::Int16: *v = c.get<qint16>(); return true;
    case GgufValueType::Uint32: *v = c.get<quint32>(); return true;
    case GgufValueType::Int32: *v = c.get<qint32>(); return true;
    case GgufValueType::Uint64: *v = double(c.get<quint64>()); return true;
    case GgufValueType::Int64: *v = double(c.get<qint64>()); return true;
    case GgufValueType::Bool: *v = c.get<quint8>(); return true;
    case GgufValueType::Float32: {
      const quint32 bits = c.get<quint32>();
      float f;
      std::memcpy(&f, &bits, 4);
      *v = f;
      return true;
    }
    case GgufValueType::Float64: {
      const quint64 bits = c.get<quint64>();
      std::memcpy(v, &bits, 8);
      return true;
    }
    default: return false;
  }
}

bool readValue(Cursor& c, GgufValue* v) {
  v->type = GgufValueType(c.get<quint32>());
  if (v->type == GgufValueType::String) {
    v->scalar = c.string();
  } else if (v->type == GgufValueType::Array) {
    v->arrayType = GgufValueType(c.get<quint32>());
    const quint64 n = c.get<quint64>();
    if (!c.ok() || n > (1ULL << 32)) return false;
    for (quint64 i = 0; i < n && c.ok(); ++i) {
      if (v->arrayType == GgufValueType::String) {
        v->strings.append(c.string());
      } else {
        double d;
        if (!readNumber(c, v->arrayType, &d)) return false;
        v->numbers.push_back(d);
      }
    }
  } else {
    double d;
    if (!readNumber(c, v->type, &d)) return false;
    if (v->type == GgufValueType::Bool) v->scalar = d != 0;
    else if (v->type == GgufValueType::Float32 || v->type == GgufValueType::Float64) v->scalar = d;
    else v->scalar = qint64(d);
  }
  return c.ok();
}

}  // namespace

bool writeGguf(QIODevice* device, const QList<GgufKeyValue>& metadata, const QList<GgufTensor>& tensors, QString* error,
               const GgufWriteProgress& progress) {
  QSet<QString> keys, names;
  for (const GgufKeyValue& kv : metadata) {
    if (kv.key.isEmpty() || keys.contains(kv.key))
      return (*error = QStringLiteral("metadata key \"%1\" is empty or repeated").arg(kv.key), false);
    keys.insert(kv.key);
  }
  for (const GgufTensor& t : tensors) {
    if (names.contains(t.name)) return (*error = QStringLiteral("tensor %1 appears twice").arg(t.name), false);
    names.insert(t.name);
    if (!checkTensor(t, error)) return false;
  }
  QByteArray head;
  head.append("GGUF", 4);
  put<quint32>(&head, kGgufVersion);
  put<quint64>(&head, quint64(tensors.size()));
  put<quint64>(&head, quint64(metadata.size()));
  for (const GgufKeyValue& kv : metadata) {
    putString(&head, kv.key);
    if (!putValue(&head, kv.value, error, kv.key)) return false;
  }
  quint64 offset = 0;
  for (const GgufTensor& t : tensors) {
    putString(&head, t.name);
    put<quint32>(&head, quint32(t.dims.size()));
    for (int64_t d : t.dims) put<quint64>(&head, quint64(d));
    put<quint32>(&head, quint32(t.type));
    put<quint64>(&head, offset);
    offset = alignUp(offset + quint64(ggmlTypeBytes(t.type, t.elements())));
  }
  head.append(QByteArray(int(alignUp(head.size()) - head.size()), '\0'));
  auto write = [&](const QByteArray& bytes) {
    if (device->write(bytes) == bytes.size()) return true;
    *error = QStringLiteral("cannot write: %1 (is the disk full?)").arg(device->errorString());
    return false;
  };
  if (!write(head)) return false;
  for (int i = 0; i < tensors.size(); ++i) {
    const GgufTensor& t = tensors[i];
    const QByteArray data = t.produce ? t.produce() : t.data;
    if (data.size() != ggmlTypeBytes(t.type, t.elements()))
      return (*error = QStringLiteral("tensor %1: %2 bytes produced, %3 expected").arg(t.name).arg(data.size()).arg(ggmlTypeBytes(t.type, t.elements())), false);
    if (!write(data)) return false;
    const qint64 pad = qint64(alignUp(data.size())) - data.size();
    if (pad > 0 && !write(QByteArray(int(pad), '\0'))) return false;
    if (progress && !progress(i + 1, int(tensors.size()))) return (*error = QStringLiteral("export cancelled"), false);
  }
  return true;
}

bool readGguf(const QString& path, GgufContents* out, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return (*error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString()), false);
  const quint64 size = quint64(f.size());
  const uchar* data = size ? f.map(0, qint64(size)) : nullptr;
  if (!data) return (*error = QStringLiteral("%1 is empty or cannot be read").arg(path), false);
  auto bad = [&](const QString& what, quint64 at) {
    *error = QStringLiteral("%1: %2 (at byte %3)").arg(path, what).arg(at);
    return false;
  };
  Cursor c(data, size);
  if (size < 24 || std::memcmp(data, "GGUF", 4) != 0) return bad(QStringLiteral("not a GGUF file (no GGUF magic)"), 0);
  c.get<quint32>();
  *out = GgufContents{};
  out->fileSize = size;
  out->version = c.get<quint32>();
  if (out->version != kGgufVersion) return bad(QStringLiteral("GGUF version %1, expected 3").arg(out->version), 4);
  const quint64 tensorCount = c.get<quint64>();
  const quint64 kvCount = c.get<quint64>();
  if (tensorCount > size / 24 || kvCount > size / 12) return bad(QStringLiteral("impossible tensor or metadata count"), 8);
  for (quint64 i = 0; i < kvCount; ++i) {
    GgufKeyValue kv;
    const quint64 at = c.pos();
    kv.key = c.string();
    if (!c.ok() || kv.key.isEmpty() || !readValue(c, &kv.value)) return bad(QStringLiteral("metadata entry %1 is damaged").arg(i), at);
    if (out->find(kv.key)) return bad(QStringLiteral("metadata key %1 repeated").arg(kv.key), at);
    out->metadata.append(kv);
  }
  quint32 alignment = kGgufAlignment;
  if (const GgufValue* a = out->find(QStringLiteral("general.alignment"))) alignment = a->scalar.toUInt();
  if (alignment == 0 || (alignment & (alignment - 1))) return bad(QStringLiteral("general.alignment is not a power of two"), 0);
  for (quint64 i = 0; i < tensorCount; ++i) {
    GgufTensorInfo t;
    const quint64 at = c.pos();
    t.name = c.string();
    const quint32 nDims = c.get<quint32>();
    if (!c.ok() || nDims == 0 || nDims > 4) return bad(QStringLiteral("tensor %1 has a bad header").arg(i), at);
    for (quint32 d = 0; d < nDims; ++d) t.dims.push_back(int64_t(c.get<quint64>()));
    t.type = c.get<quint32>();
    t.offset = c.get<quint64>();
    if (!c.ok()) return bad(QStringLiteral("tensor list is cut short"), at);
    if (t.type != 0 && t.type != 1 && t.type != 8) return bad(QStringLiteral("tensor %1 has unknown type %2").arg(t.name).arg(t.type), at);
    if (t.offset % alignment) return bad(QStringLiteral("tensor %1 offset %2 is not aligned").arg(t.name).arg(t.offset), at);
    out->tensors.append(t);
  }
  out->dataOffset = (c.pos() + alignment - 1) / alignment * alignment;
  // Every tensor inside the file, none overlapping the next.
  QList<GgufTensorInfo> sorted = out->tensors;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.offset < b.offset; });
  quint64 end = 0;
  for (const GgufTensorInfo& t : sorted) {
    qint64 n = 1;
    for (int64_t d : t.dims) {
      if (d <= 0 || d > (1LL << 40)) return bad(QStringLiteral("tensor %1 has a bad dimension").arg(t.name), 0);
      n *= d;
    }
    if (t.type == 8 && t.dims[0] % kQ8BlockSize) return bad(QStringLiteral("Q8_0 tensor %1 rows not a multiple of 32").arg(t.name), 0);
    const quint64 bytes = quint64(ggmlTypeBytes(GgmlType(t.type), n));
    if (t.offset < end) return bad(QStringLiteral("tensor %1 overlaps the previous one").arg(t.name), out->dataOffset + t.offset);
    end = t.offset + bytes;
    if (out->dataOffset + end > size) return bad(QStringLiteral("tensor %1 runs past the end of the file").arg(t.name), out->dataOffset + t.offset);
  }
  return true;
}

}  // namespace Atelier
