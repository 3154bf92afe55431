#include "hftokenizer.h"

#include "bpemodel.h"
#include "hfcomponents.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Atelier {
namespace {

constexpr qint64 kMaxTokenizerBytes = 200LL * 1024 * 1024;

struct AddedToken {
  int id = -1;
  QString content;
  bool special = false;
  bool singleWord = false, lstrip = false, rstrip = false;
};

// A piece of input: plain text, or an added token already resolved to its id.
struct Segment {
  QString text;
  int addedId = -1;
  int start = 0;  // offset in the original text
};

bool isWordChar(QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); }

bool readJson(const QString& path, qint64 limit, QJsonObject* out, QString* error) {
  QFile f(path);
  if (!f.exists()) {
    *error = QStringLiteral("%1: no such file").arg(path);
    return false;
  }
  if (f.size() > limit) {
    *error = QStringLiteral("%1 is %2 bytes, too large to be a tokenizer file").arg(path).arg(f.size());
    return false;
  }
  if (!f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read: %2").arg(path, f.errorString());
    return false;
  }
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
    *error = pe.error != QJsonParseError::NoError
                 ? QStringLiteral("%1 is not valid JSON (%2 at byte %3)").arg(path, pe.errorString()).arg(pe.offset)
                 : QStringLiteral("%1 must hold a JSON object").arg(path);
    return false;
  }
  *out = doc.object();
  return true;
}

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
  QList<AddedToken> added;                 // longest first, for matching
  QHash<int, int> addedById;               // id → index in `added`
  QHash<QString, int> addedByContent;
  std::vector<int32_t> prefixIds, suffixIds;  // from the post-processor
  int bos = -1, eos = -1, unk = -1, pad = -1;

  QList<Segment> splitAdded(const QString& text) const;
  void encodePlain(const Segment& s, std::vector<int32_t>* ids);
  bool parsePostProcessor(const QJsonValue& v, const QString& where, QString* error);
};

HfTokenizer::HfTokenizer() : d(new Private) {}
HfTokenizer::~HfTokenizer() = default;

bool HfTokenizer::Private::parsePostProcessor(const QJsonValue& v, const QString& where, QString* error) {
  if (v.isNull() || v.isUndefined()) return true;
  const QJsonObject o = v.toObject();
  const QString type = o.value(QStringLiteral("type")).toString();
  if (type == QLatin1String("ByteLevel")) return true;  // only adjusts offsets
  if (type == QLatin1String("Sequence")) {
    for (const QJsonValue& item : o.value(QStringLiteral("processors")).toArray())
      if (!parsePostProcessor(item, where, error)) return false;
    return true;
  }
  if (type != QLatin1String("TemplateProcessing")) {
    *error = QStringLiteral("%1: post_processor \"%2\" is not supported yet").arg(where, type);
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
    if (ids.isEmpty()) {
      *error = QStringLiteral("%1: post_processor names the special token \"%2\" without ids").arg(where, name);
      return false;
    }
    for (const QJsonValue& id : ids) (afterSequence ? suffixIds : prefixIds).push_back(id.toInt());
  }
  return true;
}

std::unique_ptr<HfTokenizer> HfTokenizer::load(const QString& path, const QString& configPath, QString* error) {
  QJsonObject root;
  if (!readJson(path, kMaxTokenizerBytes, &root, error)) return nullptr;
  std::unique_ptr<HfTokenizer> t(new HfTokenizer);
  Private& p = *t->d;
  const QJsonValue model = root.value(QStringLiteral("model"));
  if (!model.isObject()) {
    *error = QStringLiteral("%1 has no \"model\" object; is it a tokenizer.json?").arg(path);
    return nullptr;
  }
  if (!p.model.load(model.toObject(), path, error)) return nullptr;
  error->clear();
  p.normalizer = HfNormalizer::parse(root.value(QStringLiteral("normalizer")), path, error);
  if (!error->isEmpty()) return nullptr;
  p.preTokenizer = HfPreTokenizer::parse(root.value(QStringLiteral("pre_tokenizer")), path, error);
  if (!error->isEmpty()) return nullptr;
  p.decoder = HfDecoder::parse(root.value(QStringLiteral("decoder")), path, error);
  if (!error->isEmpty()) return nullptr;
  if (!p.parsePostProcessor(root.value(QStringLiteral("post_processor")), path, error)) return nullptr;

  for (const QJsonValue& v : root.value(QStringLiteral("added_tokens")).toArray()) {
    const QJsonObject o = v.toObject();
    AddedToken a;
    a.id = o.value(QStringLiteral("id")).toInt(-1);
    a.content = o.value(QStringLiteral("content")).toString();
    a.special = o.value(QStringLiteral("special")).toBool(false);
    a.singleWord = o.value(QStringLiteral("single_word")).toBool(false);
    a.lstrip = o.value(QStringLiteral("lstrip")).toBool(false);
    a.rstrip = o.value(QStringLiteral("rstrip")).toBool(false);
    if (a.id < 0 || a.content.isEmpty()) {
      *error = QStringLiteral("%1: added_tokens has an entry without id or content").arg(path);
      return nullptr;
    }
    const QString inVocab = p.model.idToToken(a.id);
    if ((!inVocab.isEmpty() && inVocab != a.content) || (p.addedById.contains(a.id))) {
      *error = QStringLiteral("%1: added token \"%2\" has id %3, which already belongs to \"%4\"")
                   .arg(path, a.content)
                   .arg(a.id)
                   .arg(inVocab.isEmpty() ? p.added.value(p.addedById.value(a.id)).content : inVocab);
      return nullptr;
    }
    p.added.append(a);
    p.addedById.insert(a.id, p.added.size() - 1);
    p.addedByContent.insert(a.content, a.id);
  }
  std::stable_sort(p.added.begin(), p.added.end(),
                   [](const AddedToken& x, const AddedToken& y) { return x.content.size() > y.content.size(); });
  p.addedById.clear();
  for (int i = 0; i < p.added.size(); ++i) p.addedById.insert(p.added[i].id, i);

  // Special tokens: tokenizer_config.json names them; the post-processor's
  // first token is the bos otherwise.
  QJsonObject config;
  if (!configPath.isEmpty() && QFileInfo::exists(configPath) &&
      !readJson(configPath, 32LL * 1024 * 1024, &config, error))
    return nullptr;
  auto idOf = [&](const char* key) {
    const QString text = tokenText(config.value(QLatin1String(key)));
    return text.isEmpty() ? -1 : t->pieceToId(text);
  };
  p.bos = idOf("bos_token");
  if (p.bos < 0 && !p.prefixIds.empty()) p.bos = p.prefixIds.front();
  p.eos = idOf("eos_token");
  p.pad = idOf("pad_token");
  p.unk = idOf("unk_token");
  if (p.unk < 0) p.unk = p.model.unkId();
  return t;
}

