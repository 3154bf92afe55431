#pragma once

#include <QCryptographicHash>
#include <QFile>
#include <QString>

namespace AtelierTest {

inline QString dataPath(const QString& relative) {
  return QStringLiteral(ATELIER_TEST_DATA "/") + relative;
}

// SHA-256 of a file's bytes, to prove a file was left untouched.
inline QByteArray fileHash(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return QByteArray();
  QCryptographicHash hash(QCryptographicHash::Sha256);
  hash.addData(&f);
  return hash.result().toHex();
}

}  // namespace AtelierTest
