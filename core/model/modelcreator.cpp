#include "modelcreator.h"

#include "data/chattemplate.h"
#include "model/causallm.h"
#include "model/io/safetensors.h"
#include "model/modelloader.h"
#include "tokenizer/sentencepiecetokenizer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUuid>

namespace Atelier {
namespace {

bool writeJson(const QString& path, const QJsonObject& o, QString* error) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, f.errorString());
    return false;
  }
  f.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
  if (!f.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, f.errorString());
    return false;
  }
  return true;
}

bool validate(const ModelCreateOptions& o, QString* error) {
  auto bad = [error](const QString& what) {
    *error = what;
    return false;
  };
  if (o.arch != QLatin1String("llama") && o.arch != QLatin1String("qwen2"))
    return bad(QStringLiteral("--arch must be llama or qwen2, not \"%1\"").arg(o.arch));
  if (o.hidden < 8 || o.layers < 1 || o.heads < 1 || o.kvHeads < 1 || o.ffn < 1)
    return bad(QStringLiteral("sizes must be positive (hidden at least 8)"));
  if (o.hidden % o.heads != 0 || (o.hidden / o.heads) % 2 != 0)
    return bad(QStringLiteral("--hidden (%1) must be a multiple of --heads (%2) with an even quotient")
                   .arg(o.hidden)
                   .arg(o.heads));
  if (o.heads % o.kvHeads != 0)
    return bad(QStringLiteral("--kv-heads (%1) must divide --heads (%2)").arg(o.kvHeads).arg(o.heads));
  if (o.vocabSize < 300 || o.vocabSize > 1000000)
    return bad(QStringLiteral("--vocab-size must be between 300 and 1000000 (byte fallback alone needs 259)"));
  if (!QFileInfo(o.tokenizerCorpus).isFile())
    return bad(QStringLiteral("%1: no such tokenizer corpus file").arg(o.tokenizerCorpus));
  const QDir out(o.outputFolder);
  if (out.exists() && !out.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
    return bad(QStringLiteral("%1 is not empty; choose a new folder").arg(o.outputFolder));
  return true;
}

bool build(const ModelCreateOptions& o, const QString& dir, ModelCreateResult* result, QString* error) {
  SentencePieceTrainOptions spm;
  spm.corpusPath = o.tokenizerCorpus;
  spm.modelPrefix = QDir(dir).filePath(QStringLiteral("tokenizer"));
  spm.vocabSize = o.vocabSize;
  spm.seed = static_cast<unsigned int>(o.seed);
  // As Llama's tokenizer: text is not normalized, so line breaks (which chat
  // templates use) reach the model, and llama.cpp, Ollama and LM Studio read
  // an exported model's prompts exactly as Atelier does.
  spm.normalization = QStringLiteral("identity");
  spm.removeExtraWhitespaces = false;
  if (!trainSentencePiece(spm, error)) return false;
  QFile::remove(spm.modelPrefix + QStringLiteral(".vocab"));
  auto tokenizer = SentencePieceTokenizer::load(spm.modelPrefix + QStringLiteral(".model"), error);
  if (!tokenizer) return false;

  ModelConfig c;
  c.modelType = o.arch;
  c.vocabSize = tokenizer->vocabSize();
  c.hiddenSize = o.hidden;
  c.intermediateSize = o.ffn;
  c.numLayers = o.layers;
  c.numHeads = o.heads;
  c.numKvHeads = o.kvHeads;
  c.headDim = o.hidden / o.heads;
  c.rmsNormEps = 1e-6;
  c.ropeTheta = 10000.0;
  c.tieWordEmbeddings = o.tieEmbeddings;
  c.attentionBias = o.arch == QLatin1String("qwen2");
  c.maxPositionEmbeddings = o.maxPositions;
  c.bosTokenId = tokenizer->bosId();
  c.eosTokenIds = {tokenizer->eosId()};
  c.torchDtype = QStringLiteral("float32");

  // transformers' initialisation: normal(0, initializer_range) for matrices, zero biases, unit norms.
  torch::manual_seed(o.seed);
  torch::NoGradGuard noGrad;
  CausalLM model(c);
  for (auto& item : model->named_parameters(true)) {
    const std::string& name = item.key();
    torch::Tensor p = item.value();
    if (name.find("norm") != std::string::npos) p.fill_(1.0);
    else if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0) p.zero_();
    else p.normal_(0.0, o.initStd);
  }
  const auto weights = namedWeights(model, torch::kFloat32);
  QList<TensorToWrite> tensors;
  for (const auto& [name, t] : weights)
    tensors.append({QString::fromStdString(name), DType::F32,
                    std::vector<int64_t>(t.sizes().begin(), t.sizes().end()), t.data_ptr(),
                    static_cast<qint64>(t.numel() * t.element_size())});
  if (!writeSafetensors(QDir(dir).filePath(QStringLiteral("model.safetensors")), tensors,
                        {{QStringLiteral("format"), QStringLiteral("pt")}}, error))
    return false;
  if (!writeJson(QDir(dir).filePath(QStringLiteral("config.json")), c.toJson(), error)) return false;
  const QJsonObject tokenizerConfig{
      {QStringLiteral("tokenizer_class"), QStringLiteral("LlamaTokenizer")},
      {QStringLiteral("bos_token"), tokenizer->idToPiece(tokenizer->bosId())},
      {QStringLiteral("eos_token"), tokenizer->idToPiece(tokenizer->eosId())},
      {QStringLiteral("unk_token"), tokenizer->idToPiece(tokenizer->unkId())},
      {QStringLiteral("add_bos_token"), true},
      {QStringLiteral("add_eos_token"), false},
      {QStringLiteral("model_max_length"), o.maxPositions},
      // A plain-text layout: the small vocabulary has no ChatML marker tokens.
      {QStringLiteral("chat_template"), chatTemplateJinja(ChatTemplateFamily::Alpaca)},
  };
  if (!writeJson(QDir(dir).filePath(QStringLiteral("tokenizer_config.json")), tokenizerConfig, error))
    return false;
  const QJsonObject generation{{QStringLiteral("bos_token_id"), c.bosTokenId},
                               {QStringLiteral("eos_token_id"), c.eosTokenIds.first()},
                               {QStringLiteral("do_sample"), false}};
  if (!writeJson(QDir(dir).filePath(QStringLiteral("generation_config.json")), generation, error))
    return false;
  result->parameters = c.parameterCount();
  result->vocabSize = c.vocabSize;
  return true;
}

}  // namespace

bool createModel(const ModelCreateOptions& o, ModelCreateResult* result, QString* error) {
  if (!validate(o, error)) return false;
  // Built beside the target and renamed into place: no half-made model folder.
  const QString target = QFileInfo(o.outputFolder).absoluteFilePath();
  const QString temp = target + QStringLiteral(".partial-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
  if (!QDir().mkpath(temp)) {
    *error = QStringLiteral("Cannot create %1; is the parent folder writable?").arg(temp);
    return false;
  }
  if (!build(o, temp, result, error)) {
    QDir(temp).removeRecursively();
    return false;
  }
  QDir().rmdir(target);  // an empty target folder is allowed
  if (!QDir().rename(temp, target)) {
    *error = QStringLiteral("Cannot move the new model into place as %1.").arg(target);
    QDir(temp).removeRecursively();
    return false;
  }
  return true;
}

}  // namespace Atelier
