#include "modelconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace Atelier {
namespace {

// config.json is small; anything this large is not a config.
constexpr qint64 kMaxConfigBytes = 4 * 1024 * 1024;

class Reader {
 public:
  Reader(const QJsonObject& o, const QString& path, QString* error) : mO(o), mPath(path), mError(error) {}

  bool fail(const QString& field, const QString& what) {
    if (mOk) *mError = QStringLiteral("%1: field \"%2\" %3").arg(mPath, field, what);
    mOk = false;
    return false;
  }
  bool ok() const { return mOk; }
  bool has(const QString& key) const { return mO.contains(key) && !mO.value(key).isNull(); }

  int positiveInt(const QString& key, int fallback, bool required) {
    if (!has(key)) {
      if (required) fail(key, QStringLiteral("is missing"));
      return fallback;
    }
    const QJsonValue v = mO.value(key);
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d != static_cast<double>(static_cast<qint64>(d)) || d < 1 || d > 1e9) {
      fail(key, QStringLiteral("must be a positive whole number"));
      return fallback;
    }
    return static_cast<int>(d);
  }
  double positiveNumber(const QString& key, double fallback) {
    if (!has(key)) return fallback;
    const QJsonValue v = mO.value(key);
    if (!v.isDouble() || !(v.toDouble() > 0)) {
      fail(key, QStringLiteral("must be a positive number"));
      return fallback;
    }
    return v.toDouble();
  }
  bool boolean(const QString& key, bool fallback) {
    if (!has(key)) return fallback;
    if (!mO.value(key).isBool()) {
      fail(key, QStringLiteral("must be true or false"));
      return fallback;
    }
    return mO.value(key).toBool();
  }
  QString string(const QString& key) {
    if (!has(key)) return QString();
    if (!mO.value(key).isString()) {
      fail(key, QStringLiteral("must be a string"));
      return QString();
    }
    return mO.value(key).toString();
  }
  // Token ids: an int, or a list of ints (eos in Llama 3.1).
  QList<int> idList(const QString& key) {
    QList<int> out;
    if (!has(key)) return out;
    const QJsonValue v = mO.value(key);
    const QJsonArray items = v.isArray() ? v.toArray() : QJsonArray{v};
    for (const QJsonValue& item : items) {
      if (!item.isDouble() || item.toDouble() < 0 ||
          item.toDouble() != static_cast<double>(static_cast<qint64>(item.toDouble()))) {
        fail(key, QStringLiteral("must be a token id or a list of token ids"));
        return {};
      }
      out << static_cast<int>(item.toDouble());
    }
    return out;
  }
  QJsonObject object() const { return mO; }

 private:
  QJsonObject mO;
  QString mPath;
  QString* mError;
  bool mOk = true;
};

bool readRopeScaling(Reader& r, const QString& path, RopeScaling* out, QString* error) {
  const QJsonValue v = r.object().value(QStringLiteral("rope_scaling"));
  if (v.isUndefined() || v.isNull()) return true;
  if (!v.isObject()) return r.fail(QStringLiteral("rope_scaling"), QStringLiteral("must be an object or null"));
  Reader s(v.toObject(), path + QStringLiteral(" (rope_scaling)"), error);
  QString type = s.string(QStringLiteral("rope_type"));
  if (type.isEmpty()) type = s.string(QStringLiteral("type"));
  if (type == QLatin1String("default")) return true;
  if (type != QLatin1String("linear") && type != QLatin1String("llama3"))
    return r.fail(QStringLiteral("rope_scaling"),
                  QStringLiteral("has type \"%1\", which Atelier does not support yet (supported: "
                                 "linear, llama3)")
                      .arg(type));
  out->type = type;
  out->factor = s.positiveNumber(QStringLiteral("factor"), 1.0);
  if (type == QLatin1String("llama3")) {
    out->lowFreqFactor = s.positiveNumber(QStringLiteral("low_freq_factor"), 1.0);
    out->highFreqFactor = s.positiveNumber(QStringLiteral("high_freq_factor"), 4.0);
    out->originalMaxPositionEmbeddings =
        s.positiveInt(QStringLiteral("original_max_position_embeddings"), 8192, true);
    if (s.ok() && out->highFreqFactor <= out->lowFreqFactor)
      return r.fail(QStringLiteral("rope_scaling"),
                    QStringLiteral("needs high_freq_factor greater than low_freq_factor"));
  }
  return s.ok();
}

}  // namespace

