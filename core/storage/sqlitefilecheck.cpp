#include "sqlitefilecheck.h"

#include <QFile>

namespace Atelier {
namespace {

quint32 bigEndian32(const uchar* p) {
  return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

}  // namespace

// Field offsets from the SQLite file format's database header (100 bytes).
bool checkSqliteFileHeader(const QString& path, QString* error) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read: %2").arg(path, file.errorString());
    return false;
  }
  const qint64 size = file.size();
  if (size == 0) {
    *error = QStringLiteral("%1 is empty (0 bytes): it was cut off before anything was saved. "
                            "Restore it from a backup, or move it away to start a new project "
                            "in this folder.")
                 .arg(path);
    return false;
  }
  const QByteArray header = file.read(100);
  static const char kMagic[] = "SQLite format 3";  // followed by a NUL byte
  if (header.size() < 16 || !header.startsWith(QByteArray(kMagic, sizeof(kMagic)))) {
    *error = QStringLiteral("%1 is not an SQLite database (the file starts with other bytes). "
                            "It may have been overwritten by another program. Restore it from a "
                            "backup; Atelier has not changed it.")
                 .arg(path);
    return false;
  }
  if (header.size() < 100) {
    *error = QStringLiteral("%1 is truncated (%2 bytes, less than one database header). "
                            "Restore it from a backup; Atelier has not changed it.")
                 .arg(path)
                 .arg(size);
    return false;
  }
  const auto* h = reinterpret_cast<const uchar*>(header.constData());
  quint32 pageSize = (quint32(h[16]) << 8) | h[17];
  if (pageSize == 1) pageSize = 65536;
  const bool powerOfTwo = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) == 0;
  if (!powerOfTwo) {
    *error = QStringLiteral("%1 is damaged: its header gives an invalid page size (%2). "
                            "Restore it from a backup; Atelier has not changed it.")
                 .arg(path)
                 .arg(pageSize);
    return false;
  }
  // The page count in the header is trustworthy only when the "version valid
  // for" number equals the change counter (SQLite >= 3.7.0 writes both).
  const quint32 changeCounter = bigEndian32(h + 24);
  const quint32 pageCount = bigEndian32(h + 28);
  const quint32 validFor = bigEndian32(h + 92);
  if (validFor == changeCounter && pageCount > 0) {
    const qint64 expected = qint64(pageCount) * pageSize;
    if (size < expected) {
      *error = QStringLiteral("%1 is truncated: it should hold %2 bytes but has %3. "
                              "It was probably cut off while being copied. Restore it from a "
                              "backup; Atelier has not changed it.")
                   .arg(path)
                   .arg(expected)
                   .arg(size);
      return false;
    }
  }
  if (size % pageSize != 0) {
    *error = QStringLiteral("%1 is damaged: its size (%2 bytes) is not a whole number of "
                            "%3-byte pages. Restore it from a backup; Atelier has not changed it.")
                 .arg(path)
                 .arg(size)
                 .arg(pageSize);
    return false;
  }
  return true;
}

}  // namespace Atelier
