#include "hftokenizer.h"

#include "addedtokens.h"
#include "bpemodel.h"
#include "decoders.h"
#include "normalizers.h"
#include "pretokenizers.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Atelier {
namespace {

// Real tokenizer.json files are up to a few tens of MB (Gemma's is ~35 MB);
// anything far beyond is not a tokenizer and would only exhaust memory.
constexpr qint64 kMaxTokenizerBytes = 200LL * 1024 * 1024;
constexpr qint64 kMaxConfigBytes = 32LL * 1024 * 1024;

bool readJsonObject(const QString& path, qint64 limit, QJsonObject* out, QString* error) {
  QFile f(path);
  if (!QFileInfo(path).isFile()) {
    *error = QStringLiteral("%1: no such file").arg(path);
    return false;
  }
  if (f.size() > limit) {
    *error = QStringLiteral("%1 is %2 MB, more than the %3 MB a tokenizer file can be")
                 .arg(path)
                 .arg(f.size() / (1024 * 1024))
                 .arg(limit / (1024 * 1024));
    return false;
  }
  if (!f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read: %2").arg(path, f.errorString());
    return false;
  }
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (pe.error != QJsonParseError::NoError) {
    *error = QStringLiteral("%1 is not valid JSON (%2 at byte %3)").arg(path, pe.errorString()).arg(pe.offset);
    return false;
  }
  if (!doc.isObject()) {
    *error = QStringLiteral("%1 must hold a JSON object").arg(path);
    return false;
  }
  *out = doc.object();
  return true;
}

// "bos_token": "<s>" or {"content": "<s>", ...}.
QString tokenText(const QJsonValue& v) {
  if (v.isString()) return v.toString();
  return v.toObject().value(QStringLiteral("content")).toString();
}

}  // namespace

struct HfTokenizer::Private {
  HfBpeModel model;
  std::unique_ptr<HfNormalizer> normalizer;
  std::unique_ptr<HfPreTokenizer> preTokenizer;
  std::unique_ptr<HfDecoder> decoder;
  HfAddedTokens added;
  std::vector<int32_t> prefixIds, suffixIds;  // the post-processor's single-sequence template
  int bos = -1, eos = -1, unk = -1, pad = -1;

  bool parsePostProcessor(const QJsonValue& v, const QString& where, QString* error);
  void resolveSpecialIds(const QJsonObject& config, const HfTokenizer& t);
  void encodePlain(const HfAddedTokens::Segment& s, std::vector<int32_t>* ids);
};

HfTokenizer::HfTokenizer() : d(new Private) {}
HfTokenizer::~HfTokenizer() = default;

bool HfTokenizer::Private::parsePostProcessor(const QJsonValue& v, const QString& where, QString* error) {
  if (v.isNull() || v.isUndefined()) return true;
  const QJsonObject o = v.toObject();
  const QString type = o.value(QStringLiteral("type")).toString();
  if (type == QLatin1String("ByteLevel")) return true;  // only trims offsets, which we do not report
  if (type == QLatin1String("Sequence")) {
    for (const QJsonValue& item : o.value(QStringLiteral("processors")).toArray())
      if (!parsePostProcessor(item, where, error)) return false;
    return true;
  }
  if (type != QLatin1String("TemplateProcessing")) {
    *error = QStringLiteral("%1: post_processor \"%2\" is not supported yet")
                 .arg(where, type.isEmpty() ? QStringLiteral("(no type)") : type);
    return false;
  }
  const QJsonObject specials = o.value(QStringLiteral("special_tokens")).toObject();
  bool afterSequence = false;
  for (const QJsonValue& piece : o.value(QStringLiteral("single")).toArray()) {
    const QJsonObject p = piece.toObject();
    if (p.contains(QStringLiteral("Sequence"))) {
      afterSequence = true;
      continue;
    }
    const QString name = p.value(QStringLiteral("SpecialToken")).toObject().value(QStringLiteral("id")).toString();
    const QJsonArray ids = specials.value(name).toObject().value(QStringLiteral("ids")).toArray();
    if (name.isEmpty() || ids.isEmpty()) {
      *error = QStringLiteral("%1: post_processor TemplateProcessing: \"single\" names the special token \"%2\", "
                              "which \"special_tokens\" does not give ids for").arg(where, name);
      return false;
    }
    for (const QJsonValue& id : ids) {
      if (!id.isDouble() || id.toDouble() < 0) {
        *error = QStringLiteral("%1: post_processor TemplateProcessing: special token \"%2\" has an invalid id")
                     .arg(where, name);
        return false;
      }
      (afterSequence ? suffixIds : prefixIds).push_back(id.toInt());
    }
  }
  return true;
}

