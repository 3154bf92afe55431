#pragma once

#include <QMutex>
#include <QString>

#include <memory>
#include <vector>

namespace Atelier {

class Tokenizer;

// Counts the tokens of text with a model's tokenizer, or estimates them as
// characters ÷ 4 when no model is chosen, so length filters and histograms
// work before a model is picked and say plainly when they are estimates.
// count() may be called from many threads at once: tokenizers keep caches and
// are not thread-safe, so each call borrows one of a pool, loading more as
// threads need them.
class TokenCounter {
 public:
  ~TokenCounter();

  // An empty folder gives the estimate; a folder without a usable tokenizer
  // returns nullptr with *error.
  static std::unique_ptr<TokenCounter> create(const QString& modelFolder, QString* error);

  bool isEstimate() const { return mFolder.isEmpty(); }
  QString modelFolder() const { return mFolder; }
  // "estimate (characters ÷ 4)" or "tokenizer.json of <folder name>".
  QString description() const;

  int count(const QString& text);

 private:
  TokenCounter() = default;
  std::unique_ptr<Tokenizer> borrow();
  void giveBack(std::unique_ptr<Tokenizer> tokenizer);

  QString mFolder;
  QString mKind;
  QMutex mMutex;
  std::vector<std::unique_ptr<Tokenizer>> mIdle;
};

}  // namespace Atelier