QList<Segment> HfTokenizer::Private::splitAdded(const QString& text) const {
  QList<Segment> out;
  int plainStart = 0;
  int i = 0;
  while (i < text.size()) {
    const AddedToken* hit = nullptr;
    for (const AddedToken& a : added) {  // longest first
      if (!text.mid(i, a.content.size()).startsWith(a.content)) continue;
      if (a.singleWord && ((i > 0 && isWordChar(text[i - 1])) ||
                           (i + a.content.size() < text.size() && isWordChar(text[i + a.content.size()]))))
        continue;
      hit = &a;
      break;
    }
    if (!hit) {
      ++i;
      continue;
    }
    int before = i, after = i + hit->content.size();
    if (hit->lstrip) while (before > plainStart && text[before - 1].isSpace()) --before;
    if (hit->rstrip) while (after < text.size() && text[after].isSpace()) ++after;
    if (before > plainStart) out.append({text.mid(plainStart, before - plainStart), -1, plainStart});
    out.append({QString(), hit->id, before});
    plainStart = i = after;
  }
  if (plainStart < text.size()) out.append({text.mid(plainStart), -1, plainStart});
  return out;
}

void HfTokenizer::Private::encodePlain(const Segment& s, std::vector<int32_t>* ids) {
  const QString normalized = normalizer ? normalizer->apply(s.text) : s.text;
  const QStringList pieces = preTokenizer ? preTokenizer->apply({normalized}, s.start == 0) : QStringList{normalized};
  for (const QString& piece : pieces) model.tokenize(piece, ids);
}

bool HfTokenizer::encode(const QString& text, std::vector<int32_t>* ids) {
  ids->clear();
  for (const Segment& s : d->splitAdded(text)) {
    if (s.addedId >= 0) ids->push_back(s.addedId);
    else d->encodePlain(s, ids);
  }
  return true;
}

bool HfTokenizer::encodeWithSpecialTokens(const QString& text, std::vector<int32_t>* ids) {
  std::vector<int32_t> body;
  encode(text, &body);
  *ids = d->prefixIds;
  ids->insert(ids->end(), body.begin(), body.end());
  ids->insert(ids->end(), d->suffixIds.begin(), d->suffixIds.end());
  return true;
}

bool HfTokenizer::decode(const std::vector<int32_t>& ids, QString* text) { return decode(ids, false, text); }

bool HfTokenizer::decode(const std::vector<int32_t>& ids, bool skipSpecial, QString* text) {
  QStringList tokens;
  for (int32_t id : ids) {
    const auto added = d->addedById.constFind(id);
    if (added != d->addedById.constEnd()) {
      if (!(skipSpecial && d->added[added.value()].special)) tokens << d->added[added.value()].content;
      continue;
    }
    const QString token = d->model.idToToken(id);
    if (token.isEmpty()) {
      mErrorString = QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(vocabSize() - 1);
      return false;
    }
    tokens << token;
  }
  *text = d->decoder ? d->decoder->apply(tokens).join(QString()) : tokens.join(QLatin1Char(' '));
  return true;
}

int HfTokenizer::vocabSize() const {
  int maxId = d->model.maxId();
  for (const AddedToken& a : d->added) maxId = qMax(maxId, a.id);
  return maxId + 1;
}

QString HfTokenizer::idToPiece(int id) const {
  const auto added = d->addedById.constFind(id);
  return added != d->addedById.constEnd() ? d->added[added.value()].content : d->model.idToToken(id);
}

int HfTokenizer::pieceToId(const QString& piece) const {
  const int added = d->addedByContent.value(piece, -1);
  return added >= 0 ? added : d->model.tokenToId(piece);
}

int HfTokenizer::bosId() const { return d->bos; }
int HfTokenizer::eosId() const { return d->eos; }
int HfTokenizer::unkId() const { return d->unk; }
int HfTokenizer::padId() const { return d->pad; }

}  // namespace Atelier
