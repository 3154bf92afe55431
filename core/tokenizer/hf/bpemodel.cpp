#include "bpemodel.h"

#include <QJsonArray>

#include <climits>

namespace Atelier {
namespace {

quint64 pairKey(int a, int b) { return (quint64(quint32(a)) << 32) | quint32(b); }

// Code points of a string, each as its own QString (surrogate pairs kept whole).
QStringList characters(const QString& s) {
  QStringList out;
  for (int i = 0; i < s.size(); ++i) {
    const int len = s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate() ? 2 : 1;
    out << s.mid(i, len);
    i += len - 1;
  }
  return out;
}

}  // namespace

bool HfBpeModel::load(const QJsonObject& m, const QString& where, QString* error) {
  auto fail = [&](const QString& what) {
    *error = QStringLiteral("%1: model: %2").arg(where, what);
    return false;
  };
  const QString type = m.value(QStringLiteral("type")).toString();
  if (type != QLatin1String("BPE"))
    return fail(QStringLiteral("type \"%1\" is not supported yet (Atelier reads BPE tokenizers)")
                    .arg(type.isEmpty() ? QStringLiteral("(missing)") : type));
  if (!m.value(QStringLiteral("dropout")).isNull() && !m.value(QStringLiteral("dropout")).isUndefined() &&
      m.value(QStringLiteral("dropout")).toDouble() != 0.0)
    return fail(QStringLiteral("BPE dropout is for training only and is not supported"));
  for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
    const QJsonValue v = m.value(QLatin1String(key));
    if (v.isString() && !v.toString().isEmpty())
      return fail(QStringLiteral("\"%1\" is not supported yet").arg(QLatin1String(key)));
  }
  const QJsonValue vocab = m.value(QStringLiteral("vocab"));
  if (!vocab.isObject()) return fail(QStringLiteral("\"vocab\" must be an object of token → id"));
  const QJsonObject v = vocab.toObject();
  for (auto it = v.begin(); it != v.end(); ++it) {
    const double d = it.value().toDouble(-1);
    if (!it.value().isDouble() || d < 0 || d > 1e8 || d != double(int(d)))
      return fail(QStringLiteral("vocab entry \"%1\" has no valid id").arg(it.key()));
    const int id = int(d);
    if (mIdToToken.contains(id))
      return fail(QStringLiteral("id %1 is used by both \"%2\" and \"%3\"").arg(id).arg(mIdToToken.value(id), it.key()));
    mVocab.insert(it.key(), id);
    mIdToToken.insert(id, it.key());
    mMaxId = qMax(mMaxId, id);
  }
  const QJsonValue merges = m.value(QStringLiteral("merges"));
  if (!merges.isArray() && !merges.isUndefined() && !merges.isNull())
    return fail(QStringLiteral("\"merges\" must be a list"));
  int rank = 0;
  for (const QJsonValue& item : merges.toArray()) {
    QString a, b;
    if (item.isString()) {  // "a b"
      const QString s = item.toString();
      const int space = s.indexOf(QLatin1Char(' '), 1);
      if (space < 0) return fail(QStringLiteral("merge %1 (\"%2\") is not two tokens").arg(rank).arg(s));
      a = s.left(space);
      b = s.mid(space + 1);
    } else if (item.isArray() && item.toArray().size() == 2) {  // ["a", "b"]
      a = item.toArray().at(0).toString();
      b = item.toArray().at(1).toString();
    } else {
      return fail(QStringLiteral("merge %1 is neither \"a b\" nor [a, b]").arg(rank));
    }
    const int ia = mVocab.value(a, -1), ib = mVocab.value(b, -1), merged = mVocab.value(a + b, -1);
    if (ia < 0 || ib < 0 || merged < 0)
      return fail(QStringLiteral("merge %1 (\"%2\" + \"%3\") uses a token that is not in the vocabulary")
                      .arg(rank).arg(a, b));
    if (!mMerges.contains(pairKey(ia, ib))) mMerges.insert(pairKey(ia, ib), {rank, merged});
    ++rank;
  }
  const QJsonValue unk = m.value(QStringLiteral("unk_token"));
  if (unk.isString()) {
    mUnkId = mVocab.value(unk.toString(), -1);
    if (mUnkId < 0) return fail(QStringLiteral("unk_token \"%1\" is not in the vocabulary").arg(unk.toString()));
  }
  mByteFallback = m.value(QStringLiteral("byte_fallback")).toBool(false);
  mFuseUnk = m.value(QStringLiteral("fuse_unk")).toBool(false);
  mIgnoreMerges = m.value(QStringLiteral("ignore_merges")).toBool(false);
  return true;
}

void HfBpeModel::tokenize(const QString& piece, std::vector<int32_t>* ids) {
  if (piece.isEmpty()) return;
  if (mIgnoreMerges) {
    const int whole = mVocab.value(piece, -1);
    if (whole >= 0) {
      ids->push_back(whole);
      return;
    }
  }
  const auto cached = mCache.constFind(piece);
  if (cached != mCache.constEnd()) {
    ids->insert(ids->end(), cached->begin(), cached->end());
    return;
  }
  std::vector<int32_t> symbols;
  bool lastWasUnk = false;
  for (const QString& c : characters(piece)) {
    const int id = mVocab.value(c, -1);
    if (id >= 0) {
      symbols.push_back(id);
      lastWasUnk = false;
      continue;
    }
    if (mByteFallback) {
      std::vector<int32_t> bytes;
      for (char byte : c.toUtf8()) {
        const QString hex = QString::number(uchar(byte), 16).toUpper().rightJustified(2, QLatin1Char('0'));
        const int b = mVocab.value(QStringLiteral("<0x") + hex + QLatin1Char('>'), -1);
        if (b < 0) {
          bytes.clear();
          break;
        }
        bytes.push_back(b);
      }
      if (!bytes.empty()) {
        symbols.insert(symbols.end(), bytes.begin(), bytes.end());
        lastWasUnk = false;
        continue;
      }
    }
    if (mUnkId >= 0 && !(mFuseUnk && lastWasUnk)) symbols.push_back(mUnkId);
    lastWasUnk = mUnkId >= 0;
  }
  // Merge the lowest-ranked adjacent pair, leftmost first, until none applies.
  while (symbols.size() > 1) {
    int bestRank = INT_MAX, bestAt = -1, bestId = -1;
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      const auto it = mMerges.constFind(pairKey(symbols[i], symbols[i + 1]));
      if (it != mMerges.constEnd() && it->first < bestRank) {
        bestRank = it->first;
        bestAt = int(i);
        bestId = it->second;
      }
    }
    if (bestAt < 0) break;
    symbols[bestAt] = bestId;
    symbols.erase(symbols.begin() + bestAt + 1);
  }
  if (mCache.size() < 100000) mCache.insert(piece, symbols);
  ids->insert(ids->end(), symbols.begin(), symbols.end());
}

}  // namespace Atelier
