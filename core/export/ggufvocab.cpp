#include "ggufvocab.h"

#include "tokenizer/hf/hftokenizer.h"
#include "tokenizer/sentencepiecetokenizer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Atelier {

namespace {

// llama.cpp's token types (the same numbers as sentencepiece's piece types).
enum TokenType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

// The split patterns of the byte-level tokenizers llama.cpp reproduces,
// exactly as their tokenizer.json files write them.
const char* const kLlama3Split =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const char* const kQwen2Split =
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

bool readJsonObject(const QString& path, QJsonObject* out, QString* error) {
  QFile f(path);
  if (f.size() > 512LL * 1024 * 1024 || !f.open(QIODevice::ReadOnly))
    return (*error = QStringLiteral("cannot read %1").arg(path), false);
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (!doc.isObject()) return (*error = QStringLiteral("%1 is not valid JSON: %2 at byte %3").arg(path, pe.errorString()).arg(pe.offset), false);
  *out = doc.object();
  return true;
}

QString chatTemplateOf(const QJsonObject& config) {
  const QJsonValue t = config.value(QStringLiteral("chat_template"));
  if (t.isString()) return t.toString();
  // Newer files list named templates; "default" is the one used for chat.
  for (const QJsonValue& v : t.toArray())
    if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("default"))
      return v.toObject().value(QStringLiteral("template")).toString();
  return {};
}

// The end-of-turn token of chat vocabularies, so llama.cpp stops after a reply
// even where it would not guess it from the token's text.
int endOfTurnId(const QStringList& tokens) {
  for (const char* text : {"<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>"}) {
    const int id = int(tokens.indexOf(QLatin1String(text)));
    if (id >= 0) return id;
  }
  return -1;
}

void addSpecialIds(GgufVocab* v) {
  auto id = [&](const char* key, int value) {
    if (value >= 0) v->metadata.append({QString::fromLatin1(key), GgufValue::u32(uint32_t(value))});
  };
  id("tokenizer.ggml.bos_token_id", v->bosId);
  id("tokenizer.ggml.eos_token_id", v->eosId);
  id("tokenizer.ggml.unknown_token_id", v->unkId);
  id("tokenizer.ggml.padding_token_id", v->padId);
  for (const GgufKeyValue& kv : v->metadata)
    if (kv.key == QLatin1String("tokenizer.ggml.tokens")) id("tokenizer.ggml.eot_token_id", endOfTurnId(kv.value.strings));
  v->metadata.append({QStringLiteral("tokenizer.ggml.add_bos_token"), GgufValue::boolean(v->addBos)});
  v->metadata.append({QStringLiteral("tokenizer.ggml.add_eos_token"), GgufValue::boolean(false)});
  if (!v->chatTemplate.isEmpty()) v->metadata.append({QStringLiteral("tokenizer.chat_template"), GgufValue::string(v->chatTemplate)});
}

bool padTokens(QStringList* tokens, std::vector<double>* types, std::vector<double>* scores, int rows,
               const QString& file, QString* error) {
  if (tokens->size() > rows)
    return (*error = QStringLiteral("%1 has %2 tokens but the model's embedding has only %3 rows: the tokenizer "
                                    "does not belong to this model")
                         .arg(file).arg(tokens->size()).arg(rows), false);
  // Rows the tokenizer never produces (vocab_size rounded up): unused tokens.
  for (int i = int(tokens->size()); i < rows; ++i) {
    tokens->append(QStringLiteral("[PAD%1]").arg(i));
    types->push_back(Unused);
    if (scores) scores->push_back(-1000.0);
  }
  return true;
}

