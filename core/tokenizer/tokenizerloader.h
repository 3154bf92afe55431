#pragma once

#include "tokenizer/tokenizer.h"

#include <QString>

#include <memory>

namespace Atelier {

// Loads the tokenizer of a Hugging Face model folder: tokenizer.json when
// present (what transformers' fast tokenizers use), else tokenizer.model.
// Returns nullptr and sets *error naming what was looked for.
std::unique_ptr<Tokenizer> loadModelTokenizer(const QString& folder, QString* error);

}  // namespace Atelier
