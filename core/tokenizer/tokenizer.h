#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace Atelier {

// What every tokenizer backend offers the rest of Atelier. Token ids are int32
// everywhere because every vocabulary we support fits, and tensors use them.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  // Failures (text the backend cannot take, ids outside the vocabulary) return
  // false and leave a message in errorString().
  virtual bool encode(const QString& text, std::vector<int32_t>* ids) = 0;
  virtual bool decode(const std::vector<int32_t>& ids, QString* text) = 0;

  virtual int vocabSize() const = 0;
  virtual QString idToPiece(int id) const = 0;
  virtual int pieceToId(const QString& piece) const = 0;

  // -1 where the vocabulary has no such token.
  virtual int bosId() const = 0;
  virtual int eosId() const = 0;
  virtual int unkId() const = 0;
  virtual int padId() const = 0;

  // A short name of the backend, shown to users ("sentencepiece", "tokenizer.json").
  virtual QString kind() const = 0;

  QString errorString() const { return mErrorString; }

 protected:
  QString mErrorString;
};

}  // namespace Atelier
