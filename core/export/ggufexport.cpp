#include "ggufexport.h"

#include "gguffile.h"
#include "ggufvocab.h"

#include "inference/chatprompt.h"
#include "model/modelloader.h"
#include "peft/lora.h"
#include "tokenizer/tokenizerloader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QUuid>

#include <c10/util/Half.h>

#include <cmath>
#include <cstring>

namespace Atelier {

QStringList ggufExportTypes() { return {QStringLiteral("f32"), QStringLiteral("f16"), QStringLiteral("q8_0")}; }

namespace {

// llama.cpp's file_type values (LLAMA_FTYPE_*).
uint32_t fileTypeNumber(const QString& type) { return type == QLatin1String("f32") ? 0 : type == QLatin1String("f16") ? 1 : 7; }

QString ggufArchitecture(const QString& modelType) {
  if (modelType == QLatin1String("llama") || modelType == QLatin1String("mistral")) return QStringLiteral("llama");
  if (modelType == QLatin1String("qwen2")) return QStringLiteral("qwen2");
  return {};
}

// Hugging Face parameter name → llama.cpp tensor name; empty for none.
QString ggufTensorName(const std::string& hf) {
  static const std::vector<std::pair<std::string, std::string>> layerParts = {
      {"input_layernorm", "attn_norm"}, {"post_attention_layernorm", "ffn_norm"}, {"self_attn.q_proj", "attn_q"},
      {"self_attn.k_proj", "attn_k"},   {"self_attn.v_proj", "attn_v"},           {"self_attn.o_proj", "attn_output"},
      {"mlp.gate_proj", "ffn_gate"},    {"mlp.up_proj", "ffn_up"},                {"mlp.down_proj", "ffn_down"}};
  if (hf == "model.embed_tokens.weight") return QStringLiteral("token_embd.weight");
  if (hf == "model.norm.weight") return QStringLiteral("output_norm.weight");
  if (hf == "lm_head.weight") return QStringLiteral("output.weight");
  const std::string prefix = "model.layers.";
  if (hf.rfind(prefix, 0) != 0) return {};
  const size_t dot = hf.find('.', prefix.size());
  const std::string layer = hf.substr(prefix.size(), dot - prefix.size());
  const std::string rest = hf.substr(dot + 1);  // e.g. "self_attn.q_proj.weight"
  const size_t last = rest.rfind('.');
  const std::string module = rest.substr(0, last), param = rest.substr(last + 1);
  for (const auto& [from, to] : layerParts)
    if (module == from) return QString::fromStdString("blk." + layer + "." + to + "." + param);
  return {};
}

// llama.cpp's `llama` graph applies RoPE to interleaved pairs (x0,x1),(x2,x3)…
// while Hugging Face rotates the two halves of each head. Reordering the rows
// of each head of Q and K (first half and second half interleaved) makes the
// two agree; qwen2 uses the half-split (NEOX) form and needs no reordering.
torch::Tensor permuteForLlamaRope(const torch::Tensor& w, int64_t heads) {
  const int64_t rows = w.size(0);
  std::vector<int64_t> shape = {heads, 2, rows / heads / 2};
  for (int64_t d = 1; d < w.dim(); ++d) shape.push_back(w.size(d));
  return w.reshape(shape).transpose(1, 2).reshape(w.sizes()).contiguous();
}

QByteArray rawBytes(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  return QByteArray(static_cast<const char*>(c.data_ptr()), int(c.numel() * c.element_size()));
}

// ggml's reference Q8_0: per block of 32, d = max|x| / 127 (stored as f16),
// q = round(x / d) (halves away from zero).
QByteArray quantizeQ8_0(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat32).contiguous();
  const float* x = c.data_ptr<float>();
  const int64_t blocks = c.numel() / kQ8BlockSize;
  QByteArray out(int(blocks * (2 + kQ8BlockSize)), Qt::Uninitialized);
  char* y = out.data();
  for (int64_t b = 0; b < blocks; ++b, x += kQ8BlockSize, y += 2 + kQ8BlockSize) {
    float amax = 0.0f;
    for (int j = 0; j < kQ8BlockSize; ++j) amax = std::max(amax, std::fabs(x[j]));
    const float d = amax / 127.0f;
    const float id = d != 0.0f ? 1.0f / d : 0.0f;
    const c10::Half h(d);
    uint16_t bits;
    std::memcpy(&bits, &h.x, 2);
    y[0] = char(bits & 0xff);
    y[1] = char(bits >> 8);
    for (int j = 0; j < kQ8BlockSize; ++j) y[2 + j] = char(int8_t(std::roundf(x[j] * id)));
  }
  return out;
}

GgmlType tensorType(const QString& requested, const torch::Tensor& t) {
  if (t.dim() < 2 || requested == QLatin1String("f32")) return GgmlType::F32;  // norms and biases stay f32, as llama.cpp wants
  if (requested == QLatin1String("q8_0") && t.size(-1) % kQ8BlockSize == 0) return GgmlType::Q8_0;
  return GgmlType::F16;  // f16, or Q8_0 rows not divisible into blocks
}

GgufTensor makeTensor(const QString& name, const torch::Tensor& weight, GgmlType type) {
  GgufTensor t;
  t.name = name;
  for (int64_t d = weight.dim() - 1; d >= 0; --d) t.dims.push_back(weight.size(d));
  t.type = type;
  t.produce = [weight, type]() {
    if (type == GgmlType::F32) return rawBytes(weight.to(torch::kFloat32));
    if (type == GgmlType::F16) return rawBytes(weight.to(torch::kFloat16));
    return quantizeQ8_0(weight);
  };
  return t;
}

// llama3-style RoPE scaling: llama.cpp divides each frequency by a factor read
// from the rope_freqs tensor, computed as transformers computes the scaled frequencies.
torch::Tensor llama3RopeFactors(const ModelConfig& c) {
  const RopeScaling& s = c.ropeScaling;
  const double lowWavelen = s.originalMaxPositionEmbeddings / s.lowFreqFactor;
  const double highWavelen = s.originalMaxPositionEmbeddings / s.highFreqFactor;
  std::vector<float> factors;
  for (int i = 0; i < c.headDim; i += 2) {
    const double freq = 1.0 / std::pow(c.ropeTheta, double(i) / c.headDim);
    const double wavelen = 2 * M_PI / freq;
    if (wavelen < highWavelen) factors.push_back(1.0f);
    else if (wavelen > lowWavelen) factors.push_back(float(s.factor));
    else {
      const double smooth = (s.originalMaxPositionEmbeddings / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
      factors.push_back(float(1.0 / ((1 - smooth) / s.factor + smooth)));
    }
  }
  return torch::tensor(factors);
}

QList<GgufKeyValue> modelMetadata(const ModelConfig& c, const QString& arch, const QString& name, const QString& type) {
  auto key = [&](const char* k) { return arch + QLatin1Char('.') + QLatin1String(k); };
  QList<GgufKeyValue> m = {
      {QStringLiteral("general.architecture"), GgufValue::string(arch)},
      {QStringLiteral("general.name"), GgufValue::string(name)},
      {QStringLiteral("general.file_type"), GgufValue::u32(fileTypeNumber(type))},
      {QStringLiteral("general.alignment"), GgufValue::u32(kGgufAlignment)},
      {key("context_length"), GgufValue::u32(uint32_t(c.maxPositionEmbeddings))},
      {key("embedding_length"), GgufValue::u32(uint32_t(c.hiddenSize))},
      {key("block_count"), GgufValue::u32(uint32_t(c.numLayers))},
      {key("feed_forward_length"), GgufValue::u32(uint32_t(c.intermediateSize))},
      {key("attention.head_count"), GgufValue::u32(uint32_t(c.numHeads))},
      {key("attention.head_count_kv"), GgufValue::u32(uint32_t(c.numKvHeads))},
      {key("attention.key_length"), GgufValue::u32(uint32_t(c.headDim))},
      {key("attention.value_length"), GgufValue::u32(uint32_t(c.headDim))},
      {key("rope.dimension_count"), GgufValue::u32(uint32_t(c.headDim))},
      {key("rope.freq_base"), GgufValue::f32(float(c.ropeTheta))},
      {key("attention.layer_norm_rms_epsilon"), GgufValue::f32(float(c.rmsNormEps))},
      {key("vocab_size"), GgufValue::u32(uint32_t(c.vocabSize))},
  };
  if (type == QLatin1String("q8_0")) m.append({QStringLiteral("general.quantization_version"), GgufValue::u32(2)});
  if (c.ropeScaling.type == QLatin1String("linear")) {
    m.append({key("rope.scaling.type"), GgufValue::string(QStringLiteral("linear"))});
    m.append({key("rope.scaling.factor"), GgufValue::f32(float(c.ropeScaling.factor))});
  }
  return m;
}

bool cancelled(const GgufExportOptions& o, double fraction) { return o.progress && !o.progress(fraction); }

// Reads the written file back: the same metadata keys, tensor names, shapes
// and types, and every tensor's bytes equal to what was meant to be written.
bool verifyWritten(const QString& path, const QList<GgufKeyValue>& metadata, const QList<GgufTensor>& tensors,
                   GgufExportResult* r, QString* error) {
  GgufContents read;
  if (!readGguf(path, &read, error)) return false;
  if (read.metadata.size() != metadata.size() || read.tensors.size() != tensors.size())
    return (*error = QStringLiteral("read-back check failed: %1 holds %2 keys and %3 tensors, %4 and %5 were written")
                         .arg(path).arg(read.metadata.size()).arg(read.tensors.size()).arg(metadata.size()).arg(tensors.size()), false);
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return (*error = QStringLiteral("cannot reopen %1").arg(path), false);
  const uchar* map = f.map(0, f.size());
  for (int i = 0; i < tensors.size(); ++i) {
    const GgufTensor& t = tensors[i];
    const GgufTensorInfo& info = read.tensors[i];
    if (info.name != t.name || info.dims != t.dims || info.type != uint32_t(t.type))
      return (*error = QStringLiteral("read-back check failed at tensor %1 (%2)").arg(i).arg(t.name), false);
    const QByteArray expected = t.produce();
    if (!map || std::memcmp(map + read.dataOffset + info.offset, expected.constData(), size_t(expected.size())) != 0)
      return (*error = QStringLiteral("read-back check failed: the bytes of %1 differ on disk").arg(t.name), false);
  }
  f.unmap(const_cast<uchar*>(map));
  f.seek(0);
  QCryptographicHash hash(QCryptographicHash::Sha256);
  hash.addData(&f);
  r->sha256 = QString::fromLatin1(hash.result().toHex());
  r->bytes = qint64(read.fileSize);
  r->tensors = int(read.tensors.size());
  r->metadata = int(read.metadata.size());
  return true;
}

}  // namespace

bool exportGguf(const GgufExportOptions& o, GgufExportResult* r, QString* error) {
  QElapsedTimer timer;
  timer.start();
  *r = GgufExportResult{};
  if (!ggufExportTypes().contains(o.type))
    return (*error = QStringLiteral("unknown GGUF type \"%1\": use f32, f16 or q8_0").arg(o.type), false);
  if (QFileInfo::exists(o.out))
    return (*error = QStringLiteral("%1 already exists: choose a new file name").arg(o.out), false);
  ModelConfig config;
  if (!ModelConfig::load(o.model, &config, error)) return false;
  r->architecture = ggufArchitecture(config.modelType);
  if (r->architecture.isEmpty())
    return (*error = QStringLiteral("%1: model_type \"%2\" cannot be exported to GGUF yet (llama, mistral and qwen2 can)")
                         .arg(o.model, config.modelType), false);
  if (!config.ropeScaling.type.isEmpty() && config.ropeScaling.type != QLatin1String("linear") &&
      config.ropeScaling.type != QLatin1String("llama3"))
    return (*error = QStringLiteral("%1: rope_scaling \"%2\" has no GGUF export").arg(o.model, config.ropeScaling.type), false);
  if (config.mlpBias || (config.attentionOutBias && r->architecture == QLatin1String("qwen2")))
    return (*error = QStringLiteral("%1: biases on the MLP or attention output are not supported by llama.cpp's %2 loader")
                         .arg(o.model, r->architecture), false);
  GgufVocab vocab;
  if (!buildGgufVocab(o.model, config.vocabSize, &vocab, error)) return false;
  r->tokenizer = vocab.model;
  r->warnings = vocab.warnings;
  if (vocab.chatTemplate.isEmpty()) {
    // A base model without a template is tuned and chatted with in Atelier's
    // default layout; the GGUF carries that template so other tools match.
    auto tokenizer = loadModelTokenizer(o.model, error);
    ChatTemplate chat;
    if (!tokenizer || !modelChatTemplate(o.model, tokenizer.get(), QString(), &chat, error)) return false;
    const QString jinja = chatTemplateJinjaForVariant(chat.variant);
    if (!jinja.isEmpty()) vocab.metadata.append({QStringLiteral("tokenizer.chat_template"), GgufValue::string(jinja)});
  }

  CausalLM model{nullptr};
  if (!loadCausalLM(o.model, torch::kCPU, torch::kFloat32, &model, error,
                    [&](double f) { return !cancelled(o, 0.3 * f); }))
    return false;
  if (!o.adapter.isEmpty()) {
    LoraConfig lora;
    if (!loadAdapter(model, o.adapter, &lora, error)) return false;
    mergeLora(model);
  }
  if (cancelled(o, 0.35)) return (*error = QStringLiteral("export cancelled"), false);

  const bool llamaRope = r->architecture == QLatin1String("llama");
  QList<GgufTensor> tensors;
  if (config.ropeScaling.type == QLatin1String("llama3"))
    tensors.append(makeTensor(QStringLiteral("rope_freqs.weight"), llama3RopeFactors(config), GgmlType::F32));
  for (auto& [hfName, weight] : namedWeights(model, torch::kFloat32)) {
    if (hfName.find("lora_") != std::string::npos) continue;
    const QString name = ggufTensorName(hfName);
    if (name.isEmpty())
      return (*error = QStringLiteral("%1: parameter %2 has no GGUF name").arg(o.model, QString::fromStdString(hfName)), false);
    torch::Tensor w = weight.detach();
    if (llamaRope && name.contains(QLatin1String(".attn_q.")))
      w = permuteForLlamaRope(w, config.numHeads);
    else if (llamaRope && name.contains(QLatin1String(".attn_k.")))
      w = permuteForLlamaRope(w, config.numKvHeads);
    tensors.append(makeTensor(name, w, tensorType(o.type, w)));
  }
  QList<GgufKeyValue> metadata =
      modelMetadata(config, r->architecture, o.name.isEmpty() ? QFileInfo(o.model).fileName() : o.name, o.type);
  metadata += vocab.metadata;

  const QFileInfo out(o.out);
  if (!QDir().mkpath(out.absolutePath())) return (*error = QStringLiteral("cannot create %1").arg(out.absolutePath()), false);
  const QString temp = QDir(out.absolutePath())
                           .filePath(QStringLiteral(".%1.partial-%2").arg(out.fileName(), QUuid::createUuid().toString(QUuid::Id128).left(8)));
  auto fail = [&](const QString& why) {
    QFile::remove(temp);
    *error = why;
    return false;
  };
  QFile file(temp);
  if (!file.open(QIODevice::WriteOnly)) return fail(QStringLiteral("cannot create %1: %2").arg(temp, file.errorString()));
  const bool written = writeGguf(&file, metadata, tensors, error, [&](int done, int total) {
    return !cancelled(o, 0.35 + 0.5 * done / total);
  });
  if (!written || !file.flush()) return fail(*error);
  file.close();
  if (cancelled(o, 0.86)) return fail(QStringLiteral("export cancelled"));
  if (!verifyWritten(temp, metadata, tensors, r, error)) return fail(*error);
  if (cancelled(o, 0.99)) return fail(QStringLiteral("export cancelled"));
  if (QFileInfo::exists(o.out) || !QFile::rename(temp, o.out))
    return fail(QStringLiteral("cannot move the export to %1 (does it exist already?)").arg(o.out));
  r->path = out.absoluteFilePath();
  r->seconds = timer.elapsed() / 1000.0;
  if (o.progress) o.progress(1.0);
  return true;
}

}  // namespace Atelier
