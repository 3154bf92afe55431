#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Atelier {

// rope_scaling from config.json. Only the kinds listed in supportedRopeScaling()
// are accepted; anything else is refused rather than silently ignored, since
// wrong positions give a model that loads but writes nonsense.
struct RopeScaling {
  QString type;  // "" (none), "linear", "llama3"
  double factor = 1.0;
  double lowFreqFactor = 1.0;
  double highFreqFactor = 4.0;
  int originalMaxPositionEmbeddings = 8192;
};

// The architecture facts of a Llama-family model, read from config.json.
struct ModelConfig {
  QString modelType;     // "llama", "mistral", "qwen2"
  QString architecture;  // e.g. "LlamaForCausalLM"
  int vocabSize = 0;
  int hiddenSize = 0;
  int intermediateSize = 0;
  int numLayers = 0;
  int numHeads = 0;
  int numKvHeads = 0;
  int headDim = 0;
  double rmsNormEps = 1e-6;
  double ropeTheta = 10000.0;
  RopeScaling ropeScaling;
  bool tieWordEmbeddings = false;
  bool attentionBias = false;    // bias on q, k, v (Qwen2; Llama's attention_bias)
  bool attentionOutBias = false; // bias on o_proj (Llama's attention_bias only)
  bool mlpBias = false;
  int maxPositionEmbeddings = 2048;
  int bosTokenId = -1;
  QList<int> eosTokenIds;
  QString torchDtype;  // as written in config.json, informational

  static QStringList supportedModelTypes();

  // Parses and validates; errors name `sourcePath` and the field.
  static bool fromJson(const QByteArray& json, const QString& sourcePath, ModelConfig* out,
                       QString* error);
  // Reads <folder>/config.json.
  static bool load(const QString& folder, ModelConfig* out, QString* error);

  // config.json as transformers writes it for this architecture.
  QJsonObject toJson() const;

  qint64 parameterCount() const;
  int kvDim() const { return numKvHeads * headDim; }
};

}  // namespace Atelier