bool sentencePieceVocab(const QString& path, int rows, GgufVocab* v, QString* error) {
  auto spm = SentencePieceTokenizer::load(path, error);
  if (!spm) return false;
  QStringList tokens;
  std::vector<double> scores, types;
  for (int i = 0; i < spm->vocabSize(); ++i) {
    tokens.append(spm->idToPiece(i));
    scores.push_back(spm->score(i));
    types.push_back(spm->pieceType(i));
  }
  if (!padTokens(&tokens, &types, &scores, rows, path, error)) return false;
  v->model = QStringLiteral("llama");
  v->tokens = spm->vocabSize();
  v->bosId = spm->bosId();
  v->eosId = spm->eosId();
  v->unkId = spm->unkId();
  v->padId = spm->padId();
  // llama.cpp's sentencepiece tokenizer does not normalize text. A model
  // trained with sentencepiece's default normalization (nmt_nfkc, extra
  // spaces removed) turns line breaks into spaces; llama.cpp keeps them as
  // byte tokens, so such prompts are read differently there.
  const QString probe = QStringLiteral("a\n\nb  c");
  std::vector<int32_t> probeIds;
  QString roundTrip;
  if (spm->encode(probe, &probeIds) && spm->decode(probeIds, &roundTrip) && roundTrip != probe)
    v->warnings << QStringLiteral(
        "%1 normalizes text (line breaks become spaces, repeated spaces are merged); llama.cpp, Ollama and LM Studio "
        "do not, so prompts with line breaks are tokenized differently there and answers can differ. Tokenizers of "
        "published models (Llama, Mistral) do not normalize; retrain this tokenizer with normalization_rule_name=identity "
        "and remove_extra_whitespaces=false to match exactly.").arg(path);
  // Whether the model puts "▁" before the first word (sentencepiece's add_dummy_prefix).
  std::vector<int32_t> ids;
  const bool spacePrefix = spm->encode(QStringLiteral("a"), &ids) && !ids.empty() &&
                           spm->idToPiece(ids.front()).startsWith(QChar(0x2581));
  v->metadata = {{QStringLiteral("tokenizer.ggml.model"), GgufValue::string(v->model)},
                 {QStringLiteral("tokenizer.ggml.tokens"), GgufValue::stringArray(tokens)},
                 {QStringLiteral("tokenizer.ggml.scores"), GgufValue::numberArray(GgufValueType::Float32, scores)},
                 {QStringLiteral("tokenizer.ggml.token_type"), GgufValue::numberArray(GgufValueType::Int32, types)},
                 {QStringLiteral("tokenizer.ggml.add_space_prefix"), GgufValue::boolean(spacePrefix)}};
  return true;
}

bool byteLevelVocab(const QString& path, const QString& configPath, int rows, GgufVocab* v, QString* error) {
  QFile f(path);
  if (f.size() > 512LL * 1024 * 1024 || !f.open(QIODevice::ReadOnly)) return (*error = QStringLiteral("cannot read %1").arg(path), false);
  const QByteArray bytes = f.readAll();
  QString why;
  v->pre = ggufPreTokenizerName(bytes, &why);
  if (v->pre.isEmpty()) return (*error = QStringLiteral("%1: %2").arg(path, why), false);
  const QJsonObject root = QJsonDocument::fromJson(bytes).object();
  const QJsonObject model = root.value(QStringLiteral("model")).toObject();
  if (model.value(QStringLiteral("type")).toString() != QLatin1String("BPE"))
    return (*error = QStringLiteral("%1: model.type is \"%2\"; GGUF export handles BPE tokenizers")
                         .arg(path, model.value(QStringLiteral("type")).toString()), false);
  const QJsonObject vocab = model.value(QStringLiteral("vocab")).toObject();
  int size = 0;
  for (auto it = vocab.begin(); it != vocab.end(); ++it) size = qMax(size, it.value().toInt() + 1);
  const QJsonArray added = root.value(QStringLiteral("added_tokens")).toArray();
  for (const QJsonValue& a : added) size = qMax(size, a.toObject().value(QStringLiteral("id")).toInt() + 1);
  QVector<QString> byId(size);
  std::vector<double> types(size_t(size), Normal);
  for (auto it = vocab.begin(); it != vocab.end(); ++it) byId[it.value().toInt()] = it.key();
  for (const QJsonValue& a : added) {
    const QJsonObject o = a.toObject();
    const int id = o.value(QStringLiteral("id")).toInt();
    byId[id] = o.value(QStringLiteral("content")).toString();
    types[size_t(id)] = o.value(QStringLiteral("special")).toBool() ? Control : UserDefined;
  }
  QStringList tokens;
  for (int i = 0; i < size; ++i) {
    if (byId[i].isNull()) {  // a hole in the ids: keep positions, mark it unused
      byId[i] = QStringLiteral("[PAD%1]").arg(i);
      types[size_t(i)] = Unused;
    }
    tokens.append(byId[i]);
  }
  QStringList merges;
  for (const QJsonValue& m : model.value(QStringLiteral("merges")).toArray()) {
    if (m.isString()) merges.append(m.toString());
    else merges.append(m.toArray().at(0).toString() + QLatin1Char(' ') + m.toArray().at(1).toString());
  }
  if (!padTokens(&tokens, &types, nullptr, rows, path, error)) return false;
  auto hf = HfTokenizer::load(path, configPath, error);
  if (!hf) return false;
  v->model = QStringLiteral("gpt2");
  v->tokens = size;
  v->bosId = hf->bosId();
  v->eosId = hf->eosId();
  v->unkId = hf->unkId();
  v->padId = hf->padId();
  v->metadata = {{QStringLiteral("tokenizer.ggml.model"), GgufValue::string(v->model)},
                 {QStringLiteral("tokenizer.ggml.pre"), GgufValue::string(v->pre)},
                 {QStringLiteral("tokenizer.ggml.tokens"), GgufValue::stringArray(tokens)},
                 {QStringLiteral("tokenizer.ggml.token_type"), GgufValue::numberArray(GgufValueType::Int32, types)},
                 {QStringLiteral("tokenizer.ggml.merges"), GgufValue::stringArray(merges)}};
  return true;
}

}  // namespace

