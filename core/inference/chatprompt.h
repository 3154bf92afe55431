#pragma once

#include "data/chattemplate.h"
#include "tokenizer/tokenizer.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace Atelier {

// The chat template of a model folder, from tokenizer_config.json: the
// recognised family, or the one forced by the user, or for a base model
// without a template a sensible default. Returns false with a plain message
// when the template is unknown (suggesting to choose a family).
bool modelChatTemplate(const QString& modelFolder, const Tokenizer* tokenizer,
                       const QString& forcedFamily, ChatTemplate* out, QString* error);

// Token ids for text rendered by a chat template. The template writes special
// tokens (bos, eos, <|im_start|>...) as text; sentencepiece would spell them
// out letter by letter, so they are cut out and mapped to their ids first.
bool encodeRenderedChat(Tokenizer* tokenizer, const ChatTemplate& chatTemplate, const QString& text,
                        std::vector<int32_t>* ids, QString* error);

// Renders messages with the generation prompt and encodes them.
bool buildChatPrompt(const QString& modelFolder, Tokenizer* tokenizer, const QString& forcedFamily,
                     const QList<ChatMessage>& messages, std::vector<int32_t>* ids,
                     QStringList* stopStrings, QString* error);

}  // namespace Atelier