QStringList ModelConfig::supportedModelTypes() {
  return {QStringLiteral("llama"), QStringLiteral("mistral"), QStringLiteral("qwen2")};
}

bool ModelConfig::fromJson(const QByteArray& json, const QString& path, ModelConfig* out,
                           QString* error) {
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
  if (parseError.error != QJsonParseError::NoError) {
    *error = QStringLiteral("%1 is not valid JSON (%2 at byte %3)")
                 .arg(path, parseError.errorString())
                 .arg(parseError.offset);
    return false;
  }
  if (!doc.isObject()) {
    *error = QStringLiteral("%1 must hold a JSON object").arg(path);
    return false;
  }
  Reader r(doc.object(), path, error);
  ModelConfig c;
  c.modelType = r.string(QStringLiteral("model_type"));
  if (!r.ok()) return false;
  if (!supportedModelTypes().contains(c.modelType)) {
    *error = QStringLiteral("%1: model_type \"%2\" is not supported. Atelier supports: %3.")
                 .arg(path, c.modelType.isEmpty() ? QStringLiteral("(missing)") : c.modelType,
                      supportedModelTypes().join(QStringLiteral(", ")));
    return false;
  }
  const QJsonValue archs = r.object().value(QStringLiteral("architectures"));
  if (archs.isArray() && !archs.toArray().isEmpty()) c.architecture = archs.toArray().first().toString();

  c.vocabSize = r.positiveInt(QStringLiteral("vocab_size"), 0, true);
  c.hiddenSize = r.positiveInt(QStringLiteral("hidden_size"), 0, true);
  c.intermediateSize = r.positiveInt(QStringLiteral("intermediate_size"), 0, true);
  c.numLayers = r.positiveInt(QStringLiteral("num_hidden_layers"), 0, true);
  c.numHeads = r.positiveInt(QStringLiteral("num_attention_heads"), 0, true);
  c.numKvHeads = r.positiveInt(QStringLiteral("num_key_value_heads"), c.numHeads, false);
  c.rmsNormEps = r.positiveNumber(QStringLiteral("rms_norm_eps"), 1e-6);
  c.ropeTheta = r.positiveNumber(QStringLiteral("rope_theta"), 10000.0);
  c.tieWordEmbeddings = r.boolean(QStringLiteral("tie_word_embeddings"),
                                  false);
  c.maxPositionEmbeddings = r.positiveInt(QStringLiteral("max_position_embeddings"), 2048, false);
  c.mlpBias = r.boolean(QStringLiteral("mlp_bias"), false);
  if (c.modelType == QLatin1String("qwen2")) {
    // Qwen2 always has q/k/v bias and no o_proj bias; the config does not say so.
    c.attentionBias = true;
    c.attentionOutBias = false;
  } else if (c.modelType == QLatin1String("llama")) {
    c.attentionBias = c.attentionOutBias = r.boolean(QStringLiteral("attention_bias"), false);
  }
  const QList<int> bos = r.idList(QStringLiteral("bos_token_id"));
  c.bosTokenId = bos.isEmpty() ? -1 : bos.first();
  c.eosTokenIds = r.idList(QStringLiteral("eos_token_id"));
  c.torchDtype = r.string(QStringLiteral("torch_dtype"));
  if (!r.ok() || !readRopeScaling(r, path, &c.ropeScaling, error)) return false;
  if (!r.ok()) return false;

  if (r.has(QStringLiteral("head_dim"))) {
    c.headDim = r.positiveInt(QStringLiteral("head_dim"), 0, true);
    if (!r.ok()) return false;
  } else {
    if (c.hiddenSize % c.numHeads != 0)
      return r.fail(QStringLiteral("num_attention_heads"),
                    QStringLiteral("(%1) must divide hidden_size (%2)").arg(c.numHeads).arg(c.hiddenSize));
    c.headDim = c.hiddenSize / c.numHeads;
  }
  if (c.numHeads % c.numKvHeads != 0)
    return r.fail(QStringLiteral("num_key_value_heads"),
                  QStringLiteral("(%1) must divide num_attention_heads (%2)").arg(c.numKvHeads).arg(c.numHeads));
  if (c.headDim % 2 != 0)
    return r.fail(QStringLiteral("head_dim"), QStringLiteral("must be even for rotary embeddings"));
  for (int id : std::as_const(c.eosTokenIds))
    if (id >= c.vocabSize)
      return r.fail(QStringLiteral("eos_token_id"), QStringLiteral("(%1) is outside the vocabulary").arg(id));
  if (c.bosTokenId >= c.vocabSize)
    return r.fail(QStringLiteral("bos_token_id"), QStringLiteral("(%1) is outside the vocabulary").arg(c.bosTokenId));
  *out = c;
  return true;
}