QString ggufPreTokenizerName(const QByteArray& tokenizerJson, QString* why) {
  const QJsonObject pre = QJsonDocument::fromJson(tokenizerJson).object().value(QStringLiteral("pre_tokenizer")).toObject();
  const QString type = pre.value(QStringLiteral("type")).toString();
  if (type == QLatin1String("ByteLevel")) {
    if (pre.value(QStringLiteral("add_prefix_space")).toBool() || !pre.value(QStringLiteral("use_regex")).toBool(true)) {
      *why = QStringLiteral("a ByteLevel pre-tokenizer with add_prefix_space or without use_regex has no llama.cpp equivalent");
      return {};
    }
    return QStringLiteral("gpt-2");
  }
  if (type == QLatin1String("Sequence")) {
    const QJsonArray steps = pre.value(QStringLiteral("pretokenizers")).toArray();
    if (steps.size() == 2) {
      const QJsonObject split = steps.at(0).toObject(), level = steps.at(1).toObject();
      const QString regex = split.value(QStringLiteral("pattern")).toObject().value(QStringLiteral("Regex")).toString();
      const bool shape = split.value(QStringLiteral("type")).toString() == QLatin1String("Split") &&
                         split.value(QStringLiteral("behavior")).toString() == QLatin1String("Isolated") &&
                         level.value(QStringLiteral("type")).toString() == QLatin1String("ByteLevel") &&
                         !level.value(QStringLiteral("add_prefix_space")).toBool() &&
                         !level.value(QStringLiteral("use_regex")).toBool(true);
      if (shape && regex == QLatin1String(kLlama3Split)) return QStringLiteral("llama-bpe");
      if (shape && regex == QLatin1String(kQwen2Split)) return QStringLiteral("qwen2");
      // SmolLM: single digits split off, then GPT-2's byte-level split.
      if (split.value(QStringLiteral("type")).toString() == QLatin1String("Digits") &&
          split.value(QStringLiteral("individual_digits")).toBool() &&
          level.value(QStringLiteral("type")).toString() == QLatin1String("ByteLevel") &&
          !level.value(QStringLiteral("add_prefix_space")).toBool() && level.value(QStringLiteral("use_regex")).toBool(true))
        return QStringLiteral("smollm");
    }
  }
  if (type == QLatin1String("Metaspace") || pre.isEmpty())
    *why = QStringLiteral("this is a sentencepiece-style tokenizer.json; GGUF export needs the model's tokenizer.model for it");
  else
    *why = QStringLiteral("its pre_tokenizer splits text in a way llama.cpp does not reproduce (known: GPT-2, Llama 3, Qwen2), "
                          "so the exported model would read text differently");
  return {};
}

bool buildGgufVocab(const QString& folder, int rows, GgufVocab* out, QString* error) {
  const QDir dir(folder);
  const QString json = dir.filePath(QStringLiteral("tokenizer.json"));
  const QString spm = dir.filePath(QStringLiteral("tokenizer.model"));
  const QString configPath = dir.filePath(QStringLiteral("tokenizer_config.json"));
  QJsonObject config;
  if (QFileInfo::exists(configPath) && !readJsonObject(configPath, &config, error)) return false;
  *out = GgufVocab{};
  bool ok = false;
  QString why;
  if (QFileInfo::exists(json)) {
    QFile f(json);
    const bool byteLevel = f.open(QIODevice::ReadOnly) && !ggufPreTokenizerName(f.readAll(), &why).isEmpty();
    if (byteLevel || !QFileInfo::exists(spm)) ok = byteLevelVocab(json, configPath, rows, out, error);
    else ok = sentencePieceVocab(spm, rows, out, error);
  } else if (QFileInfo::exists(spm)) {
    ok = sentencePieceVocab(spm, rows, out, error);
  } else {
    *error = QStringLiteral("%1 has no tokenizer (tokenizer.json or tokenizer.model): a GGUF file must carry its "
                            "tokenizer; copy the base model's tokenizer files into the folder").arg(folder);
    return false;
  }
  if (!ok) return false;
  const QJsonValue addBos = config.value(QStringLiteral("add_bos_token"));
  out->addBos = out->bosId >= 0 && (addBos.isBool() ? addBos.toBool() : true);
  out->chatTemplate = chatTemplateOf(config);
  addSpecialIds(out);
  return true;
}

}  // namespace Atelier
