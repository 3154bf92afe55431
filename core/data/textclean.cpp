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
  const QString text = belowCombiningMarks(input) ? input : input.normalized(QString::NormalizationForm_C);
  // One pass into a buffer of the input's size (the output is never longer):
  // CRLF and CR become LF, control and format characters go, other spaces
  // become ' '; then runs of spaces/tabs collapse, spaces around newlines
  // go, and at most one blank line stays.
  QString out(text.size(), Qt::Uninitialized);
  QChar* o = out.data();
  qsizetype n = 0;
  int newlines = 0;
  bool pendingSpace = false;
  const QChar* d = text.constData();
  for (qsizetype i = 0, size = text.size(); i < size; ++i) {
    char16_t u = d[i].unicode();
    if (u < 0x20 || u >= 0x7f) {  // printable ASCII (the common case) needs no table lookups
      if (u == '\r') {
        if (i + 1 < size && d[i + 1] == QLatin1Char('\n')) continue;
        u = '\n';
      } else if (u != '\n' && u != '\t') {
        const QChar::Category category = d[i].category();
        if (category == QChar::Other_Control || category == QChar::Other_Format) continue;
        if (d[i].isSpace()) u = ' ';
      }
    }
    if (u == ' ' || u == '\t') {
      pendingSpace = true;
    } else if (u == '\n') {
      pendingSpace = false;
      if (++newlines <= 2) o[n++] = QLatin1Char('\n');
    } else {
      if (pendingSpace && newlines == 0 && n > 0) o[n++] = QLatin1Char(' ');
      pendingSpace = false;
      newlines = 0;
      o[n++] = QChar(u);
    }
  }
  out.truncate(n);
  out = std::move(out).trimmed();
  // Most text is clean already: hand back the caller's string (shared, no
  // second copy held for every row of a dataset) when nothing changed.
  return out == input ? input : out;
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
  bool space = false;
  if (isAscii(text)) {
    // NFKC leaves ASCII alone and case folding is lowercasing there: the
    // same key as below without two copies and table lookups per character.
    QString key(text.size(), Qt::Uninitialized);  // never longer than the text
    QChar* o = key.data();
    qsizetype n = 0;
    const QChar* d = text.constData();
    for (qsizetype i = 0, size = text.size(); i < size; ++i) {
      const char16_t u = d[i].unicode();
      const bool upper = u >= 'A' && u <= 'Z';
      if (upper || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
        if (space && n > 0) o[n++] = QLatin1Char(' ');
        o[n++] = QChar(upper ? char16_t(u + 32) : u);
        space = false;
      } else {
        space = true;
      }
    }
    key.truncate(n);
    return key;
  }
  QString out;
  out.reserve(text.size());
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

// The MinHash inner loop: for every shingle and hash function h, the
// minimum of h1 + h·h2 (wrapping). Independent lanes, so it vectorises; the
// unsigned 32-bit min and multiply it needs are SSE4.1/AVX2 instructions, so
// on x86-64 an AVX2 copy is built beside the baseline one and picked at start.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
void minOverShingles(uint32_t* sig, int hashes, const uint64_t* shingles, size_t count) {
  for (size_t s = 0; s < count; ++s) {
    const uint32_t h1 = uint32_t(shingles[s]), h2 = uint32_t(shingles[s] >> 32) | 1;
    for (int h = 0; h < hashes; ++h) {
      const uint32_t value = h1 + uint32_t(h) * h2;
      sig[h] = value < sig[h] ? value : sig[h];
    }
  }
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
  minOverShingles(signature.data(), hashes, shingles.data(), shingles.size());
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