bool ModelConfig::load(const QString& folder, ModelConfig* out, QString* error) {
  const QString path = QFileInfo(folder).isDir() ? QDir(folder).filePath(QStringLiteral("config.json")) : folder;
  QFile f(path);
  if (!f.exists()) {
    *error = QStringLiteral("%1 has no config.json; is it a Hugging Face model folder?").arg(folder);
    return false;
  }
  if (f.size() > kMaxConfigBytes) {
    *error = QStringLiteral("%1 is %2 bytes, too large for a model config").arg(path).arg(f.size());
    return false;
  }
  if (!f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read: %2").arg(path, f.errorString());
    return false;
  }
  return fromJson(f.readAll(), path, out, error);
}

QJsonObject ModelConfig::toJson() const {
  static const QHash<QString, QString> archByType = {
      {QStringLiteral("llama"), QStringLiteral("LlamaForCausalLM")},
      {QStringLiteral("mistral"), QStringLiteral("MistralForCausalLM")},
      {QStringLiteral("qwen2"), QStringLiteral("Qwen2ForCausalLM")}};
  QJsonObject o{
      {QStringLiteral("architectures"),
       QJsonArray{architecture.isEmpty() ? archByType.value(modelType) : architecture}},
      {QStringLiteral("model_type"), modelType},
      {QStringLiteral("vocab_size"), vocabSize},
      {QStringLiteral("hidden_size"), hiddenSize},
      {QStringLiteral("intermediate_size"), intermediateSize},
      {QStringLiteral("num_hidden_layers"), numLayers},
      {QStringLiteral("num_attention_heads"), numHeads},
      {QStringLiteral("num_key_value_heads"), numKvHeads},
      {QStringLiteral("head_dim"), headDim},
      {QStringLiteral("rms_norm_eps"), rmsNormEps},
      {QStringLiteral("rope_theta"), ropeTheta},
      {QStringLiteral("tie_word_embeddings"), tieWordEmbeddings},
      {QStringLiteral("max_position_embeddings"), maxPositionEmbeddings},
      {QStringLiteral("hidden_act"), QStringLiteral("silu")},
      {QStringLiteral("torch_dtype"), torchDtype.isEmpty() ? QStringLiteral("float32") : torchDtype},
  };
  if (modelType == QLatin1String("llama")) {
    o.insert(QStringLiteral("attention_bias"), attentionBias);
    o.insert(QStringLiteral("mlp_bias"), mlpBias);
  }
  if (bosTokenId >= 0) o.insert(QStringLiteral("bos_token_id"), bosTokenId);
  if (eosTokenIds.size() == 1) o.insert(QStringLiteral("eos_token_id"), eosTokenIds.first());
  else if (!eosTokenIds.isEmpty()) {
    QJsonArray ids;
    for (int id : eosTokenIds) ids.append(id);
    o.insert(QStringLiteral("eos_token_id"), ids);
  }
  if (!ropeScaling.type.isEmpty()) {
    QJsonObject s{{QStringLiteral("rope_type"), ropeScaling.type}, {QStringLiteral("factor"), ropeScaling.factor}};
    if (ropeScaling.type == QLatin1String("llama3")) {
      s.insert(QStringLiteral("low_freq_factor"), ropeScaling.lowFreqFactor);
      s.insert(QStringLiteral("high_freq_factor"), ropeScaling.highFreqFactor);
      s.insert(QStringLiteral("original_max_position_embeddings"), ropeScaling.originalMaxPositionEmbeddings);
    }
    o.insert(QStringLiteral("rope_scaling"), s);
  }
  return o;
}

qint64 ModelConfig::parameterCount() const {
  const qint64 h = hiddenSize, q = qint64(numHeads) * headDim, kv = kvDim(), f = intermediateSize;
  qint64 attention = h * q + 2 * h * kv + q * h;
  if (attentionBias) attention += q + 2 * kv;
  if (attentionOutBias) attention += h;
  qint64 mlp = 3 * h * f + (mlpBias ? 2 * f + h : 0);
  const qint64 perLayer = attention + mlp + 2 * h;
  const qint64 embeddings = qint64(vocabSize) * h;
  return embeddings + qint64(numLayers) * perLayer + h + (tieWordEmbeddings ? 0 : embeddings);
}

}  // namespace Atelier
