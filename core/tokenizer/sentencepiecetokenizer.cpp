#include "sentencepiecetokenizer.h"

#include "spmlibrary.h"

#include <QFileInfo>
#include <QThread>

namespace Atelier {

SentencePieceTokenizer::SentencePieceTokenizer(const SpmLibrary* lib, atelier_spm_model* model)
    : mLib(lib), mModel(model) {}

SentencePieceTokenizer::~SentencePieceTokenizer() { mLib->freeModel(mModel); }

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::load(const QString& path,
                                                                     QString* error) {
  const QFileInfo info(path);
  if (!info.isFile()) {
    if (error) *error = QStringLiteral("%1: no such file").arg(path);
    return nullptr;
  }
  const SpmLibrary* lib = SpmLibrary::instance(error);
  if (!lib) return nullptr;
  char* spmError = nullptr;
  atelier_spm_model* model = lib->loadFile(path.toLocal8Bit().constData(), &spmError);
  if (!model) {
    if (error)
      *error = QStringLiteral("%1 is not a usable sentencepiece model: %2")
                   .arg(path, takeSpmError(lib, spmError));
    else if (spmError)
      lib->freeString(spmError);
    return nullptr;
  }
  return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(lib, model));
}

bool SentencePieceTokenizer::encode(const QString& text, std::vector<int32_t>* ids) {
  const QByteArray utf8 = text.toUtf8();
  int32_t* out = nullptr;
  size_t count = 0;
  char* error = nullptr;
  if (mLib->encode(mModel, utf8.constData(), static_cast<size_t>(utf8.size()), &out, &count,
                   &error) != 0) {
    mErrorString = takeSpmError(mLib, error);
    return false;
  }
  ids->assign(out, out + count);
  mLib->freeIds(out);
  return true;
}

bool SentencePieceTokenizer::decode(const std::vector<int32_t>& ids, QString* text) {
  char* out = nullptr;
  char* error = nullptr;
  if (mLib->decode(mModel, ids.data(), ids.size(), &out, &error) != 0) {
    mErrorString = takeSpmError(mLib, error);
    return false;
  }
  *text = QString::fromUtf8(out);
  mLib->freeString(out);
  return true;
}

int SentencePieceTokenizer::vocabSize() const { return mLib->pieceCount(mModel); }

QString SentencePieceTokenizer::idToPiece(int id) const {
  const char* piece = mLib->idToPiece(mModel, id);
  return piece ? QString::fromUtf8(piece) : QString();
}

int SentencePieceTokenizer::pieceToId(const QString& piece) const {
  return mLib->pieceToId(mModel, piece.toUtf8().constData());
}

int SentencePieceTokenizer::bosId() const { return mLib->specialId(mModel, 'b'); }
int SentencePieceTokenizer::eosId() const { return mLib->specialId(mModel, 'e'); }
int SentencePieceTokenizer::unkId() const { return mLib->specialId(mModel, 'u'); }
int SentencePieceTokenizer::padId() const { return mLib->specialId(mModel, 'p'); }
float SentencePieceTokenizer::score(int id) const { return mLib->score(mModel, id); }
int SentencePieceTokenizer::pieceType(int id) const { return mLib->pieceType(mModel, id); }

bool trainSentencePiece(const SentencePieceTrainOptions& options, QString* error) {
  if (!QFileInfo(options.corpusPath).isFile()) {
    if (error) *error = QStringLiteral("%1: no such corpus file").arg(options.corpusPath);
    return false;
  }
  const SpmLibrary* lib = SpmLibrary::instance(error);
  if (!lib) return false;

  const QList<QPair<QByteArray, QByteArray>> kwargs = {
      {"input", options.corpusPath.toLocal8Bit()},
      {"model_prefix", options.modelPrefix.toLocal8Bit()},
      {"vocab_size", QByteArray::number(options.vocabSize)},
      {"model_type", options.modelType.toUtf8()},
      {"byte_fallback", options.byteFallback ? "true" : "false"},
      {"character_coverage", QByteArray::number(options.characterCoverage)},
      {"normalization_rule_name", options.normalization.toUtf8()},
      {"remove_extra_whitespaces", options.removeExtraWhitespaces ? "true" : "false"},
      {"random_seed", QByteArray::number(options.seed)},
      // Llama's layout: <unk>=0, <s>=1, </s>=2, no padding piece.
      {"unk_id", "0"},
      {"bos_id", "1"},
      {"eos_id", "2"},
      {"pad_id", "-1"},
      // Small corpora have fewer sentences than the default sample size anyway;
      // a hard limit on vocabulary size would fail them, so let it shrink.
      {"hard_vocab_limit", "false"},
      {"num_threads", QByteArray::number(qMax(1, QThread::idealThreadCount()))},
  };
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (const auto& kv : kwargs) {
    keys.push_back(kv.first.constData());
    values.push_back(kv.second.constData());
  }
  char* spmError = nullptr;
  if (lib->train(keys.data(), values.data(), keys.size(), &spmError) != 0) {
    const QString message = takeSpmError(lib, spmError);
    if (error)
      *error = QStringLiteral("Training a sentencepiece model on %1 failed: %2")
                   .arg(options.corpusPath, message);
    return false;
  }
  return true;
}

}  // namespace Atelier
