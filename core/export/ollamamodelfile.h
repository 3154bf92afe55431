#pragma once
// Ollama's Modelfile for an exported GGUF: FROM, a TEMPLATE in Ollama's Go
// template syntax that renders conversations as the model's own chat template
// does, SYSTEM, stop tokens and sampling defaults. Text only, no torch.

#include "data/chattemplate.h"

#include <QString>

namespace Atelier {

struct ModelfileOptions {
  QString ggufFileName;     // FROM ./<this>, relative to the Modelfile's folder
  ChatTemplate chatTemplate;
  QString systemPrompt;     // empty: the template's default, if it has one
  int contextLength = 2048; // num_ctx
  double temperature = 0.7;
  double topP = 0.9;
};

// The TEMPLATE body for a family (empty for Unknown).
QString ollamaTemplate(const ChatTemplate& chatTemplate);
// Texts Ollama should stop at for a family.
QStringList ollamaStops(const ChatTemplate& chatTemplate);
QString ollamaModelfile(const ModelfileOptions& options);

// A name `ollama create` accepts: lower case letters, digits, '.', '-', '_'.
QString ollamaModelName(const QString& wish);

}  // namespace Atelier
