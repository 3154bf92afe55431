// Normalizers and pre-tokenizers of tokenizer.json.
#include "hfcomponents.h"

#include "bytelevel.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Atelier {
namespace {

QString typeOf(const QJsonValue& v) { return v.toObject().value(QStringLiteral("type")).toString(); }

bool unsupported(const QString& where, const char* kind, const QString& type, QString* error) {
  *error = QStringLiteral("%1: %2 \"%3\" is not supported yet")
               .arg(where, QLatin1String(kind), type.isEmpty() ? QStringLiteral("(no type)") : type);
  return false;
}

// {"String": "x"} or {"Regex": "..."}, as Split and Replace patterns are written.
bool parsePattern(const QJsonValue& v, const QString& where, QRegularExpression* out, QString* error) {
  const QJsonObject o = v.toObject();
  QString pattern;
  if (o.contains(QStringLiteral("String"))) pattern = QRegularExpression::escape(o.value(QStringLiteral("String")).toString());
  else if (o.contains(QStringLiteral("Regex"))) pattern = o.value(QStringLiteral("Regex")).toString();
  else {
    *error = QStringLiteral("%1: a pattern must be {\"String\": ...} or {\"Regex\": ...}").arg(where);
    return false;
  }
  *out = QRegularExpression(pattern, QRegularExpression::UseUnicodePropertiesOption);
  if (!out->isValid()) {
    *error = QStringLiteral("%1: the pattern %2 is not a valid regular expression (%3)")
                 .arg(where, pattern, out->errorString());
    return false;
  }
  out->optimize();
  return true;
}

// ---- normalizers ----

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
  QString apply(const QString& t) const override { return t.isEmpty() ? t : mPrepend + t; }
  QString mPrepend;
};

class ReplaceNormalizer : public HfNormalizer {
 public:
  QString apply(const QString& t) const override {
    QString out = t;
    return out.replace(mPattern, mContent);
  }
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

// ---- pre-tokenizers ----

// Splits each piece into the text between matches and the matches.
QStringList splitByRegex(const QString& text, const QRegularExpression& re, const QString& behavior) {
  QStringList out;
  int last = 0;
  QString pendingMatch;  // MergedWithNext: a match waiting for the text after it
  auto it = re.globalMatch(text);
  while (it.hasNext()) {
    const auto m = it.next();
    if (m.capturedLength() == 0) continue;
    const QString gap = text.mid(last, m.capturedStart() - last);
    const QString match = m.captured();
    last = m.capturedEnd();
    if (behavior == QLatin1String("Isolated")) {
      if (!gap.isEmpty()) out << gap;
      out << match;
    } else if (behavior == QLatin1String("Removed")) {
      if (!gap.isEmpty()) out << gap;
    } else if (behavior == QLatin1String("MergedWithPrevious")) {
      out << gap + match;
    } else {  // MergedWithNext
      if (!gap.isEmpty() || !pendingMatch.isEmpty()) out << pendingMatch + gap;
      pendingMatch = match;
    }
  }
  const QString tail = text.mid(last);
  if (!pendingMatch.isEmpty() || !tail.isEmpty()) out << pendingMatch + tail;
  return out;
}

class SplitPreTokenizer : public HfPreTokenizer {
 public:
  QStringList apply(const QStringList& pieces, bool) const override {
    QStringList out;
    for (const QString& p : pieces) out << splitByRegex(p, mPattern, mBehavior);
    return out;
  }
  QRegularExpression mPattern;
  QString mBehavior;
};

class ByteLevelPreTokenizer : public HfPreTokenizer {
 public:
  QStringList apply(const QStringList& pieces, bool) const override {
    static const QRegularExpression gpt2(
        QStringLiteral("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
        QRegularExpression::UseUnicodePropertiesOption);
    QStringList out;
    for (int i = 0; i < pieces.size(); ++i) {
      QString p = pieces[i];
      if (mAddPrefixSpace && i == 0 && !p.startsWith(QLatin1Char(' '))) p.prepend(QLatin1Char(' '));
      const QStringList parts = mUseRegex ? splitByRegex(p, gpt2, QStringLiteral("Isolated")) : QStringList{p};
      for (const QString& part : parts) out << HfByteLevel::encodeBytes(part.toUtf8());
    }
    return out;
  }
  bool mAddPrefixSpace = false;
  bool mUseRegex = true;
};

class MetaspacePreTokenizer : public HfPreTokenizer {
 public:
  QStringList apply(const QStringList& pieces, bool firstSegment) const override {
    QStringList out;
    for (int i = 0; i < pieces.size(); ++i) {
      QString p = pieces[i];
      p.replace(QLatin1Char(' '), mReplacement);
      const bool prepend = mScheme == QLatin1String("always") ||
                           (mScheme == QLatin1String("first") && firstSegment && i == 0);
      if (prepend && !p.startsWith(mReplacement)) p.prepend(mReplacement);
      if (mSplit) {
        out << splitByRegex(p, QRegularExpression(QRegularExpression::escape(mReplacement)),
                            QStringLiteral("MergedWithNext"));
      } else {
        out << p;
      }
    }
    return out;
  }
  QString mReplacement = QStringLiteral("\u2581");
  QString mScheme = QStringLiteral("always");
  bool mSplit = true;
};

class SequencePreTokenizer : public HfPreTokenizer {
 public:
  QStringList apply(const QStringList& pieces, bool first) const override {
    QStringList out = pieces;
    for (const auto& p : mItems) out = p->apply(out, first);
    return out;
  }
  std::vector<std::unique_ptr<HfPreTokenizer>> mItems;
};

}  // namespace

std::unique_ptr<HfNormalizer> HfNormalizer::parse(const QJsonValue& json, const QString& where,
                                                  QString* error) {
  if (json.isNull() || json.isUndefined()) return nullptr;
  const QJsonObject o = json.toObject();
  const QString type = typeOf(json);
  const QString here = where + QStringLiteral(": normalizer");
  if (type == QLatin1String("NFC")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_C);
  if (type == QLatin1String("NFD")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_D);
  if (type == QLatin1String("NFKC")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_KC);
  if (type == QLatin1String("NFKD")) return std::make_unique<UnicodeNormalizer>(QString::NormalizationForm_KD);
  if (type == QLatin1String("Lowercase")) return std::make_unique<LowercaseNormalizer>();
  if (type == QLatin1String("Prepend"))
    return std::make_unique<PrependNormalizer>(o.value(QStringLiteral("prepend")).toString());
  if (type == QLatin1String("Replace")) {
    auto r = std::make_unique<ReplaceNormalizer>();
    if (!parsePattern(o.value(QStringLiteral("pattern")), here, &r->mPattern, error)) return nullptr;
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
      if (!n) {
        if (error->isEmpty()) continue;
        return nullptr;
      }
      seq->mItems.push_back(std::move(n));
    }
    return seq;
  }
  unsupported(where, "normalizer", type, error);
  return nullptr;
}

