#include "textclean.h"

#include <QCryptographicHash>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace Atelier {

namespace {

// Text below U+0300 (ASCII, Latin-1, Latin Extended) is already in NFC:
// combining marks start at U+0300. Most datasets are, so NFC is skipped.
bool belowCombiningMarks(QStringView text) {
  for (QChar c : text)
    if (c.unicode() >= 0x300) return false;
  return true;
}

bool isAscii(QStringView text) {
  for (QChar c : text)
    if (c.unicode() >= 0x80) return false;
  return true;
}

}  // namespace

QString normalizeWhitespace(const QString& input) {
  QString text = belowCombiningMarks(input) ? input : input.normalized(QString::NormalizationForm_C);
  if (text.contains(QLatin1Char('\r'))) text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
  QString out;
  out.reserve(text.size());
  for (QChar c : std::as_const(text)) {
    const char16_t u = c.unicode();
    if (u >= 0x20 && u < 0x7f) {  // printable ASCII: the common case, no table lookups
      out.append(c);
      continue;
    }
    if (c == QLatin1Char('\n') || c == QLatin1Char('\t')) out.append(c);
    else if (c == QLatin1Char('\r')) out.append(QLatin1Char('\n'));
    else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) continue;
    else if (c.isSpace()) out.append(QLatin1Char(' '));
    else out.append(c);
  }
  // Collapse runs of spaces/tabs, drop spaces around newlines, allow one blank line.
  QString collapsed;
  collapsed.reserve(out.size());
  int newlines = 0;
  bool pendingSpace = false;
  for (QChar c : std::as_const(out)) {
    if (c == QLatin1Char(' ') || c == QLatin1Char('\t')) {
      pendingSpace = true;
    } else if (c == QLatin1Char('\n')) {
      pendingSpace = false;
      if (++newlines <= 2) collapsed.append(c);
    } else {
      if (pendingSpace && newlines == 0 && !collapsed.isEmpty()) collapsed.append(QLatin1Char(' '));
      pendingSpace = false;
      newlines = 0;
      collapsed.append(c);
    }
  }
  return collapsed.trimmed();
}

QString stripHtml(const QString& text) {
  static const QRegularExpression tag(QStringLiteral("<(/?[a-zA-Z][a-zA-Z0-9]*)(\\s[^<>]*)?/?>"));
  static const QRegularExpression block(QStringLiteral("<(br|/p|/div|/li|/h[1-6]|/tr)\\b[^<>]*>"), QRegularExpression::CaseInsensitiveOption);
  if (!text.contains(QLatin1Char('<')) && !text.contains(QLatin1Char('&'))) return text;
  QString out = text;
  if (tag.match(out).hasMatch()) {
    out.replace(block, QStringLiteral("\n"));
    out.replace(tag, QString());
  }
  static const QRegularExpression entity(QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));
  static const QHash<QString, QString> named = {
      {QStringLiteral("amp"), QStringLiteral("&")},  {QStringLiteral("lt"), QStringLiteral("<")},
      {QStringLiteral("gt"), QStringLiteral(">")},   {QStringLiteral("quot"), QStringLiteral("\"")},
      {QStringLiteral("apos"), QStringLiteral("'")}, {QStringLiteral("nbsp"), QStringLiteral(" ")},
      {QStringLiteral("mdash"), QStringLiteral("—")}, {QStringLiteral("ndash"), QStringLiteral("–")},
      {QStringLiteral("hellip"), QStringLiteral("…")}, {QStringLiteral("euro"), QStringLiteral("€")},
      {QStringLiteral("copy"), QStringLiteral("©")}};
  QString result;
  int last = 0;
  auto it = entity.globalMatch(out);
  while (it.hasNext()) {
    const auto m = it.next();
    const QString e = m.captured(1);
    QString replacement;
    if (e.startsWith(QLatin1Char('#'))) {
      bool ok = false;
      const uint code = e.startsWith(QLatin1String("#x"), Qt::CaseInsensitive) ? e.mid(2).toUInt(&ok, 16) : e.mid(1).toUInt(&ok);
      if (ok && code > 0 && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF)) {
        const char32_t c = code;
        replacement = QString::fromUcs4(&c, 1);
      }
    } else {
      replacement = named.value(e);
    }
    if (replacement.isNull()) continue;
    result += out.mid(last, m.capturedStart() - last) + replacement;
    last = m.capturedEnd();
  }
  return last == 0 ? out : result + out.mid(last);
}

