#pragma once

#include <QByteArray>
#include <QString>

namespace Atelier::HfByteLevel {

// GPT-2's byte-to-character table used by byte-level BPE vocabularies:
// printable bytes stand for themselves, the others are shifted above U+00FF
// so that every byte has a visible, non-space character.
QString encodeBytes(const QByteArray& utf8);

// The inverse; characters outside the table (e.g. in added tokens) keep their
// UTF-8 bytes. Returns raw bytes, which may not be valid UTF-8.
QByteArray decodeToBytes(const QString& text);

}  // namespace Atelier::HfByteLevel
