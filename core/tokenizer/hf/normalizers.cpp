#include "normalizers.h"

#include <QJsonArray>
#include <QJsonObject>

#include <vector>

namespace Atelier {
namespace {

class UnicodeNormalizer : public HfNormalizer {
 public:
  explicit UnicodeNormalizer(QString::NormalizationForm f) : mForm(f) {}
  QString apply(const QString& t) const override { return t.normalized(mForm); }
  QString::NormalizationForm mForm;
};

class LowercaseNormalizer : public HfNormalizer {
 public:
  QString apply(const QString& t) const override { return t.toLower(); }
};

class PrependNormalizer : public HfNormalizer {
 public:
  explicit PrependNormalizer(QString p) : mPrepend(std::move(p)) {}
  // Empty text stays empty: there is no word to mark.
  QString apply(const QString& t) const override { return t.isEmpty() ? t : mPrepend + t; }
  QString mPrepend;
};

class ReplaceNormalizer : public HfNormalizer {
 public:
  QString apply(const QString& t) const override { return hfReplace(t, mPattern, mContent); }
  QRegularExpression mPattern;
  QString mContent;
};

class StripNormalizer : public HfNormalizer {
 public:
  QString apply(const QString& t) const override {
    int begin = 0, end = t.size();
    if (mLeft) while (begin < end && t[begin].isSpace()) ++begin;
    if (mRight) while (end > begin && t[end - 1].isSpace()) --end;
    return t.mid(begin, end - begin);
  }
  bool mLeft = true, mRight = true;
};

class SequenceNormalizer : public HfNormalizer {
 public:
  QString apply(const QString& t) const override {
    QString out = t;
    for (const auto& n : mItems) out = n->apply(out);
    return out;
  }
  std::vector<std::unique_ptr<HfNormalizer>> mItems;
};

}  // namespace

QString hfReplace(const QString& text, const QRegularExpression& pattern, const QString& content) {
  QString out;
  int last = 0;
  bool matched = false;
  auto it = pattern.globalMatch(text);
  while (it.hasNext()) {
    matched = true;
    const QRegularExpressionMatch m = it.next();
    out += QStringView(text).mid(last, m.capturedStart() - last);
    out += content;
    last = m.capturedEnd();
  }
  if (!matched) return text;
  out += QStringView(text).mid(last);
  return out;
}

bool parseHfPattern(const QJsonValue& json, const QString& where, QRegularExpression* out, QString* error) {
  const QJsonObject o = json.toObject();
  QString pattern;
  if (o.value(QStringLiteral("String")).isString()) {
    pattern = QRegularExpression::escape(o.value(QStringLiteral("String")).toString());
  } else if (o.value(QStringLiteral("Regex")).isString()) {
    pattern = o.value(QStringLiteral("Regex")).toString();
  } else {
    *error = QStringLiteral("%1: \"pattern\" must be {\"String\": ...} or {\"Regex\": ...}").arg(where);
    return false;
  }
  // The reference compiles with Oniguruma's Ruby syntax, where ^ and $ always
  // match at line boundaries: PCRE2's multiline mode.
  *out = QRegularExpression(pattern, QRegularExpression::UseUnicodePropertiesOption |
                                         QRegularExpression::MultilineOption);
  if (!out->isValid()) {
    *error = QStringLiteral("%1: the pattern %2 is not a valid regular expression (%3 at offset %4)")
                 .arg(where, pattern, out->errorString())
                 .arg(out->patternErrorOffset());
    return false;
  }
  out->optimize();
  return true;
}

std::unique_ptr<HfNormalizer> HfNormalizer::parse(const QJsonValue& json, const QString& where,
                                                  QString* error) {
  if (json.isNull() || json.isUndefined()) return nullptr;
  const QJsonObject o = json.toObject();
  const QString type = o.value(QStringLiteral("type")).toString();
  const QString here = QStringLiteral("%1: normalizer %2").arg(where, type);
  if (type == QLatin1String("NFC")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_C);
  if (type == QLatin1String("NFD")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_D);
  if (type == QLatin1String("NFKC")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_KC);
  if (type == QLatin1String("NFKD")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_KD);
  if (type == QLatin1String("Lowercase")) return std::make_unique<LowercaseNormalizer>();
  if (type == QLatin1String("Prepend")) {
    if (!o.value(QStringLiteral("prepend")).isString()) {
      *error = here + QStringLiteral(": \"prepend\" must be a string");
      return nullptr;
    }
    return std::make_unique<PrependNormalizer>(o.value(QStringLiteral("prepend")).toString());
  }
  if (type == QLatin1String("Replace")) {
    auto r = std::make_unique<ReplaceNormalizer>();
    if (!parseHfPattern(o.value(QStringLiteral("pattern")), here, &r->mPattern, error)) return nullptr;
    r->mContent = o.value(QStringLiteral("content")).toString();
    return r;
  }
  if (type == QLatin1String("Strip")) {
    auto s = std::make_unique<StripNormalizer>();
    s->mLeft = o.value(QStringLiteral("strip_left")).toBool(true);
    s->mRight = o.value(QStringLiteral("strip_right")).toBool(true);
    return s;
  }
  if (type == QLatin1String("Sequence")) {
    auto seq = std::make_unique<SequenceNormalizer>();
    for (const QJsonValue& item : o.value(QStringLiteral("normalizers")).toArray()) {
      auto n = parse(item, where, error);
      if (!error->isEmpty()) return nullptr;
      if (n) seq->mItems.push_back(std::move(n));
    }
    return seq;
  }
  *error = QStringLiteral("%1: normalizer \"%2\" is not supported yet")
               .arg(where, type.isEmpty() ? QStringLiteral("(no type)") : type);
  return nullptr;
}

}  // namespace Atelier
