#include "bytelevel.h"

#include <QHash>

#include <array>

namespace Atelier::HfByteLevel {
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

QByteArray decodeToBytes(const QString& text) {
  const Tables& t = tables();
  QByteArray out;
  out.reserve(text.size());
  for (int i = 0; i < text.size(); ++i) {
    const auto it = t.toByte.constFind(text[i].unicode());
    if (it != t.toByte.constEnd()) {
      out.append(char(it.value()));
    } else {
      const int len = text[i].isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
      out.append(text.mid(i, len).toUtf8());
      i += len - 1;
    }
  }
  return out;
}

}  // namespace Atelier::HfByteLevel
