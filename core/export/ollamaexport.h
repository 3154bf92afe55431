#pragma once
// An Ollama folder: the GGUF file plus a Modelfile, and the command that
// registers it. No torch in this header.

#include "ggufexport.h"

#include <QString>

namespace Atelier {

struct OllamaExportOptions {
  GgufExportOptions gguf;  // gguf.out is ignored: the file goes into `folder`
  QString folder;          // must not exist, or be empty
  QString modelName;       // for `ollama create`; empty: from the model folder's name
  QString systemPrompt;    // empty: the chat template's default
  QString chatFamily;      // force a chat template family; empty: the model's own
  // A GGUF file just exported from the same model and adapter: linked (or
  // copied) into the folder instead of converting the model a second time.
  QString existingGguf;
};

struct OllamaExportResult {
  GgufExportResult gguf;
  QString folder;
  QString modelfile;
  QString modelName;
  QString chatFamily;     // e.g. "ChatML"
  QString createCommand;  // ollama create NAME -f /abs/Modelfile
  QString runCommand;     // ollama run NAME
};

// The chat template is resolved and the Modelfile composed before anything
// is written; everything goes into a temporary folder renamed at the end.
bool exportOllama(const OllamaExportOptions& options, OllamaExportResult* result, QString* error);

}  // namespace Atelier
