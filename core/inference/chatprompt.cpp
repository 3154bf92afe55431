#include "chatprompt.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Atelier {
namespace {

constexpr qint64 kMaxTokenizerConfigBytes = 32LL * 1024 * 1024;

// bos_token and friends are a string or {"content": "..."}.
QString tokenText(const QJsonValue& v) {
  if (v.isString()) return v.toString();
  if (v.isObject()) return v.toObject().value(QStringLiteral("content")).toString();
  return QString();
}

// chat_template is a string, or a list of {name, template} of which "default" is used.
QString templateText(const QJsonValue& v) {
  if (v.isString()) return v.toString();
  for (const QJsonValue& item : v.toArray())
    if (item.toObject().value(QStringLiteral("name")).toString() == QLatin1String("default"))
      return item.toObject().value(QStringLiteral("template")).toString();
  return QString();
}

bool isSingleToken(const Tokenizer* t, const QString& piece) {
  if (!t) return false;
  const int id = t->pieceToId(piece);
  return id >= 0 && id != t->unkId();
}

}  // namespace

bool modelChatTemplate(const QString& folder, const Tokenizer* tokenizer, const QString& forcedFamily,
                       ChatTemplate* out, QString* error) {
  QJsonObject config;
  QFile f(QDir(folder).filePath(QStringLiteral("tokenizer_config.json")));
  if (f.exists()) {
    if (f.size() > kMaxTokenizerConfigBytes || !f.open(QIODevice::ReadOnly)) {
      *error = QStringLiteral("%1 cannot be read (or is over 32 MB)").arg(f.fileName());
      return false;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
      *error = QStringLiteral("%1 is not a valid JSON object (%2)").arg(f.fileName(), pe.errorString());
      return false;
    }
    config = doc.object();
  }
  const QString bos = tokenText(config.value(QStringLiteral("bos_token")));
  const QString eos = tokenText(config.value(QStringLiteral("eos_token")));
  if (!forcedFamily.isEmpty()) {
    ChatTemplateFamily family;
    if (!parseFamilyName(forcedFamily, &family) || family == ChatTemplateFamily::Unknown) {
      *error = QStringLiteral("unknown chat template family \"%1\" (choose Llama3, ChatML, Llama2, "
                              "Mistral, Gemma, Phi3 or Alpaca)").arg(forcedFamily);
      return false;
    }
    *out = chatTemplateForFamily(family, bos, eos);
    return true;
  }
  const QString jinja = templateText(config.value(QStringLiteral("chat_template")));
  if (jinja.isEmpty()) {
    *out = defaultChatTemplate(isSingleToken(tokenizer, QStringLiteral("<|im_start|>")) &&
                                   isSingleToken(tokenizer, QStringLiteral("<|im_end|>")),
                               bos, eos);
    return true;
  }
  QString why;
  *out = detectChatTemplate(jinja, bos, eos, &why);
  if (out->family == ChatTemplateFamily::Unknown) {
    *error = QStringLiteral("%1: %2").arg(folder, why);
    return false;
  }
  return true;
}

bool encodeRenderedChat(Tokenizer* tokenizer, const ChatTemplate& t, const QString& text,
                        std::vector<int32_t>* ids, QString* error) {
  // Every marker the template may write that is a single token of the vocabulary.
  QStringList specials = {t.bosToken, t.eosToken};
  for (const QString& s : {QStringLiteral("<|im_start|>"), QStringLiteral("<|im_end|>"),
                           QStringLiteral("<|begin_of_text|>"), QStringLiteral("<|start_header_id|>"),
                           QStringLiteral("<|end_header_id|>"), QStringLiteral("<|eot_id|>"),
                           QStringLiteral("<start_of_turn>"), QStringLiteral("<end_of_turn>"),
                           QStringLiteral("<|user|>"), QStringLiteral("<|assistant|>"),
                           QStringLiteral("<|system|>"), QStringLiteral("<|end|>")})
    specials << s;
  QStringList present;
  for (const QString& s : specials)
    if (!s.isEmpty() && isSingleToken(tokenizer, s) && !present.contains(s)) present << s;
  ids->clear();
  int pos = 0;
  auto encodePlain = [&](const QString& part) {
    if (part.isEmpty()) return true;
    std::vector<int32_t> piece;
    if (!tokenizer->encode(part, &piece)) {
      *error = tokenizer->errorString();
      return false;
    }
    ids->insert(ids->end(), piece.begin(), piece.end());
    return true;
  };
  while (pos < text.size()) {
    int best = -1;
    QString bestToken;
    for (const QString& s : std::as_const(present)) {
      const int at = text.indexOf(s, pos);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        bestToken = s;
      }
    }
    if (best < 0) return encodePlain(text.mid(pos));
    if (!encodePlain(text.mid(pos, best - pos))) return false;
    ids->push_back(tokenizer->pieceToId(bestToken));
    pos = best + bestToken.size();
  }
  return true;
}

bool buildChatPrompt(const QString& folder, Tokenizer* tokenizer, const QString& forcedFamily,
                     const QList<ChatMessage>& messages, std::vector<int32_t>* ids,
                     QStringList* stopStrings, QString* error) {
  if (!tokenizer) {
    *error = QStringLiteral("%1 has no tokenizer, which chat needs").arg(folder);
    return false;
  }
  ChatTemplate t;
  if (!modelChatTemplate(folder, tokenizer, forcedFamily, &t, error)) return false;
  RenderedChat rendered;
  if (!renderChat(t, messages, /*addGenerationPrompt=*/true, &rendered, error)) return false;
  if (!encodeRenderedChat(tokenizer, t, rendered.text, ids, error)) return false;
  // As transformers' apply_chat_template: the template alone decides about
  // bos; nothing is added here.
  if (stopStrings) *stopStrings = chatStopStrings(t);
  return true;
}

}  // namespace Atelier
