#include "chattemplate.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>

namespace Atelier {

namespace {

struct KnownVariant {
  const char* variant;
  ChatTemplateFamily family;
};

// Every template text Atelier renders exactly; the texts are resources named <variant>.jinja.
const KnownVariant kKnownVariants[] = {
    {"llama3", ChatTemplateFamily::Llama3},
    {"llama3-original", ChatTemplateFamily::Llama3},
    {"chatml", ChatTemplateFamily::ChatML},
    {"qwen2", ChatTemplateFamily::ChatML},
    {"qwen2.5", ChatTemplateFamily::ChatML},
    {"smollm2", ChatTemplateFamily::ChatML},
    {"llama2-chat", ChatTemplateFamily::Llama2},
    {"mistral-v0.1", ChatTemplateFamily::Mistral},
    {"mistral-v0.2", ChatTemplateFamily::Mistral},
    {"mistral-v1", ChatTemplateFamily::Mistral},
    {"gemma", ChatTemplateFamily::Gemma},
    {"gemma3", ChatTemplateFamily::Gemma},
    {"phi3", ChatTemplateFamily::Phi3},
    {"phi3.5", ChatTemplateFamily::Phi3},
    {"alpaca", ChatTemplateFamily::Alpaca},
};

// Stands in for a default system prompt, so a fine-tune that only reworded it still matches.
const QString kPromptMark = QStringLiteral("\x01PROMPT\x01");

QString loadVariantText(const QString& variant) {
  QFile file(QStringLiteral(":/atelier/chat_templates/%1.jinja").arg(variant));
  if (!file.open(QIODevice::ReadOnly)) return QString();
  return QString::fromUtf8(file.readAll());
}

bool isIdentChar(QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); }

// Jinja reads string literals with Python's unicode-escape rules.
QString decodeLiteral(const QString& body) {
  QString out;
  for (int i = 0; i < body.size(); ++i) {
    const QChar c = body.at(i);
    if (c != QLatin1Char('\\') || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    const QChar n = body.at(++i);
    switch (n.unicode()) {
      case 'n': out += QLatin1Char('\n'); break;
      case 't': out += QLatin1Char('\t'); break;
      case 'r': out += QLatin1Char('\r'); break;
      case 'u':
        if (i + 4 < body.size()) {
          bool ok = false;
          const uint code = body.mid(i + 1, 4).toUInt(&ok, 16);
          if (ok) {
            out += QChar(code);
            i += 4;
            break;
          }
        }
        out += QLatin1String("\\u");
        break;
      default: out += n;  // \\, \', \" and anything unusual
    }
  }
  return out;
}

QString encodeLiteral(const QString& text) {
  QString out = QStringLiteral("'");
  for (const QChar c : text) {
    if (c == QLatin1Char('\\')) out += QLatin1String("\\\\");
    else if (c == QLatin1Char('\'')) out += QLatin1String("\\'");
    else if (c == QLatin1Char('\n')) out += QLatin1String("\\n");
    else if (c == QLatin1Char('\t')) out += QLatin1String("\\t");
    else out += c;
  }
  return out + QLatin1Char('\'');
}

// Code outside literals: whitespace only where it separates two words, attribute access
// to role/content written as a subscript.
QString canonicalCode(const QString& code) {
  static const QRegularExpression attribute(QStringLiteral("([\\w\\]])\\.(role|content)(?!\\w)"));
  QString out;
  for (int i = 0; i < code.size(); ++i) {
    const QChar c = code.at(i);
    if (!c.isSpace()) {
      out += c;
      continue;
    }
    int j = i;
    while (j < code.size() && code.at(j).isSpace()) ++j;
    if (!out.isEmpty() && j < code.size() && isIdentChar(out.back()) && isIdentChar(code.at(j)))
      out += QLatin1Char(' ');
    i = j - 1;
  }
  out.replace(attribute, QStringLiteral("\\1['\\2']"));
  return out;
}

// The template reduced to what decides its output: tags with canonical code and literals,
// no comments, no whitespace-only text between tags (the known templates strip it with
// `-` or trim_blocks). Two templates with the same canonical text render the same.
QString canonicalJinja(const QString& src) {
  QString out;
  int i = 0;
  const int n = src.size();
  while (i < n) {
    const int open = src.indexOf(QLatin1Char('{'), i);
    int tag = -1;
    for (int k = open; k >= 0 && k + 1 < n; k = src.indexOf(QLatin1Char('{'), k + 1)) {
      const QChar next = src.at(k + 1);
      if (next == QLatin1Char('{') || next == QLatin1Char('%') || next == QLatin1Char('#')) {
        tag = k;
        break;
      }
    }
    const QString text = src.mid(i, (tag < 0 ? n : tag) - i);
    if (!text.trimmed().isEmpty()) out += QStringLiteral("\x02") + text + QStringLiteral("\x02");
    if (tag < 0) break;
    const QChar kind = src.at(tag + 1);
    if (kind == QLatin1Char('#')) {
      const int end = src.indexOf(QLatin1String("#}"), tag + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    const QChar closeFirst = kind == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char('%');
    out += QLatin1Char('{') + kind;
    int k = tag + 2;
    if (k < n && (src.at(k) == QLatin1Char('-') || src.at(k) == QLatin1Char('+'))) ++k;
    QString code;
    while (k < n) {
      const QChar c = src.at(k);
      if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
        int e = k + 1;
        while (e < n && src.at(e) != c) e += src.at(e) == QLatin1Char('\\') ? 2 : 1;
        out += canonicalCode(code) + encodeLiteral(decodeLiteral(src.mid(k + 1, e - k - 1)));
        code.clear();
        k = e + 1;
        continue;
      }
      const bool dash = (c == QLatin1Char('-') || c == QLatin1Char('+')) && k + 2 < n &&
                        src.at(k + 1) == closeFirst && src.at(k + 2) == QLatin1Char('}');
      if (dash || (c == closeFirst && k + 1 < n && src.at(k + 1) == QLatin1Char('}'))) {
        k += dash ? 3 : 2;
        break;
      }
      code += c;
      ++k;
    }
    out += canonicalCode(code) + closeFirst + QLatin1Char('}');
    i = k;
  }
  return out;
}

// Replaces a default system prompt (ChatML's system block, Alpaca's preamble) by a mark and
// returns the prompt's text.
QString markDefaultPrompt(QString* canonical) {
  static const QRegularExpression chatMl(
      QStringLiteral("'<\\|im_start\\|>system\\\\n((?:[^'\\\\]|\\\\.)+?)<\\|im_end\\|>\\\\n'"));
  static const QRegularExpression alpaca(
      QStringLiteral("\\{%else%\\}\\{\\{'((?:[^'\\\\]|\\\\.)+?)\\\\n\\\\n'\\}\\}"));
  for (const QRegularExpression* re : {&chatMl, &alpaca}) {
    const QRegularExpressionMatch match = re->match(*canonical);
    if (!match.hasMatch()) continue;
    // Only the prompt's own places are marked: a short prompt must not swallow other text.
    const QString prompt = match.captured(1);
    QString marked = match.captured(0);
    marked.replace(match.capturedStart(1) - match.capturedStart(0), prompt.size(), kPromptMark);
    canonical->replace(match.captured(0), marked);
    canonical->replace(QLatin1Char('\'') + prompt + QLatin1Char('\''),
                       QLatin1Char('\'') + kPromptMark + QLatin1Char('\''));
    return decodeLiteral(prompt);
  }
  return QString();
}

struct CanonicalVariant {
  const KnownVariant* known;
  QString canonical;
  QString defaultPrompt;
};

const QList<CanonicalVariant>& canonicalVariants() {
  static const QList<CanonicalVariant> variants = [] {
    QList<CanonicalVariant> list;
    for (const KnownVariant& known : kKnownVariants) {
      CanonicalVariant v{&known, canonicalJinja(loadVariantText(QLatin1String(known.variant))),
                         QString()};
      v.defaultPrompt = markDefaultPrompt(&v.canonical);
      list << v;
    }
    return list;
  }();
  return variants;
}

// The family a template seems to belong to by its markers, for explaining a miss.
ChatTemplateFamily guessFamily(const QString& jinja) {
  const QList<QPair<const char*, ChatTemplateFamily>> markers = {
      {"<|start_header_id|>", ChatTemplateFamily::Llama3},
      {"<|im_start|>", ChatTemplateFamily::ChatML},
      {"<<SYS>>", ChatTemplateFamily::Llama2},
      {"[INST]", ChatTemplateFamily::Mistral},
      {"<start_of_turn>", ChatTemplateFamily::Gemma},
      {"<|end|>", ChatTemplateFamily::Phi3},
      {"### Instruction", ChatTemplateFamily::Alpaca},
  };
  for (const auto& marker : markers)
    if (jinja.contains(QLatin1String(marker.first))) return marker.second;
  return ChatTemplateFamily::Unknown;
}

const char* defaultVariant(ChatTemplateFamily family) {
  switch (family) {
    case ChatTemplateFamily::Llama3: return "llama3";
    case ChatTemplateFamily::ChatML: return "chatml";
    case ChatTemplateFamily::Llama2: return "llama2-chat";
    case ChatTemplateFamily::Mistral: return "mistral-v1";
    case ChatTemplateFamily::Gemma: return "gemma3";
    case ChatTemplateFamily::Phi3: return "phi3";
    case ChatTemplateFamily::Alpaca: return "alpaca";
    case ChatTemplateFamily::Unknown: break;
  }
  return nullptr;
}

const QString kChooseByHand = QStringLiteral(
    "Choose the chat format by hand (Llama 3, ChatML, Llama 2, Mistral, Gemma, Phi-3 or "
    "Alpaca): pick the one the model card shows.");

}  // namespace

ChatTemplate detectChatTemplate(const QString& jinja, const QString& bosToken,
                                const QString& eosToken, QString* why) {
  ChatTemplate result;
  result.bosToken = bosToken;
  result.eosToken = eosToken;
  if (jinja.trimmed().isEmpty()) {
    if (why)
      *why = QStringLiteral("The model has no chat template (tokenizer_config.json has no "
                            "chat_template). ") + kChooseByHand;
    return result;
  }
  QString canonical = canonicalJinja(jinja);
  const QString prompt = markDefaultPrompt(&canonical);
  // Variants that differ only in their default system prompt (Qwen2, SmolLM2) have the same
  // canonical text; the one whose prompt matches names the variant, any other names the layout.
  const CanonicalVariant* layout = nullptr;
  for (const CanonicalVariant& v : canonicalVariants()) {
    if (v.canonical != canonical) continue;
    if (!layout || v.defaultPrompt == prompt) layout = &v;
    if (v.defaultPrompt == prompt) break;
  }
  if (layout) {
    result.family = layout->known->family;
    result.variant = QLatin1String(layout->known->variant);
    result.defaultSystemPrompt = prompt;
    return result;
  }
  if (why) {
    const ChatTemplateFamily guess = guessFamily(jinja);
    if (guess == ChatTemplateFamily::Unknown) {
      *why = QStringLiteral("The model's chat template is not one Atelier knows. ") + kChooseByHand;
    } else {
      *why = QStringLiteral("The model's chat template looks like %1 but differs from the %1 "
                            "templates Atelier reproduces exactly (newer releases may add "
                            "tool calls or dated system headers). Choosing %1 by hand uses "
                            "the plain %1 layout. ")
                 .arg(familyDisplayName(guess)) +
             kChooseByHand;
    }
  }
  return result;
}

ChatTemplate chatTemplateForFamily(ChatTemplateFamily family, const QString& bosToken,
                                   const QString& eosToken) {
  ChatTemplate result;
  result.bosToken = bosToken;
  result.eosToken = eosToken;
  const char* variant = defaultVariant(family);
  if (!variant) return result;
  result.family = family;
  result.variant = QLatin1String(variant);
  for (const CanonicalVariant& v : canonicalVariants())
    if (result.variant == QLatin1String(v.known->variant))
      result.defaultSystemPrompt = v.defaultPrompt;
  return result;
}

ChatTemplate defaultChatTemplate(bool vocabularyHasChatMlTokens, const QString& bosToken,
                                 const QString& eosToken) {
  return chatTemplateForFamily(
      vocabularyHasChatMlTokens ? ChatTemplateFamily::ChatML : ChatTemplateFamily::Alpaca,
      bosToken, eosToken);
}

QString familyName(ChatTemplateFamily family) {
  switch (family) {
    case ChatTemplateFamily::Llama3: return QStringLiteral("Llama3");
    case ChatTemplateFamily::ChatML: return QStringLiteral("ChatML");
    case ChatTemplateFamily::Llama2: return QStringLiteral("Llama2");
    case ChatTemplateFamily::Mistral: return QStringLiteral("Mistral");
    case ChatTemplateFamily::Gemma: return QStringLiteral("Gemma");
    case ChatTemplateFamily::Phi3: return QStringLiteral("Phi3");
    case ChatTemplateFamily::Alpaca: return QStringLiteral("Alpaca");
    case ChatTemplateFamily::Unknown: break;
  }
  return QStringLiteral("Unknown");
}

QString familyDisplayName(ChatTemplateFamily family) {
  switch (family) {
    case ChatTemplateFamily::Llama3: return QStringLiteral("Llama 3");
    case ChatTemplateFamily::Llama2: return QStringLiteral("Llama 2");
    case ChatTemplateFamily::Phi3: return QStringLiteral("Phi-3");
    default: return familyName(family);
  }
}

bool parseFamilyName(const QString& name, ChatTemplateFamily* family) {
  QString key = name.trimmed().toLower();
  key.remove(QLatin1Char('-')).remove(QLatin1Char(' ')).remove(QLatin1Char('_'));
  static const QHash<QString, ChatTemplateFamily> names = {
      {QStringLiteral("llama3"), ChatTemplateFamily::Llama3},
      {QStringLiteral("chatml"), ChatTemplateFamily::ChatML},
      {QStringLiteral("llama2"), ChatTemplateFamily::Llama2},
      {QStringLiteral("mistral"), ChatTemplateFamily::Mistral},
      {QStringLiteral("gemma"), ChatTemplateFamily::Gemma},
      {QStringLiteral("phi3"), ChatTemplateFamily::Phi3},
      {QStringLiteral("alpaca"), ChatTemplateFamily::Alpaca},
      {QStringLiteral("unknown"), ChatTemplateFamily::Unknown},
  };
  const auto it = names.constFind(key);
  if (it == names.constEnd()) return false;
  if (family) *family = it.value();
  return true;
}

QStringList chatStopStrings(const ChatTemplate& chatTemplate) {
  QStringList stops;
  switch (chatTemplate.family) {
    case ChatTemplateFamily::Llama3: stops << QStringLiteral("<|eot_id|>"); break;
    case ChatTemplateFamily::ChatML: stops << QStringLiteral("<|im_end|>"); break;
    case ChatTemplateFamily::Gemma: stops << QStringLiteral("<end_of_turn>"); break;
    case ChatTemplateFamily::Phi3: stops << QStringLiteral("<|end|>"); break;
    // A model that learnt the layout only loosely goes on to write the next instruction.
    case ChatTemplateFamily::Alpaca: stops << QStringLiteral("### Instruction:"); break;
    default: break;
  }
  if (!chatTemplate.eosToken.isEmpty() && !stops.contains(chatTemplate.eosToken))
    stops << chatTemplate.eosToken;
  return stops;
}

QString chatTemplateJinja(ChatTemplateFamily family) {
  const char* variant = defaultVariant(family);
  return variant ? loadVariantText(QLatin1String(variant)) : QString();
}

QString chatTemplateJinjaForVariant(const QString& variant) {
  for (const KnownVariant& known : kKnownVariants)
    if (variant == QLatin1String(known.variant)) return loadVariantText(variant);
  return QString();
}

}  // namespace Atelier
