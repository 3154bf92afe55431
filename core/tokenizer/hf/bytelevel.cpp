#include "bytelevel.h"

#include <QHash>

#include <array>

namespace Atelier {
namespace HfByteLevel {
namespace {

struct Tables {
  std::array<char16_t, 256> toChar{};
  QHash<char16_t, uchar> toByte;
  Tables() {
    int shifted = 0;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      toChar[b] = printable ? char16_t(b) : char16_t(256 + shifted++);
      toByte.insert(toChar[b], uchar(b));
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

QString encodeBytes(const QByteArray& utf8) {
  const Tables& t = tables();
  QString out;
  out.reserve(utf8.size());
  for (char c : utf8) out.append(QChar(t.toChar[uchar(c)]));
  return out;
}

QByteArray decodeTokens(const QStringList& tokens) {
  const Tables& t = tables();
  QByteArray out;
  for (const QString& token : tokens) {
    const int before = out.size();
    bool inTable = true;
    for (QChar c : token) {
      const auto it = t.toByte.constFind(c.unicode());
      if (it == t.toByte.constEnd()) {
        inTable = false;
        break;
      }
      out.append(char(it.value()));
    }
    if (!inTable) {
      out.truncate(before);
      out.append(token.toUtf8());
    }
  }
  return out;
}

}  // namespace HfByteLevel

QString utf8Lossy(const QByteArray& bytes) {
  QString out;
  out.reserve(bytes.size());
  const int n = bytes.size();
  auto at = [&](int i) { return i < n ? uchar(bytes[i]) : 0u; };
  auto cont = [](uint b) { return b >= 0x80 && b <= 0xBF; };
  int i = 0;
  while (i < n) {
    const uint b0 = at(i);
    if (b0 < 0x80) {
      out.append(QChar(char16_t(b0)));
      ++i;
      continue;
    }
    // The length of the sequence b0 starts and the range its second byte must
    // lie in; the second-byte ranges exclude overlong forms and surrogates.
    int len = 0;
    uint lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    }
    int valid = 1;  // bytes of a well-formed prefix
    if (len > 0 && i + 1 < n && at(i + 1) >= lo && at(i + 1) <= hi) {
      valid = 2;
      while (valid < len && i + valid < n && cont(at(i + valid))) ++valid;
    }
    if (len > 0 && valid == len) {
      out.append(QString::fromUtf8(bytes.constData() + i, len));
    } else {
      out.append(QChar(0xFFFD));  // one per maximal invalid subpart
    }
    i += valid;
  }
  return out;
}

}  // namespace Atelier
