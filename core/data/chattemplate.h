#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace Atelier {

// Atelier embeds no Jinja engine. It recognises which known template a model ships in
// tokenizer_config.json's `chat_template` and renders conversations with its own code,
// which must give exactly the text the Jinja template gives (goldens in
// tests/data/chat_templates, made with python3-jinja2).
enum class ChatTemplateFamily { Unknown, Llama3, ChatML, Llama2, Mistral, Gemma, Phi3, Alpaca };

struct ChatMessage {
  QString role;  // system | user | assistant
  QString content;
};

// A recognised (or hand-chosen) template. Behaviour within a family is set by `variant`:
//   Llama3:  "llama3" (Meta-Llama-3-*-Instruct), "llama3-original" (its first release, which
//            always appends the assistant header)
//   ChatML:  "chatml" (SmolLM, OpenHermes), "qwen2", "qwen2.5", "smollm2"; the three last add
//            `defaultSystemPrompt` when the conversation has no system message
//   Llama2:  "llama2-chat" (<<SYS>> folded into the first [INST])
//   Mistral: "mistral-v0.1", "mistral-v0.2" (no system role), "mistral-v1" (system message
//            folded into the first [INST])
//   Gemma:   "gemma" (Gemma 1/2: no system role), "gemma3" (system folded into the first user turn)
//   Phi3:    "phi3" (Phi-3-mini), "phi3.5" (drops an empty system message)
//   Alpaca:  "alpaca" ("### Instruction:" / "### Response:", `defaultSystemPrompt` as preamble)
struct ChatTemplate {
  ChatTemplateFamily family = ChatTemplateFamily::Unknown;
  QString variant;
  QString bosToken;
  QString eosToken;
  QString defaultSystemPrompt;  // empty: the variant adds none
};

// Recognises the template from its Jinja text; bos/eos are tokenizer_config.json's tokens.
// Matching ignores layout (spaces and newlines between tags, quote style, `x.role` vs
// `x['role']`) and, for ChatML and Alpaca, the wording of the default system prompt, but
// nothing that changes the rendered text. Returns family Unknown with *why in plain words
// when the template is not one Atelier renders exactly.
ChatTemplate detectChatTemplate(const QString& jinja, const QString& bosToken,
                                const QString& eosToken, QString* why = nullptr);

// The template a user picks by hand for a family (Unknown gives Unknown): the variant that
// chatTemplateJinja(family) stores.
ChatTemplate chatTemplateForFamily(ChatTemplateFamily family, const QString& bosToken,
                                   const QString& eosToken);

// For base models whose tokenizer_config.json has no chat template: ChatML when the
// vocabulary has <|im_start|> and <|im_end|> as tokens, otherwise Alpaca, which is plain text
// and tokenizes sensibly with any vocabulary.
ChatTemplate defaultChatTemplate(bool vocabularyHasChatMlTokens, const QString& bosToken,
                                 const QString& eosToken);

// "Llama3", "ChatML", "Llama2", "Mistral", "Gemma", "Phi3", "Alpaca", "Unknown".
QString familyName(ChatTemplateFamily family);
// Accepts the names above in any case, and "llama-3", "phi-3", "llama-2", "chat-ml".
bool parseFamilyName(const QString& name, ChatTemplateFamily* family);
// For people: "Llama 3", "Phi-3", ...
QString familyDisplayName(ChatTemplateFamily family);

struct RenderedChat {
  QString text;
  // [start, end) offsets into `text` (QString, UTF-16 units) of each assistant message's
  // content as rendered (trimmed where the template trims) plus the end-of-turn text the
  // template appends after it (e.g. "<|eot_id|>", "<|im_end|>", " </s>"): what training
  // teaches the model to produce.
  QList<QPair<int, int>> assistantSpans;
};

// Renders like the real template. Returns false and sets *error for an empty conversation,
// an unknown role, or a conversation the template refuses (it raises an exception there,
// e.g. roles that do not alternate), stating the template's rule.
bool renderChat(const ChatTemplate& chatTemplate, const QList<ChatMessage>& messages,
                bool addGenerationPrompt, RenderedChat* out, QString* error);

// Text at which generation stops (end of turn, and the eos token where it is text).
QStringList chatStopStrings(const ChatTemplate& chatTemplate);

// The real template text stored for a family (what chatTemplateForFamily renders), for the
// tokenizer_config.json of models Atelier writes. Empty for Unknown.
QString chatTemplateJinja(ChatTemplateFamily family);
// The stored real template text of a variant (see ChatTemplate), empty if there is none.
QString chatTemplateJinjaForVariant(const QString& variant);

}  // namespace Atelier
