#include "tokenizerloader.h"

#include "tokenizer/hf/hftokenizer.h"
#include "tokenizer/sentencepiecetokenizer.h"

#include <QDir>
#include <QFileInfo>

namespace Atelier {

std::unique_ptr<Tokenizer> loadModelTokenizer(const QString& folder, QString* error) {
  const QDir dir(folder);
  const QString json = dir.filePath(QStringLiteral("tokenizer.json"));
  if (QFileInfo(json).isFile())
    return HfTokenizer::load(json, dir.filePath(QStringLiteral("tokenizer_config.json")), error);
  const QString spm = dir.filePath(QStringLiteral("tokenizer.model"));
  if (QFileInfo(spm).isFile()) return SentencePieceTokenizer::load(spm, error);
  *error = QStringLiteral("%1 has no tokenizer (looked for tokenizer.json and tokenizer.model).")
               .arg(folder);
  return nullptr;
}

}  // namespace Atelier
