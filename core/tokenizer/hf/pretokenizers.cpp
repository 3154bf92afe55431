#include "pretokenizers.h"

#include "bytelevel.h"
#include "normalizers.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <vector>

namespace Atelier {
namespace {

struct Span {
  int start, end;
  bool isMatch;
};

// GPT-2's split, which the ByteLevel pre-tokenizer applies when use_regex is on.
const QRegularExpression& gpt2Pattern() {
  static const QRegularExpression re(
      QStringLiteral("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
      QRegularExpression::UseUnicodePropertiesOption);
  return re;
}

class SplitPreTokenizer : public HfPreTokenizer {
 public:
  void apply(QList<HfPiece>* pieces) const override {
    QList<HfPiece> out;
    for (const HfPiece& p : *pieces) out += hfSplit(p, mPattern, mBehavior, mInvert);
    *pieces = out;
  }
  QRegularExpression mPattern;
  HfSplitBehavior mBehavior = HfSplitBehavior::Isolated;
  bool mInvert = false;
};

class ByteLevelPreTokenizer : public HfPreTokenizer {
 public:
  void apply(QList<HfPiece>* pieces) const override {
    QList<HfPiece> out;
    for (HfPiece p : *pieces) {
      // Every piece it receives gets the space, not only the first: that is
      // what makes a word after an added token look like any other word.
      if (mAddPrefixSpace && !p.text.startsWith(QLatin1Char(' '))) p.text.prepend(QLatin1Char(' '));
      const QList<HfPiece> parts =
          mUseRegex ? hfSplit(p, gpt2Pattern(), HfSplitBehavior::Isolated) : QList<HfPiece>{p};
      for (const HfPiece& part : parts) out.append({HfByteLevel::encodeBytes(part.text.toUtf8()), part.atStart});
    }
    *pieces = out;
  }
  bool mAddPrefixSpace = false;
  bool mUseRegex = true;
};

class MetaspacePreTokenizer : public HfPreTokenizer {
 public:
  enum class Prepend { Always, First, Never };
  void apply(QList<HfPiece>* pieces) const override {
    QList<HfPiece> out;
    for (HfPiece p : *pieces) {
      p.text.replace(QLatin1Char(' '), mReplacement);
      const bool prepend = mPrepend == Prepend::Always || (mPrepend == Prepend::First && p.atStart);
      if (prepend && !p.text.startsWith(mReplacement)) p.text.prepend(mReplacement);
      if (mSplit) out += hfSplit(p, mReplacementPattern, HfSplitBehavior::MergedWithNext);
      else out.append(p);
    }
    *pieces = out;
  }
  QString mReplacement;
  QRegularExpression mReplacementPattern;
  Prepend mPrepend = Prepend::Always;
  bool mSplit = true;
};

class DigitsPreTokenizer : public HfPreTokenizer {
 public:
  void apply(QList<HfPiece>* pieces) const override {
    static const QRegularExpression digit(QStringLiteral("\\p{N}"), QRegularExpression::UseUnicodePropertiesOption);
    QList<HfPiece> out;
    for (const HfPiece& p : *pieces)
      out += hfSplit(p, digit, mIndividual ? HfSplitBehavior::Isolated : HfSplitBehavior::Contiguous);
    *pieces = out;
  }
  bool mIndividual = false;
};

class SequencePreTokenizer : public HfPreTokenizer {
 public:
  void apply(QList<HfPiece>* pieces) const override {
    for (const auto& p : mItems) p->apply(pieces);
  }
  std::vector<std::unique_ptr<HfPreTokenizer>> mItems;
};

bool parseBehavior(const QString& name, HfSplitBehavior* out) {
  static const QList<QPair<QString, HfSplitBehavior>> names = {
      {QStringLiteral("Removed"), HfSplitBehavior::Removed},
      {QStringLiteral("Isolated"), HfSplitBehavior::Isolated},
      {QStringLiteral("MergedWithPrevious"), HfSplitBehavior::MergedWithPrevious},
      {QStringLiteral("MergedWithNext"), HfSplitBehavior::MergedWithNext},
      {QStringLiteral("Contiguous"), HfSplitBehavior::Contiguous}};
  for (const auto& n : names)
    if (n.first == name) {
      *out = n.second;
      return true;
    }
  return false;
}

}  // namespace

QList<HfPiece> hfSplit(const HfPiece& piece, const QRegularExpression& pattern, HfSplitBehavior behavior,
                       bool invert) {
  const QString& text = piece.text;
  std::vector<Span> spans;
  int last = 0;
  auto it = pattern.globalMatch(text);
  while (it.hasNext()) {
    const QRegularExpressionMatch m = it.next();
    if (m.capturedStart() > last) spans.push_back({last, int(m.capturedStart()), false});
    spans.push_back({int(m.capturedStart()), int(m.capturedEnd()), true});
    last = m.capturedEnd();
  }
  if (last < text.size()) spans.push_back({last, int(text.size()), false});
  if (invert)
    for (Span& s : spans) s.isMatch = !s.isMatch;

  // (start, end, removed)
  std::vector<Span> parts;
  bool previousMatch = false;
  switch (behavior) {
    case HfSplitBehavior::Removed:
      for (const Span& s : spans)
        if (!s.isMatch) parts.push_back({s.start, s.end, false});
      break;
    case HfSplitBehavior::Isolated:
      for (const Span& s : spans) parts.push_back({s.start, s.end, false});
      break;
    case HfSplitBehavior::Contiguous:
      for (const Span& s : spans) {
        if (s.isMatch == previousMatch && !parts.empty()) parts.back().end = s.end;
        else parts.push_back({s.start, s.end, false});
        previousMatch = s.isMatch;
      }
      break;
    case HfSplitBehavior::MergedWithPrevious:
      for (const Span& s : spans) {
        if (s.isMatch && !previousMatch && !parts.empty()) parts.back().end = s.end;
        else parts.push_back({s.start, s.end, false});
        previousMatch = s.isMatch;
      }
      break;
    case HfSplitBehavior::MergedWithNext:
      for (auto s = spans.rbegin(); s != spans.rend(); ++s) {
        if (s->isMatch && !previousMatch && !parts.empty()) parts.back().start = s->start;
        else parts.push_back({s->start, s->end, false});
        previousMatch = s->isMatch;
      }
      std::reverse(parts.begin(), parts.end());
      break;
  }
  QList<HfPiece> out;
  for (const Span& p : parts)
    if (p.end > p.start) out.append({text.mid(p.start, p.end - p.start), piece.atStart && p.start == 0});
  return out;
}

std::unique_ptr<HfPreTokenizer> HfPreTokenizer::parse(const QJsonValue& json, const QString& where,
                                                      QString* error) {
  if (json.isNull() || json.isUndefined()) return nullptr;
  const QJsonObject o = json.toObject();
  const QString type = o.value(QStringLiteral("type")).toString();
  const QString here = QStringLiteral("%1: pre_tokenizer %2").arg(where, type);
  if (type == QLatin1String("Split")) {
    auto s = std::make_unique<SplitPreTokenizer>();
    if (!parseHfPattern(o.value(QStringLiteral("pattern")), here, &s->mPattern, error)) return nullptr;
    const QString behavior = o.value(QStringLiteral("behavior")).toString();
    if (!parseBehavior(behavior, &s->mBehavior)) {
      *error = here + QStringLiteral(": \"behavior\" \"%1\" is not one of Removed, Isolated, MergedWithPrevious, "
                                     "MergedWithNext, Contiguous").arg(behavior);
      return nullptr;
    }
    s->mInvert = o.value(QStringLiteral("invert")).toBool(false);
    return s;
  }
  if (type == QLatin1String("ByteLevel")) {
    auto b = std::make_unique<ByteLevelPreTokenizer>();
    b->mAddPrefixSpace = o.value(QStringLiteral("add_prefix_space")).toBool(true);
    b->mUseRegex = o.value(QStringLiteral("use_regex")).toBool(true);
    return b;
  }
  if (type == QLatin1String("Metaspace")) {
    auto m = std::make_unique<MetaspacePreTokenizer>();
    m->mReplacement = o.value(QStringLiteral("replacement")).toString(QStringLiteral("\u2581"));
    if (m->mReplacement.isEmpty()) {
      *error = here + QStringLiteral(": \"replacement\" must be one character");
      return nullptr;
    }
    m->mReplacementPattern = QRegularExpression(QRegularExpression::escape(m->mReplacement));
    const QString scheme = o.value(QStringLiteral("prepend_scheme")).toString();
    if (scheme == QLatin1String("always")) m->mPrepend = MetaspacePreTokenizer::Prepend::Always;
    else if (scheme == QLatin1String("first")) m->mPrepend = MetaspacePreTokenizer::Prepend::First;
    else if (scheme == QLatin1String("never")) m->mPrepend = MetaspacePreTokenizer::Prepend::Never;
    else if (!scheme.isEmpty()) {
      *error = here + QStringLiteral(": \"prepend_scheme\" \"%1\" is not one of always, first, never").arg(scheme);
      return nullptr;
    } else {  // files written before prepend_scheme existed
      m->mPrepend = o.value(QStringLiteral("add_prefix_space")).toBool(true) ? MetaspacePreTokenizer::Prepend::Always
                                                                             : MetaspacePreTokenizer::Prepend::Never;
    }
    m->mSplit = o.value(QStringLiteral("split")).toBool(true);
    return m;
  }
  if (type == QLatin1String("Digits")) {
    auto d = std::make_unique<DigitsPreTokenizer>();
    d->mIndividual = o.value(QStringLiteral("individual_digits")).toBool(false);
    return d;
  }
  if (type == QLatin1String("Sequence")) {
    auto seq = std::make_unique<SequencePreTokenizer>();
    for (const QJsonValue& item : o.value(QStringLiteral("pretokenizers")).toArray()) {
      auto p = parse(item, where, error);
      if (!error->isEmpty()) return nullptr;
      if (p) seq->mItems.push_back(std::move(p));
    }
    return seq;
  }
  *error = QStringLiteral("%1: pre_tokenizer \"%2\" is not supported yet")
               .arg(where, type.isEmpty() ? QStringLiteral("(no type)") : type);
  return nullptr;
}

}  // namespace Atelier
