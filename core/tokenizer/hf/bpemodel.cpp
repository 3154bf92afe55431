#include "bpemodel.h"

#include <QJsonArray>

#include <queue>

namespace Atelier {
namespace {

quint64 pairKey(int a, int b) { return (quint64(quint32(a)) << 32) | quint32(b); }

// Ids above this are certainly a broken file (the largest real vocabularies
// have a few hundred thousand entries) and would make embedding tables absurd.
constexpr double kMaxTokenId = 1 << 24;

// Words longer than this are not cached: they are rare, and caching them
// would let one pasted blob evict the common words.
constexpr int kMaxCachedLength = 256;
constexpr int kMaxCacheEntries = 100000;

}  // namespace

bool HfBpeModel::load(const QJsonObject& m, const QString& where, QString* error) {
  auto fail = [&](const QString& what) {
    *error = QStringLiteral("%1: model: %2").arg(where, what);
    return false;
  };
  const QString type = m.value(QStringLiteral("type")).toString();
  if (type != QLatin1String("BPE") && !(type.isEmpty() && m.contains(QStringLiteral("merges"))))
    return fail(QStringLiteral("type \"%1\" is not supported yet (Atelier reads BPE tokenizers)")
                    .arg(type.isEmpty() ? QStringLiteral("(missing)") : type));
  const QJsonValue dropout = m.value(QStringLiteral("dropout"));
  if (dropout.isDouble() && dropout.toDouble() != 0.0)
    return fail(QStringLiteral("\"dropout\" is for training only and is not supported"));
  for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
    const QJsonValue v = m.value(QLatin1String(key));
    if (v.isString() && !v.toString().isEmpty())
      return fail(QStringLiteral("\"%1\" is not supported yet").arg(QLatin1String(key)));
  }
  const QJsonValue vocab = m.value(QStringLiteral("vocab"));
  if (!vocab.isObject()) return fail(QStringLiteral("\"vocab\" must be an object of token → id"));
  const QJsonObject v = vocab.toObject();
  mVocab.reserve(v.size());
  mIdToToken.reserve(v.size());
  for (auto it = v.begin(); it != v.end(); ++it) {
    const double d = it.value().toDouble(-1);
    if (!it.value().isDouble() || d < 0 || d >= kMaxTokenId || d != double(int(d)))
      return fail(QStringLiteral("vocab entry \"%1\" has no valid id (a whole number from 0 to %2)")
                      .arg(it.key())
                      .arg(qint64(kMaxTokenId) - 1));
    const int id = int(d);
    if (mIdToToken.contains(id))
      return fail(QStringLiteral("vocab id %1 is used by both \"%2\" and \"%3\"").arg(id).arg(mIdToToken.value(id), it.key()));
    mVocab.insert(it.key(), id);
    mIdToToken.insert(id, it.key());
    mMaxId = qMax(mMaxId, id);
  }
  if (!loadMerges(m.value(QStringLiteral("merges")), error)) return fail(*error);
  const QJsonValue unk = m.value(QStringLiteral("unk_token"));
  if (unk.isString()) {
    mUnkId = mVocab.value(unk.toString(), -1);
    if (mUnkId < 0) return fail(QStringLiteral("unk_token \"%1\" is not in the vocabulary").arg(unk.toString()));
  }
  mByteFallback = m.value(QStringLiteral("byte_fallback")).toBool(false);
  mFuseUnk = m.value(QStringLiteral("fuse_unk")).toBool(false);
  mIgnoreMerges = m.value(QStringLiteral("ignore_merges")).toBool(false);
  mByteIds.assign(256, -1);
  for (int b = 0; b < 256; ++b)
    mByteIds[b] = mVocab.value(
        QStringLiteral("<0x%1>").arg(QString::number(b, 16).toUpper().rightJustified(2, QLatin1Char('0'))), -1);
  return true;
}

