#include "tokencounter.h"

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizerloader.h"

#include <QFileInfo>

namespace Atelier {

TokenCounter::~TokenCounter() = default;

std::unique_ptr<TokenCounter> TokenCounter::create(const QString& modelFolder, QString* error) {
  std::unique_ptr<TokenCounter> counter(new TokenCounter);
  if (modelFolder.isEmpty()) return counter;
  std::unique_ptr<Tokenizer> first = loadModelTokenizer(modelFolder, error);
  if (!first) return nullptr;
  counter->mFolder = modelFolder;
  counter->mKind = first->kind();
  counter->mIdle.push_back(std::move(first));
  return counter;
}

QString TokenCounter::description() const {
  if (isEstimate()) return QStringLiteral("estimate (characters ÷ 4)");
  return QStringLiteral("%1 of %2").arg(mKind, QFileInfo(mFolder).fileName());
}

std::unique_ptr<Tokenizer> TokenCounter::borrow() {
  {
    QMutexLocker lock(&mMutex);
    if (!mIdle.empty()) {
      std::unique_ptr<Tokenizer> t = std::move(mIdle.back());
      mIdle.pop_back();
      return t;
    }
  }
  // Loaded once already, so a second load of the same files succeeds.
  QString error;
  return loadModelTokenizer(mFolder, &error);
}

void TokenCounter::giveBack(std::unique_ptr<Tokenizer> tokenizer) {
  QMutexLocker lock(&mMutex);
  mIdle.push_back(std::move(tokenizer));
}

int TokenCounter::count(const QString& text) {
  if (isEstimate()) return int((text.size() + 3) / 4);
  std::unique_ptr<Tokenizer> t = borrow();
  if (!t) return int((text.size() + 3) / 4);
  std::vector<int32_t> ids;
  const int n = t->encode(text, &ids) ? int(ids.size()) : int((text.size() + 3) / 4);
  giveBack(std::move(t));
  return n;
}

}  // namespace Atelier