QString comparisonKey(const QString& text) {
  QString out;
  out.reserve(text.size());
  bool space = false;
  if (isAscii(text)) {
    // NFKC leaves ASCII alone and case folding is lowercasing there: the
    // same key as below without two copies and table lookups per character.
    const QChar* d = text.constData();
    for (qsizetype i = 0, n = text.size(); i < n; ++i) {
      char16_t u = d[i].unicode();
      const bool upper = u >= 'A' && u <= 'Z';
      if (upper || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
        if (space && !out.isEmpty()) out.append(QLatin1Char(' '));
        out.append(QChar(upper ? char16_t(u + 32) : u));
        space = false;
      } else {
        space = true;
      }
    }
    return out;
  }
  for (QChar c : text.normalized(QString::NormalizationForm_KC).toCaseFolded()) {
    if (c.isLetterOrNumber()) {
      if (space && !out.isEmpty()) out.append(QLatin1Char(' '));
      out.append(c);
      space = false;
    } else {
      space = true;
    }
  }
  return out;
}

namespace {
// FNV-1a over UTF-16 code units: the same on every machine and Qt build, so
// duplicate decisions (and the splits after them) never depend on qHash's seeding.
uint64_t stableHash(QStringView text, uint64_t h = 1469598103934665603ULL) {
  for (QChar c : text) {
    h ^= c.unicode();
    h *= 1099511628211ULL;
  }
  return h;
}
}  // namespace

namespace {
uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Stable hashes of a key's words (a key has single spaces between words).
std::vector<uint64_t> wordHashes(QStringView key) {
  std::vector<uint64_t> out;
  qsizetype start = 0;
  for (qsizetype i = 0; i <= key.size(); ++i) {
    if (i < key.size() && key[i] != QLatin1Char(' ')) continue;
    if (i > start) out.push_back(stableHash(key.mid(start, i - start)));
    start = i + 1;
  }
  return out;
}
}  // namespace

std::vector<uint32_t> minHashSignature(const QString& key, int k, int hashes) {
  // Shingles are hashed once; the `hashes` functions are derived from two
  // halves of that hash (h1 + i·h2), which is as good for MinHash and far cheaper.
  // Each word is hashed once, not once per shingle it is part of.
  std::vector<uint64_t> shingles;
  const std::vector<uint64_t> words = wordHashes(key);
  if (int(words.size()) <= k) {
    shingles.push_back(mix64(stableHash(key)));
  } else {
    shingles.reserve(words.size() - k + 1);
    for (size_t i = 0; i + k <= words.size(); ++i) {
      uint64_t h = 0;
      for (int j = 0; j < k; ++j) h = mix64(h ^ words[i + j]);
      shingles.push_back(h);
    }
  }
  std::vector<uint32_t> signature(hashes, UINT32_MAX);
  uint32_t* sig = signature.data();
  for (uint64_t s : shingles) {
    const uint32_t h1 = uint32_t(s), h2 = uint32_t(s >> 32) | 1;
    // Independent lanes (h1 + h·h2, wrapping) so the compiler can vectorise.
    for (int h = 0; h < hashes; ++h) {
      const uint32_t value = h1 + uint32_t(h) * h2;
      sig[h] = value < sig[h] ? value : sig[h];
    }
  }
  return signature;
}

double estimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  int same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return double(same) / a.size();
}

double repeatedLineRatio(const QString& text) {
  if (text.count(QLatin1Char('\n')) < 2) return 0;  // fewer than three lines
  const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  if (lines.size() < 3) return 0;
  QSet<QString> seen;
  int repeated = 0;
  for (const QString& l : lines) {
    const QString t = l.trimmed();
    if (seen.contains(t)) ++repeated;
    else seen.insert(t);
  }
  return double(repeated) / lines.size();
}

double repeatedTrigramRatio(const QString& text) { return repeatedTrigramRatioOfKey(comparisonKey(text)); }

double repeatedTrigramRatioOfKey(const QString& key) {
  const std::vector<uint64_t> words = wordHashes(key);
  if (words.size() < 12) return 0;
  // 64-bit hashes of the trigrams, sorted: equal runs are the repeats.
  std::vector<uint64_t> trigrams;
  trigrams.reserve(words.size() - 2);
  for (size_t i = 0; i + 3 <= words.size(); ++i)
    trigrams.push_back(mix64(mix64(mix64(words[i]) ^ words[i + 1]) ^ words[i + 2]));
  std::sort(trigrams.begin(), trigrams.end());
  int repeated = 0;
  for (size_t i = 0; i < trigrams.size();) {
    size_t j = i + 1;
    while (j < trigrams.size() && trigrams[j] == trigrams[i]) ++j;
    if (j - i > 1) repeated += int(j - i);
    i = j;
  }
  return double(repeated) / (words.size() - 2);
}

double symbolRatio(const QString& text) {
  int symbols = 0, counted = 0;
  for (QChar c : text) {
    if (c.isSpace()) continue;
    ++counted;
    if (!c.isLetterOrNumber() && !c.isPunct()) ++symbols;
  }
  return counted ? double(symbols) / counted : 0;
}

}  // namespace Atelier