std::unique_ptr<HfTokenizer> HfTokenizer::load(const QString& path, const QString& configPath, QString* error) {
  QString scratch;
  if (!error) error = &scratch;
  error->clear();
  QJsonObject root;
  if (!readJsonObject(path, kMaxTokenizerBytes, &root, error)) return nullptr;
  std::unique_ptr<HfTokenizer> t(new HfTokenizer);
  Private& p = *t->d;
  const QJsonValue model = root.value(QStringLiteral("model"));
  if (!model.isObject()) {
    *error = QStringLiteral("%1 has no \"model\" object; is it a tokenizer.json?").arg(path);
    return nullptr;
  }
  if (!p.model.load(model.toObject(), path, error)) return nullptr;
  p.normalizer = HfNormalizer::parse(root.value(QStringLiteral("normalizer")), path, error);
  if (!error->isEmpty()) return nullptr;
  p.preTokenizer = HfPreTokenizer::parse(root.value(QStringLiteral("pre_tokenizer")), path, error);
  if (!error->isEmpty()) return nullptr;
  p.decoder = HfDecoder::parse(root.value(QStringLiteral("decoder")), path, error);
  if (!error->isEmpty()) return nullptr;
  if (!p.parsePostProcessor(root.value(QStringLiteral("post_processor")), path, error)) return nullptr;
  const QJsonValue added = root.value(QStringLiteral("added_tokens"));
  if (!added.isArray() && !added.isUndefined() && !added.isNull()) {
    *error = QStringLiteral("%1: \"added_tokens\" must be a list").arg(path);
    return nullptr;
  }
  if (!p.added.load(added.toArray(), p.model, path, error)) return nullptr;
  const HfNormalizer* normalizer = p.normalizer.get();
  p.added.prepare([normalizer](const QString& s) { return normalizer ? normalizer->apply(s) : s; });
  for (const std::vector<int32_t>* ids : {&p.prefixIds, &p.suffixIds})
    for (int32_t id : *ids)
      if (t->idToPiece(id).isEmpty()) {
        *error = QStringLiteral("%1: post_processor adds token id %2, which is not in the vocabulary").arg(path).arg(id);
        return nullptr;
      }

  QJsonObject config;
  if (!configPath.isEmpty() && QFileInfo::exists(configPath) &&
      !readJsonObject(configPath, kMaxConfigBytes, &config, error))
    return nullptr;
  p.resolveSpecialIds(config, *t);
  return t;
}

