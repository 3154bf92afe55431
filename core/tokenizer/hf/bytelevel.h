#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Atelier::HfByteLevel {

// GPT-2's byte-to-character table used by byte-level BPE vocabularies:
// printable bytes stand for themselves, the others are shifted above U+00FF
// so that every byte has a visible, non-space character.
QString encodeBytes(const QByteArray& utf8);

// The inverse, token by token: a token whose characters are all in the table
// gives their bytes, any other token (an added token such as "<|eot_id|>"
// with characters outside it) gives its own UTF-8, as the reference does.
QByteArray decodeTokens(const QStringList& tokens);

}  // namespace Atelier::HfByteLevel

namespace Atelier {

// UTF-8 to text where every maximal invalid subsequence becomes one U+FFFD
// (Rust's String::from_utf8_lossy, which the reference uses), so that
// decoding part of a character gives the same text as the reference.
QString utf8Lossy(const QByteArray& bytes);

}  // namespace Atelier
