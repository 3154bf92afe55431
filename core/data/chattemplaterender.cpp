// One renderer per template family. Each mirrors its Jinja template step by step (the
// comments quote the template where it is not obvious), because the output must be the
// same text byte for byte.

#include "chattemplate.h"

namespace Atelier {

namespace {

// Python's str.isspace(), which Jinja's `trim` and `.strip()` use; wider than QChar::isSpace
// (it includes U+001C..U+001F).
bool isPythonSpace(QChar c) {
  const ushort u = c.unicode();
  return (u >= 0x09 && u <= 0x0D) || (u >= 0x1C && u <= 0x20) || u == 0x85 || u == 0xA0 ||
         u == 0x1680 || (u >= 0x2000 && u <= 0x200A) || u == 0x2028 || u == 0x2029 ||
         u == 0x202F || u == 0x205F || u == 0x3000;
}

QString pyStrip(const QString& s) {
  int begin = 0;
  int end = s.size();
  while (begin < end && isPythonSpace(s.at(begin))) ++begin;
  while (end > begin && isPythonSpace(s.at(end - 1))) --end;
  return s.mid(begin, end - begin);
}

struct Builder {
  RenderedChat* out;
  void add(const QString& text) { out->text += text; }
  // An assistant message's content and the end of its turn: the span training learns.
  void addAssistant(const QString& content, const QString& endOfTurn) {
    const int start = out->text.size();
    out->text += content + endOfTurn;
    out->assistantSpans.append(qMakePair(start, int(out->text.size())));
  }
};

const QString kSystem = QStringLiteral("system");
const QString kUser = QStringLiteral("user");
const QString kAssistant = QStringLiteral("assistant");

// The `(role == 'user') != (index % 2 == 0)` check of the alternating templates, applied
// to messages[first..]; a message that is neither user nor assistant also fails it.
bool checkAlternation(const QList<ChatMessage>& messages, int first, const QString& rule,
                      QString* error) {
  for (int i = first; i < messages.size(); ++i) {
    const QString& expected = (i - first) % 2 == 0 ? kUser : kAssistant;
    if (messages.at(i).role == expected) continue;
    if (error)
      *error = QStringLiteral("%1 Message %2 is a %3 message where a %4 message was expected.")
                   .arg(rule)
                   .arg(i + 1)
                   .arg(messages.at(i).role, expected);
    return false;
  }
  return true;
}

bool renderLlama3(const ChatTemplate& t, const QList<ChatMessage>& messages, bool generation,
                  Builder* b) {
  for (int i = 0; i < messages.size(); ++i) {
    const ChatMessage& m = messages.at(i);
    if (i == 0) b->add(t.bosToken);
    b->add(QStringLiteral("<|start_header_id|>") + m.role + QStringLiteral("<|end_header_id|>\n\n"));
    if (m.role == kAssistant)
      b->addAssistant(pyStrip(m.content), QStringLiteral("<|eot_id|>"));
    else
      b->add(pyStrip(m.content) + QStringLiteral("<|eot_id|>"));
  }
  if (generation || t.variant == QLatin1String("llama3-original"))
    b->add(QStringLiteral("<|start_header_id|>assistant<|end_header_id|>\n\n"));
  return true;
}

bool renderChatMl(const ChatTemplate& t, const QList<ChatMessage>& messages, bool generation,
                  Builder* b) {
  if (!t.defaultSystemPrompt.isEmpty() && messages.first().role != kSystem)
    b->add(QStringLiteral("<|im_start|>system\n") + t.defaultSystemPrompt +
           QStringLiteral("<|im_end|>\n"));
  for (const ChatMessage& m : messages) {
    b->add(QStringLiteral("<|im_start|>") + m.role + QLatin1Char('\n'));
    if (m.role == kAssistant)
      b->addAssistant(m.content, QStringLiteral("<|im_end|>"));
    else
      b->add(m.content + QStringLiteral("<|im_end|>"));
    b->add(QStringLiteral("\n"));
  }
  if (generation) b->add(QStringLiteral("<|im_start|>assistant\n"));
  return true;
}

bool renderLlama2(const ChatTemplate& t, const QList<ChatMessage>& messages, Builder* b,
                  QString* error) {
  const bool hasSystem = messages.first().role == kSystem;
  const int first = hasSystem ? 1 : 0;
  if (!checkAlternation(messages, first,
                        QStringLiteral("Llama 2 chat needs user and assistant messages to "
                                       "alternate, starting with a user message, after an "
                                       "optional first system message."),
                        error))
    return false;
  for (int i = first; i < messages.size(); ++i) {
    const ChatMessage& m = messages.at(i);
    QString content = m.content;
    // '<<SYS>>\n' + system + '\n<</SYS>>\n\n' + content, stripped as a whole afterwards.
    if (i == first && hasSystem)
      content = QStringLiteral("<<SYS>>\n") + messages.first().content +
                QStringLiteral("\n<</SYS>>\n\n") + content;
    if (m.role == kUser) {
      b->add(t.bosToken + QStringLiteral("[INST] ") + pyStrip(content) + QStringLiteral(" [/INST]"));
    } else {
      b->add(QStringLiteral(" "));
      b->addAssistant(pyStrip(content), QLatin1Char(' ') + t.eosToken);
    }
  }
  return true;
}

bool renderMistral(const ChatTemplate& t, const QList<ChatMessage>& messages, Builder* b,
                   QString* error) {
  const bool v1 = t.variant == QLatin1String("mistral-v1");
  const bool hasSystem = v1 && messages.first().role == kSystem;
  const int first = hasSystem ? 1 : 0;
  const QString rule =
      v1 ? QStringLiteral("Mistral needs user and assistant messages to alternate, starting "
                          "with a user message, after an optional first system message.")
         : QStringLiteral("This Mistral template has no system role and needs user and "
                          "assistant messages to alternate, starting with a user message.");
  if (!checkAlternation(messages, first, rule, error)) return false;
  b->add(t.bosToken);
  for (int i = first; i < messages.size(); ++i) {
    const ChatMessage& m = messages.at(i);
    if (m.role == kUser) {
      if (!v1)
        b->add(QStringLiteral("[INST] ") + m.content + QStringLiteral(" [/INST]"));
      else if (i == first && hasSystem)
        b->add(QStringLiteral(" [INST] ") + messages.first().content + QStringLiteral("\n\n") +
               m.content + QStringLiteral(" [/INST]"));
      else
        b->add(QStringLiteral(" [INST] ") + m.content + QStringLiteral(" [/INST]"));
    } else if (v1) {
      b->add(QStringLiteral(" "));
      b->addAssistant(m.content, t.eosToken);
    } else {
      b->addAssistant(m.content, t.eosToken);
      // v0.1 writes `content + eos_token + ' '`.
      if (t.variant == QLatin1String("mistral-v0.1")) b->add(QStringLiteral(" "));
    }
  }
  return true;
}

bool renderGemma(const ChatTemplate& t, const QList<ChatMessage>& messages, bool generation,
                 Builder* b, QString* error) {
  const bool gemma3 = t.variant == QLatin1String("gemma3");
  if (!gemma3 && messages.first().role == kSystem) {
    if (error)
      *error = QStringLiteral("This Gemma template has no system role: remove the system "
                              "message, or put its text into the first user message.");
    return false;
  }
  const bool hasSystem = gemma3 && messages.first().role == kSystem;
  const int first = hasSystem ? 1 : 0;
  const QString rule =
      gemma3 ? QStringLiteral("Gemma needs user and assistant messages to alternate, starting "
                              "with a user message, after an optional first system message.")
             : QStringLiteral("Gemma needs user and assistant messages to alternate, starting "
                              "with a user message.");
  if (!checkAlternation(messages, first, rule, error)) return false;
  b->add(t.bosToken);
  for (int i = first; i < messages.size(); ++i) {
    const ChatMessage& m = messages.at(i);
    if (m.role == kAssistant) {
      b->add(QStringLiteral("<start_of_turn>model\n"));
      b->addAssistant(pyStrip(m.content), QStringLiteral("<end_of_turn>"));
      b->add(QStringLiteral("\n"));
      continue;
    }
    // Gemma 3: the system text, untrimmed, then two newlines, opens the first user turn.
    const QString prefix = i == first && hasSystem
                               ? messages.first().content + QStringLiteral("\n\n")
                               : QString();
    b->add(QStringLiteral("<start_of_turn>user\n") + prefix + pyStrip(m.content) +
           QStringLiteral("<end_of_turn>\n"));
  }
  if (generation) b->add(QStringLiteral("<start_of_turn>model\n"));
  return true;
}

bool renderPhi3(const ChatTemplate& t, const QList<ChatMessage>& messages, bool generation,
                Builder* b) {
  const bool skipEmptySystem = t.variant == QLatin1String("phi3.5");
  for (const ChatMessage& m : messages) {
    if (m.role == kAssistant) {
      b->add(QStringLiteral("<|assistant|>\n"));
      b->addAssistant(m.content, QStringLiteral("<|end|>"));
      b->add(QStringLiteral("\n"));
    } else if (!(m.role == kSystem && skipEmptySystem && m.content.isEmpty())) {
      b->add(QStringLiteral("<|") + m.role + QStringLiteral("|>\n") + m.content +
             QStringLiteral("<|end|>\n"));
    }
  }
  b->add(generation ? QStringLiteral("<|assistant|>\n") : t.eosToken);
  return true;
}

bool renderAlpaca(const ChatTemplate& t, const QList<ChatMessage>& messages, bool generation,
                  Builder* b, QString* error) {
  const bool hasSystem = messages.first().role == kSystem;
  const int first = hasSystem ? 1 : 0;
  for (int i = first; i < messages.size(); ++i) {
    if (messages.at(i).role != kSystem) continue;
    if (error)
      *error = QStringLiteral("Alpaca accepts a system message only as the first message; "
                              "message %1 is a system message.")
                   .arg(i + 1);
    return false;
  }
  b->add(t.bosToken);
  if (hasSystem)
    b->add(messages.first().content + QStringLiteral("\n\n"));
  else if (!t.defaultSystemPrompt.isEmpty())
    b->add(t.defaultSystemPrompt + QStringLiteral("\n\n"));
  for (int i = first; i < messages.size(); ++i) {
    const ChatMessage& m = messages.at(i);
    if (m.role == kUser) {
      b->add(QStringLiteral("### Instruction:\n") + m.content + QStringLiteral("\n\n"));
    } else {
      b->add(QStringLiteral("### Response:\n"));
      b->addAssistant(m.content, t.eosToken);
      b->add(QStringLiteral("\n\n"));
    }
  }
  if (generation) b->add(QStringLiteral("### Response:\n"));
  return true;
}

bool knownVariant(const ChatTemplate& t) {
  static const QList<QPair<ChatTemplateFamily, QStringList>> variants = {
      {ChatTemplateFamily::Llama3, {"llama3", "llama3-original"}},
      {ChatTemplateFamily::ChatML, {"chatml", "qwen2", "qwen2.5", "smollm2"}},
      {ChatTemplateFamily::Llama2, {"llama2-chat"}},
      {ChatTemplateFamily::Mistral, {"mistral-v0.1", "mistral-v0.2", "mistral-v1"}},
      {ChatTemplateFamily::Gemma, {"gemma", "gemma3"}},
      {ChatTemplateFamily::Phi3, {"phi3", "phi3.5"}},
      {ChatTemplateFamily::Alpaca, {"alpaca"}},
  };
  for (const auto& entry : variants)
    if (entry.first == t.family) return entry.second.contains(t.variant);
  return false;
}

}  // namespace

bool renderChat(const ChatTemplate& chatTemplate, const QList<ChatMessage>& messages,
                bool addGenerationPrompt, RenderedChat* out, QString* error) {
  if (chatTemplate.family == ChatTemplateFamily::Unknown) {
    if (error)
      *error = QStringLiteral("The model's chat format is not known; choose one by hand "
                              "(Llama 3, ChatML, Llama 2, Mistral, Gemma, Phi-3 or Alpaca).");
    return false;
  }
  if (!knownVariant(chatTemplate)) {
    if (error)
      *error = QStringLiteral("'%1' is not a %2 template variant Atelier knows.")
                   .arg(chatTemplate.variant, familyDisplayName(chatTemplate.family));
    return false;
  }
  if (messages.isEmpty()) {
    if (error) *error = QStringLiteral("The conversation has no messages.");
    return false;
  }
  for (int i = 0; i < messages.size(); ++i) {
    const QString& role = messages.at(i).role;
    if (role == kSystem || role == kUser || role == kAssistant) continue;
    if (error)
      *error = QStringLiteral("Message %1 has the role '%2'; a chat message is from the "
                              "system, the user or the assistant.")
                   .arg(i + 1)
                   .arg(role);
    return false;
  }

  RenderedChat rendered;
  Builder b{&rendered};
  bool ok = false;
  switch (chatTemplate.family) {
    case ChatTemplateFamily::Llama3:
      ok = renderLlama3(chatTemplate, messages, addGenerationPrompt, &b);
      break;
    case ChatTemplateFamily::ChatML:
      ok = renderChatMl(chatTemplate, messages, addGenerationPrompt, &b);
      break;
    case ChatTemplateFamily::Llama2: ok = renderLlama2(chatTemplate, messages, &b, error); break;
    case ChatTemplateFamily::Mistral: ok = renderMistral(chatTemplate, messages, &b, error); break;
    case ChatTemplateFamily::Gemma:
      ok = renderGemma(chatTemplate, messages, addGenerationPrompt, &b, error);
      break;
    case ChatTemplateFamily::Phi3:
      ok = renderPhi3(chatTemplate, messages, addGenerationPrompt, &b);
      break;
    case ChatTemplateFamily::Alpaca:
      ok = renderAlpaca(chatTemplate, messages, addGenerationPrompt, &b, error);
      break;
    case ChatTemplateFamily::Unknown: break;
  }
  if (!ok) return false;
  *out = rendered;
  return true;
}

}  // namespace Atelier
