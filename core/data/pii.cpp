#include "pii.h"

#include <QRegularExpression>

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
      {"iban", "[IBAN]", QRegularExpression(QStringLiteral("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b")), ibanValid},
      {"credit_card", "[CREDIT_CARD]", QRegularExpression(QStringLiteral("\\b\\d(?:[ -]?\\d){12,18}\\b")), luhnValid},
      {"us_ssn", "[US_SSN]", QRegularExpression(QStringLiteral("\\b\\d{3}-\\d{2}-\\d{4}\\b")), ssnValid},
      {"ip_address", "[IP_ADDRESS]", QRegularExpression(QStringLiteral("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b")), ipValid},
      {"phone", "[PHONE]",
       QRegularExpression(QStringLiteral("(?<![\\w.])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,4}(?!\\w|\\.\\d)")),
       phoneValid},
  };
  return list;
}

}  // namespace

QString redactPii(const QString& text, QHash<QString, int>* found) {
  // Most text has neither '@' nor digits: skip the regexes that cannot match.
  int digits = 0;
  bool at = false;
  for (QChar c : text) {
    digits += c.isDigit();
    at |= c == QLatin1Char('@');
  }
  if (digits < 4 && !at) return text;
  QString out = text;
  for (const Rule& rule : rules()) {
    // Each kind needs at least this many digits (an IPv4 address has four).
    const bool needsAt = qstrcmp(rule.type, "email") == 0 || qstrcmp(rule.type, "url_with_credentials") == 0;
    const int minDigits = qstrcmp(rule.type, "credit_card") == 0 ? 13
                          : qstrcmp(rule.type, "iban") == 0     ? 13
                          : qstrcmp(rule.type, "us_ssn") == 0   ? 9
                          : qstrcmp(rule.type, "phone") == 0    ? 7
                                                                : 4;
    if (needsAt ? !at : digits < minDigits) continue;
    QString result;
    int last = 0;
    auto it = rule.pattern.globalMatch(out);
    while (it.hasNext()) {
      const auto m = it.next();
      if (rule.check && !rule.check(m.captured())) continue;
      result += out.mid(last, m.capturedStart() - last) + QLatin1String(rule.placeholder);
      last = m.capturedEnd();
      if (found) (*found)[QLatin1String(rule.type)] += 1;
    }
    if (last > 0) out = result + out.mid(last);
  }
  return out;
}

}  // namespace Atelier