bool HfBpeModel::loadMerges(const QJsonValue& merges, QString* error) {
  if (!merges.isArray() && !merges.isUndefined() && !merges.isNull()) {
    *error = QStringLiteral("\"merges\" must be a list");
    return false;
  }
  const QJsonArray list = merges.toArray();
  mMerges.reserve(list.size());
  int rank = 0;
  for (const QJsonValue& item : list) {
    QString a, b;
    if (item.isString()) {  // "a b": exactly one space, as the reference requires
      const QString s = item.toString();
      const int space = s.indexOf(QLatin1Char(' '));
      if (space < 0 || s.indexOf(QLatin1Char(' '), space + 1) >= 0) {
        *error = QStringLiteral("merges[%1] (\"%2\") is not two tokens separated by one space").arg(rank).arg(s);
        return false;
      }
      a = s.left(space);
      b = s.mid(space + 1);
    } else if (item.isArray() && item.toArray().size() == 2 && item.toArray().at(0).isString() &&
               item.toArray().at(1).isString()) {  // ["a", "b"]
      a = item.toArray().at(0).toString();
      b = item.toArray().at(1).toString();
    } else {
      *error = QStringLiteral("merges[%1] is neither \"a b\" nor [\"a\", \"b\"]").arg(rank);
      return false;
    }
    const int ia = mVocab.value(a, -1), ib = mVocab.value(b, -1), merged = mVocab.value(a + b, -1);
    if (ia < 0 || ib < 0 || merged < 0) {
      *error = QStringLiteral("merges[%1] (\"%2\" + \"%3\") names \"%4\", which is not in the vocabulary")
                   .arg(rank)
                   .arg(a, b, ia < 0 ? a : ib < 0 ? b : a + b);
      return false;
    }
    // A pair listed twice keeps its last rank, as the reference's map does.
    mMerges.insert(pairKey(ia, ib), {rank, merged});
    ++rank;
  }
  return true;
}

std::vector<int32_t> HfBpeModel::initialSymbols(const QString& piece) const {
  std::vector<int32_t> symbols;
  symbols.reserve(piece.size());
  bool pendingUnk = false;  // an unknown token not yet emitted (later ones may fuse into it)
  auto flushUnk = [&] {
    if (pendingUnk) symbols.push_back(mUnkId);
    pendingUnk = false;
  };
  for (int i = 0; i < piece.size();) {
    const int len = piece[i].isHighSurrogate() && i + 1 < piece.size() && piece[i + 1].isLowSurrogate() ? 2 : 1;
    const QString c = piece.mid(i, len);
    i += len;
    const int id = mVocab.value(c, -1);
    if (id >= 0) {
      flushUnk();
      symbols.push_back(id);
      continue;
    }
    if (mByteFallback) {
      const QByteArray utf8 = c.toUtf8();
      bool all = true;
      for (char byte : utf8) all = all && mByteIds[uchar(byte)] >= 0;
      if (all) {
        // The reference emits these without first flushing a pending unknown
        // token, which then lands after them; keep that order for identical ids.
        for (char byte : utf8) symbols.push_back(mByteIds[uchar(byte)]);
        continue;
      }
    }
    if (mUnkId < 0) continue;  // no unk token: the character is dropped, as the reference does
    if (!mFuseUnk) flushUnk();
    pendingUnk = true;
  }
  flushUnk();
  return symbols;
}

// Applies the lowest-ranked merge, leftmost first, until none applies: a heap
// of candidate pairs over a linked list of symbols, O(n log n) per word.
void HfBpeModel::merge(std::vector<int32_t>* symbols) const {
  std::vector<int32_t>& ids = *symbols;
  const int n = int(ids.size());
  if (n < 2) return;
  std::vector<int> prev(n), next(n);
  std::vector<bool> alive(n, true);
  for (int i = 0; i < n; ++i) {
    prev[i] = i - 1;
    next[i] = i + 1 < n ? i + 1 : -1;
  }
  struct Candidate {
    int rank, pos, mergedId;
    bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
  auto consider = [&](int pos) {
    if (pos < 0 || next[pos] < 0) return;
    const auto it = mMerges.constFind(pairKey(ids[pos], ids[next[pos]]));
    if (it != mMerges.constEnd()) queue.push({it->first, pos, it->second});
  };
  for (int i = 0; i + 1 < n; ++i) consider(i);
  while (!queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    // Stale entries: the left symbol was absorbed, or either side changed.
    if (!alive[top.pos] || next[top.pos] < 0) continue;
    const int right = next[top.pos];
    const auto it = mMerges.constFind(pairKey(ids[top.pos], ids[right]));
    if (it == mMerges.constEnd() || it->second != top.mergedId) continue;
    ids[top.pos] = top.mergedId;
    alive[right] = false;
    next[top.pos] = next[right];
    if (next[right] >= 0) prev[next[right]] = top.pos;
    consider(prev[top.pos]);
    consider(top.pos);
  }
  int out = 0;
  for (int i = 0; i < n; ++i)
    if (alive[i]) ids[out++] = ids[i];
  ids.resize(out);
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
  std::vector<int32_t> symbols = initialSymbols(piece);
  merge(&symbols);
  if (piece.size() < kMaxCachedLength) {
    if (mCache.size() >= kMaxCacheEntries) mCache.clear();
    mCache.insert(piece, symbols);
  }
  ids->insert(ids->end(), symbols.begin(), symbols.end());
}

}  // namespace Atelier
