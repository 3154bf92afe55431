#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <vector>

namespace Atelier {

// The BPE model of a tokenizer.json: vocabulary, ranked merges, byte fallback
// and unknown-token handling, with a per-word cache.
class HfBpeModel {
 public:
  // `where` names the file for errors.
  bool load(const QJsonObject& model, const QString& where, QString* error);

  // Ids for one pre-tokenized piece.
  void tokenize(const QString& piece, std::vector<int32_t>* ids);

  int tokenToId(const QString& token) const { return mVocab.value(token, -1); }
  QString idToToken(int id) const { return mIdToToken.value(id); }
  bool hasId(int id) const { return mIdToToken.contains(id); }
  int size() const { return mVocab.size(); }
  int maxId() const { return mMaxId; }
  int unkId() const { return mUnkId; }

 private:
  bool loadMerges(const QJsonValue& merges, QString* error);
  std::vector<int32_t> initialSymbols(const QString& piece) const;
  void merge(std::vector<int32_t>* symbols) const;

  QHash<QString, int> mVocab;
  QHash<int, QString> mIdToToken;
  // (left id, right id) → (rank, merged id)
  QHash<quint64, QPair<int, int>> mMerges;
  std::vector<int32_t> mByteIds;  // <0xNN> → id, -1 where missing
  QHash<QString, std::vector<int32_t>> mCache;
  int mUnkId = -1;
  int mMaxId = -1;
  bool mByteFallback = false;
  bool mFuseUnk = false;
  bool mIgnoreMerges = false;
};

}  // namespace Atelier
