#include "addedtokens.h"

#include "bpemodel.h"

#include <QJsonObject>

#include <algorithm>

namespace Atelier {
namespace {

// The code point that ends just before `pos` / starts at `pos`.
char32_t codePointBefore(const QString& s, int pos) {
  if (pos >= 2 && s[pos - 1].isLowSurrogate() && s[pos - 2].isHighSurrogate())
    return QChar::surrogateToUcs4(s[pos - 2], s[pos - 1]);
  return s[pos - 1].unicode();
}
char32_t codePointAt(const QString& s, int pos) {
  if (pos + 1 < s.size() && s[pos].isHighSurrogate() && s[pos + 1].isLowSurrogate())
    return QChar::surrogateToUcs4(s[pos], s[pos + 1]);
  return s[pos].unicode();
}
int unitsOf(char32_t c) { return c > 0xFFFF ? 2 : 1; }

// `\w` of the reference's regex crate (Alphabetic, marks, decimal digits,
// connector punctuation, joiners), which decides what single_word means.
bool isWordChar(char32_t c) {
  if (c == 0x200C || c == 0x200D) return true;
  switch (QChar::category(c)) {
    case QChar::Letter_Uppercase: case QChar::Letter_Lowercase: case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier: case QChar::Letter_Other:
    case QChar::Mark_NonSpacing: case QChar::Mark_SpacingCombining: case QChar::Mark_Enclosing:
    case QChar::Number_DecimalDigit: case QChar::Number_Letter: case QChar::Punctuation_Connector:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool HfAddedTokens::load(const QJsonArray& json, const HfBpeModel& model, const QString& where, QString* error) {
  for (int i = 0; i < json.size(); ++i) {
    const QJsonObject o = json.at(i).toObject();
    const QString here = QStringLiteral("%1: added_tokens[%2]").arg(where).arg(i);
    HfAddedToken a;
    const double id = o.value(QStringLiteral("id")).toDouble(-1);
    if (!o.value(QStringLiteral("id")).isDouble() || id < 0 || id >= double(1 << 24) || id != double(int(id))) {
      *error = here + QStringLiteral(" has no valid \"id\"");
      return false;
    }
    a.id = int(id);
    a.content = o.value(QStringLiteral("content")).toString();
    if (a.content.isEmpty()) {
      *error = here + QStringLiteral(" has no \"content\"");
      return false;
    }
    a.special = o.value(QStringLiteral("special")).toBool(false);
    a.singleWord = o.value(QStringLiteral("single_word")).toBool(false);
    a.lstrip = o.value(QStringLiteral("lstrip")).toBool(false);
    a.rstrip = o.value(QStringLiteral("rstrip")).toBool(false);
    a.normalized = o.value(QStringLiteral("normalized")).toBool(!a.special);
    // One id, one text: anything else would make encode and decode disagree.
    const QString inVocab = model.idToToken(a.id);
    QString clash;
    if (mById.contains(a.id)) clash = mTokens[mById.value(a.id)].content;
    else if (model.hasId(a.id) && inVocab != a.content) clash = inVocab;
    if (!clash.isNull()) {
      *error = here + QStringLiteral(": \"%1\" has id %2, which already belongs to \"%3\"").arg(a.content).arg(a.id).arg(clash);
      return false;
    }
    const int other = mByContent.contains(a.content) ? mByContent.value(a.content) : model.tokenToId(a.content);
    if (other >= 0 && other != a.id) {
      *error = here + QStringLiteral(": \"%1\" has id %2 but also id %3").arg(a.content).arg(a.id).arg(other);
      return false;
    }
    mById.insert(a.id, mTokens.size());
    mByContent.insert(a.content, a.id);
    mTokens.append(a);
  }
  return true;
}

void HfAddedTokens::prepare(const std::function<QString(const QString&)>& normalize) {
  mRaw = {};
  mNormalized = {};
  for (int i = 0; i < mTokens.size(); ++i) {
    const HfAddedToken& t = mTokens[i];
    const QString text = t.normalized && normalize ? normalize(t.content) : t.content;
    if (text.isEmpty()) continue;
    (t.normalized ? mNormalized : mRaw).byFirst[text[0]].push_back({text, i});
  }
  for (PatternSet* set : {&mRaw, &mNormalized})
    for (auto& list : set->byFirst)
      std::stable_sort(list.begin(), list.end(),
                       [](const Pattern& a, const Pattern& b) { return a.text.size() > b.text.size(); });
}

bool HfAddedTokens::findAt(const QString& text, int at, const PatternSet& set, const Pattern** hit) const {
  const auto candidates = set.byFirst.constFind(text[at]);
  if (candidates == set.byFirst.constEnd()) return false;
  const QStringView rest = QStringView(text).mid(at);
  for (const Pattern& p : *candidates)
    if (rest.startsWith(p.text)) {
      *hit = &p;
      return true;
    }
  return false;
}

QList<HfAddedTokens::Segment> HfAddedTokens::split(const QString& text, bool normalizedPass, bool atStart) const {
  const PatternSet& set = normalizedPass ? mNormalized : mRaw;
  QList<Segment> out;
  if (set.byFirst.isEmpty()) {
    if (!text.isEmpty()) out.append({text, -1, atStart});
    return out;
  }
  const int n = text.size();
  int plainStart = 0;
  int i = 0;
  while (i < n) {
    const Pattern* hit = nullptr;
    if (!findAt(text, i, set, &hit)) {
      ++i;
      continue;
    }
    int start = i, stop = i + hit->text.size();
    const HfAddedToken& token = mTokens[hit->token];
    if (token.singleWord && ((start > 0 && isWordChar(codePointBefore(text, start))) ||
                             (stop < n && isWordChar(codePointAt(text, stop))))) {
      // The reference's matcher goes on after the rejected match, not inside it.
      i = stop;
      continue;
    }
    if (token.lstrip) {
      while (start > plainStart && QChar::isSpace(codePointBefore(text, start)))
        start -= unitsOf(codePointBefore(text, start));
    }
    if (token.rstrip) {
      while (stop < n && QChar::isSpace(codePointAt(text, stop))) stop += unitsOf(codePointAt(text, stop));
    }
    if (start > plainStart) out.append({text.mid(plainStart, start - plainStart), -1, atStart && plainStart == 0});
    out.append({text.mid(start, stop - start), token.id, atStart && start == 0});
    plainStart = i = stop;
  }
  if (plainStart < n) out.append({text.mid(plainStart), -1, atStart && plainStart == 0});
  return out;
}

const HfAddedToken* HfAddedTokens::byId(int id) const {
  const auto it = mById.constFind(id);
  return it == mById.constEnd() ? nullptr : &mTokens[it.value()];
}

int HfAddedTokens::maxId() const {
  int m = -1;
  for (const HfAddedToken& t : mTokens) m = qMax(m, t.id);
  return m;
}

}  // namespace Atelier
