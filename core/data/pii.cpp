#include "pii.h"

#include <QRegularExpression>

#include <algorithm>

namespace Atelier {

bool luhnValid(const QString& number) {
  int sum = 0, count = 0;
  bool doubleIt = false;
  for (int i = number.size() - 1; i >= 0; --i) {
    const QChar c = number[i];
    if (!c.isDigit()) continue;
    int d = c.digitValue();
    if (doubleIt) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubleIt = !doubleIt;
    ++count;
  }
  return count >= 13 && count <= 19 && sum % 10 == 0;
}

bool ibanValid(const QString& raw) {
  QString iban = raw;
  iban.remove(QLatin1Char(' '));
  iban = iban.toUpper();
  if (iban.size() < 15 || iban.size() > 34) return false;
  const QString moved = iban.mid(4) + iban.left(4);
  int remainder = 0;
  for (QChar c : moved) {
    int value;
    if (c.isDigit()) value = c.digitValue();
    else if (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) value = c.unicode() - 'A' + 10;
    else return false;
    remainder = (value >= 10 ? remainder * 100 : remainder * 10) + value;
    remainder %= 97;
  }
  return remainder == 1;
}

namespace {

struct Rule {
  const char* type;
  const char* placeholder;
  QRegularExpression pattern;
  bool (*check)(const QString&);
  // A failed match may still start with the real thing, cut where a new
  // group begins: a card number followed by its expiry date ("4111 1111 1111
  // 1111 12/28"), an IBAN followed by its BIC. Without this the whole match
  // fails its check and the number stays in the text.
  bool trimToGroup = false;
};

bool ssnValid(const QString& s) {
  const QString area = s.left(3), group = s.mid(4, 2), serial = s.right(4);
  return area != QLatin1String("000") && area != QLatin1String("666") && !area.startsWith(QLatin1Char('9')) &&
         group != QLatin1String("00") && serial != QLatin1String("0000");
}

bool ipValid(const QString& s) {
  for (const QString& part : s.split(QLatin1Char('.'))) {
    bool ok = false;
    if (part.toInt(&ok) > 255 || !ok || (part.size() > 1 && part.startsWith(QLatin1Char('0')))) return false;
  }
  return true;
}

bool phoneValid(const QString& s) {
  // Dates written with dashes, dots or slashes are not phone numbers.
  static const QRegularExpression date(QStringLiteral("^(\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4})$"));
  if (date.match(s).hasMatch()) return false;
  int digits = 0;
  for (QChar c : s) digits += c.isDigit();
  return digits >= 7 && digits <= 15;
}

// Order matters: the most specific patterns claim their digits first.
const QList<Rule>& rules() {
  static const QList<Rule> list = {
      {"url_with_credentials", "[URL_WITH_CREDENTIALS]",
       QRegularExpression(QStringLiteral("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@]+:[^\\s/@]+@[^\\s]+")), nullptr},
      {"email", "[EMAIL]",
       QRegularExpression(QStringLiteral("\\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b")), nullptr},
      {"iban", "[IBAN]", QRegularExpression(QStringLiteral("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b")), ibanValid, true},
      {"credit_card", "[CREDIT_CARD]", QRegularExpression(QStringLiteral("\\b\\d(?:[ -]?\\d){12,18}\\b")), luhnValid, true},
      {"us_ssn", "[US_SSN]", QRegularExpression(QStringLiteral("\\b\\d{3}-\\d{2}-\\d{4}\\b")), ssnValid},
      {"ip_address", "[IP_ADDRESS]", QRegularExpression(QStringLiteral("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b")), ipValid},
      {"phone", "[PHONE]",
       QRegularExpression(QStringLiteral("(?<![\\w.])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,4}(?!\\w|\\.\\d)")),
       phoneValid},
  };
  return list;
}

// How much of `match` is the personal data: all of it, the longest prefix
// ending before a space or dash that passes the check, or none (0).
int acceptedLength(const Rule& rule, QStringView match) {
  if (!rule.check || rule.check(match.toString())) return int(match.size());
  if (!rule.trimToGroup) return 0;
  for (qsizetype end = match.size() - 1; end > 0; --end) {
    if (match[end] != QLatin1Char(' ') && match[end] != QLatin1Char('-')) continue;
    if (rule.check(match.left(end).toString())) return int(end);
  }
  return 0;
}

}  // namespace

namespace {

// What a text offers the rules, from one pass over it: most texts can be
// ruled out for every kind without running a regular expression.
struct Prefilter {
  bool at = false;
  int digits = 0;
  int longestRun = 0;  // digits joined by at most two of " .-()" (a card, a phone number)
  bool dottedRun = false;  // a run with ≥ 4 digits and ≥ 3 dots (an IPv4 address)

  explicit Prefilter(QStringView text) {
    int run = 0, dots = 0, gap = 0;
    for (QChar c : text) {
      const char16_t u = c.unicode();
      if (u >= '0' && u <= '9') {
        ++digits;
        ++run;
        gap = 0;
        longestRun = std::max(longestRun, run);
        dottedRun |= run >= 4 && dots >= 3;
        continue;
      }
      at |= u == '@';
      const bool separator = u == ' ' || u == '.' || u == '-' || u == '(' || u == ')';
      if (separator && run > 0 && ++gap <= 2) {
        dots += u == '.';
        continue;
      }
      run = dots = gap = 0;
    }
  }

  // False when `type` cannot match anywhere in the text.
  bool mayContain(const char* type) const {
    if (qstrcmp(type, "email") == 0 || qstrcmp(type, "url_with_credentials") == 0) return at;
    if (qstrcmp(type, "iban") == 0) return digits >= 13;
    if (qstrcmp(type, "credit_card") == 0) return longestRun >= 13;
    if (qstrcmp(type, "us_ssn") == 0) return longestRun >= 9;
    if (qstrcmp(type, "ip_address") == 0) return dottedRun;
    if (qstrcmp(type, "phone") == 0) return longestRun >= 7;
    return true;
  }
};

}  // namespace

QString redactPii(const QString& text, QHash<QString, int>* found) {
  const Prefilter pre(text);
  if (pre.digits < 4 && !pre.at) return text;
  QString out = text;
  for (const Rule& rule : rules()) {
    // Redactions only remove candidates, so the first pass stays a valid bound.
    if (!pre.mayContain(rule.type)) continue;
    QString result;
    int last = 0, from = 0;
    for (;;) {
      const auto m = rule.pattern.match(out, from);
      if (!m.hasMatch()) break;
      const int start = int(m.capturedStart());
      const int length = acceptedLength(rule, QStringView(out).mid(start, m.capturedLength()));
      if (length == 0) {
        from = int(m.capturedEnd());
        continue;
      }
      result += QStringView(out).mid(last, start - last);
      result += QLatin1String(rule.placeholder);
      last = from = start + length;
      if (found) (*found)[QLatin1String(rule.type)] += 1;
    }
    if (last > 0) out = result + out.mid(last);
  }
  return out;
}

}  // namespace Atelier