std::unique_ptr<HfPreTokenizer> HfPreTokenizer::parse(const QJsonValue& json, const QString& where,
                                                      QString* error) {
  if (json.isNull() || json.isUndefined()) return nullptr;
  const QJsonObject o = json.toObject();
  const QString type = typeOf(json);
  if (type == QLatin1String("Split")) {
    auto s = std::make_unique<SplitPreTokenizer>();
    if (!parsePattern(o.value(QStringLiteral("pattern")), where + QStringLiteral(": pre_tokenizer Split"),
                      &s->mPattern, error))
      return nullptr;
    s->mBehavior = o.value(QStringLiteral("behavior")).toString();
    static const QStringList known = {QStringLiteral("Isolated"), QStringLiteral("Removed"),
                                      QStringLiteral("MergedWithPrevious"), QStringLiteral("MergedWithNext")};
    if (!known.contains(s->mBehavior) || o.value(QStringLiteral("invert")).toBool(false)) {
      *error = QStringLiteral("%1: pre_tokenizer Split with behavior \"%2\"%3 is not supported yet")
                   .arg(where, s->mBehavior,
                        o.value(QStringLiteral("invert")).toBool(false) ? QStringLiteral(" and invert") : QString());
      return nullptr;
    }
    return s;
  }
  if (type == QLatin1String("ByteLevel")) {
    auto b = std::make_unique<ByteLevelPreTokenizer>();
    b->mAddPrefixSpace = o.value(QStringLiteral("add_prefix_space")).toBool(false);
    b->mUseRegex = o.value(QStringLiteral("use_regex")).toBool(true);
    return b;
  }
  if (type == QLatin1String("Metaspace")) {
    auto m = std::make_unique<MetaspacePreTokenizer>();
    m->mReplacement = o.value(QStringLiteral("replacement")).toString(QStringLiteral("\u2581"));
    if (o.contains(QStringLiteral("prepend_scheme")))
      m->mScheme = o.value(QStringLiteral("prepend_scheme")).toString();
    else  // older files: add_prefix_space
      m->mScheme = o.value(QStringLiteral("add_prefix_space")).toBool(true) ? QStringLiteral("always") : QStringLiteral("never");
    m->mSplit = o.value(QStringLiteral("split")).toBool(true);
    if (m->mReplacement.isEmpty()) {
      *error = QStringLiteral("%1: pre_tokenizer Metaspace needs a replacement character").arg(where);
      return nullptr;
    }
    return m;
  }
  if (type == QLatin1String("Sequence")) {
    auto seq = std::make_unique<SequencePreTokenizer>();
    for (const QJsonValue& item : o.value(QStringLiteral("pretokenizers")).toArray()) {
      auto p = parse(item, where, error);
      if (!p) {
        if (error->isEmpty()) continue;
        return nullptr;
      }
      seq->mItems.push_back(std::move(p));
    }
    return seq;
  }
  unsupported(where, "pre_tokenizer", type, error);
  return nullptr;
}

}  // namespace Atelier