// tokenizer_config.json decides where it names a token (null meaning "none");
// otherwise the post-processor's template and the usual token names do.
void HfTokenizer::Private::resolveSpecialIds(const QJsonObject& config, const HfTokenizer& t) {
  auto fromConfig = [&](const char* key, int* id) {
    if (!config.contains(QLatin1String(key))) return false;
    const QString text = tokenText(config.value(QLatin1String(key)));
    *id = text.isEmpty() ? -1 : t.pieceToId(text);
    return true;
  };
  auto firstKnown = [&](std::initializer_list<const char*> names) {
    for (const char* n : names) {
      const int id = t.pieceToId(QLatin1String(n));
      if (id >= 0) return id;
    }
    return -1;
  };
  if (!fromConfig("bos_token", &bos))
    bos = !prefixIds.empty() ? prefixIds.front() : firstKnown({"<s>", "<|begin_of_text|>", "<bos>"});
  if (!fromConfig("eos_token", &eos))
    eos = !suffixIds.empty() ? suffixIds.back() : firstKnown({"</s>", "<|end_of_text|>", "<|endoftext|>", "<eos>"});
  if (!fromConfig("unk_token", &unk)) unk = model.unkId();
  if (!fromConfig("pad_token", &pad)) pad = firstKnown({"<pad>", "<|pad|>", "[PAD]"});
}

void HfTokenizer::Private::encodePlain(const HfAddedTokens::Segment& s, std::vector<int32_t>* ids) {
  const QString normalized = normalizer ? normalizer->apply(s.text) : s.text;
  for (const HfAddedTokens::Segment& part : added.split(normalized, true, s.atStart)) {
    if (part.id >= 0) {
      ids->push_back(part.id);
      continue;
    }
    QList<HfPiece> pieces{{part.text, part.atStart}};
    if (preTokenizer) preTokenizer->apply(&pieces);
    for (const HfPiece& piece : pieces) model.tokenize(piece.text, ids);
  }
}

bool HfTokenizer::encode(const QString& text, std::vector<int32_t>* ids) {
  ids->clear();
  // Added tokens that are not normalized are cut from the raw text first;
  // the rest of the text is normalized, then cut at the normalized ones.
  for (const HfAddedTokens::Segment& s : d->added.split(text, false, true)) {
    if (s.id >= 0) ids->push_back(s.id);
    else d->encodePlain(s, ids);
  }
  return true;
}

bool HfTokenizer::encodeWithSpecialTokens(const QString& text, std::vector<int32_t>* ids) {
  std::vector<int32_t> body;
  if (!encode(text, &body)) return false;
  *ids = d->prefixIds;
  ids->insert(ids->end(), body.begin(), body.end());
  ids->insert(ids->end(), d->suffixIds.begin(), d->suffixIds.end());
  return true;
}

bool HfTokenizer::decode(const std::vector<int32_t>& ids, QString* text) { return decode(ids, false, text); }

bool HfTokenizer::decode(const std::vector<int32_t>& ids, bool skipSpecialTokens, QString* text) {
  QStringList tokens;
  tokens.reserve(int(ids.size()));
  for (int32_t id : ids) {
    if (const HfAddedToken* a = d->added.byId(id)) {
      if (!(skipSpecialTokens && a->special)) tokens << a->content;
      continue;
    }
    if (!d->model.hasId(id)) {
      mErrorString = QStringLiteral("token id %1 is not in the vocabulary (ids 0..%2)").arg(id).arg(vocabSize() - 1);
      return false;
    }
    tokens << d->model.idToToken(id);
  }
  *text = d->decoder ? d->decoder->apply(tokens).join(QString()) : tokens.join(QLatin1Char(' '));
  return true;
}

int HfTokenizer::vocabSize() const { return qMax(d->model.maxId(), d->added.maxId()) + 1; }

QString HfTokenizer::idToPiece(int id) const {
  if (const HfAddedToken* a = d->added.byId(id)) return a->content;
  return d->model.idToToken(id);
}

int HfTokenizer::pieceToId(const QString& piece) const {
  const int added = d->added.idOf(piece);
  return added >= 0 ? added : d->model.tokenToId(piece);
}

bool HfTokenizer::isSpecial(int id) const {
  const HfAddedToken* a = d->added.byId(id);
  return a && a->special;
}

int HfTokenizer::bosId() const { return d->bos; }
int HfTokenizer::eosId() const { return d->eos; }
int HfTokenizer::unkId() const { return d->unk; }
int HfTokenizer::padId() const { return d->pad; }

}  // namespace Atelier
