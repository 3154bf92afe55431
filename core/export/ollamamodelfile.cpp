#include "ollamamodelfile.h"

#include <QRegularExpression>

namespace Atelier {

// Ollama passes the conversation as .Messages (the SYSTEM text arrives as a
// first message with role "system") and, as llama.cpp does, adds the bos
// token itself, so the templates below start without one. Each mirrors the
// Jinja template of its family in core/data/chat_templates.
QString ollamaTemplate(const ChatTemplate& t) {
  switch (t.family) {
    case ChatTemplateFamily::ChatML:
      return QStringLiteral(
          "{{- range .Messages }}<|im_start|>{{ .Role }}\n"
          "{{ .Content }}<|im_end|>\n"
          "{{ end }}<|im_start|>assistant\n");
    case ChatTemplateFamily::Llama3:
      return QStringLiteral(
          "{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n"
          "{{ .Content }}<|eot_id|>\n"
          "{{- end }}<|start_header_id|>assistant<|end_header_id|>\n\n");
    case ChatTemplateFamily::Llama2:
      return QStringLiteral(
          "{{- $first := true }}{{- range .Messages }}\n"
          "{{- if eq .Role \"user\" }}{{ if not $first }}<s>{{ end }}[INST] {{ if and $first $.System }}<<SYS>>\n"
          "{{ $.System }}\n<</SYS>>\n\n{{ end }}{{ .Content }} [/INST]{{ $first = false }}\n"
          "{{- else if eq .Role \"assistant\" }} {{ .Content }} </s>\n"
          "{{- end }}{{- end }}");
    case ChatTemplateFamily::Mistral:
      return QStringLiteral(
          "{{- range .Messages }}\n"
          "{{- if eq .Role \"user\" }}[INST] {{ if and (eq (len $.Messages) 1) $.System }}{{ $.System }}\n\n{{ end }}{{ .Content }} [/INST]\n"
          "{{- else if eq .Role \"assistant\" }}{{ .Content }}</s>\n"
          "{{- end }}{{- end }}");
    case ChatTemplateFamily::Gemma:
      return QStringLiteral(
          "{{- range .Messages }}{{ if ne .Role \"system\" }}<start_of_turn>{{ if eq .Role \"assistant\" }}model{{ else }}{{ .Role }}{{ end }}\n"
          "{{ .Content }}<end_of_turn>\n"
          "{{ end }}{{ end }}<start_of_turn>model\n");
    case ChatTemplateFamily::Phi3:
      return QStringLiteral(
          "{{- range .Messages }}<|{{ .Role }}|>\n"
          "{{ .Content }}<|end|>\n"
          "{{ end }}<|assistant|>\n");
    case ChatTemplateFamily::Alpaca:
      // No "{{-" after text here: it would eat the blank line the layout needs.
      return QStringLiteral(
          "{{- if .System }}{{ .System }}\n\n{{ end }}"
          "{{- range .Messages }}{{ if eq .Role \"user\" }}### Instruction:\n{{ .Content }}\n\n"
          "{{ else if eq .Role \"assistant\" }}### Response:\n{{ .Content }}") +
             t.eosToken + QStringLiteral("\n\n{{ end }}{{ end }}### Response:\n");
    case ChatTemplateFamily::Unknown: break;
  }
  return {};
}

QStringList ollamaStops(const ChatTemplate& t) {
  QStringList stops;
  switch (t.family) {
    case ChatTemplateFamily::ChatML: stops << QStringLiteral("<|im_start|>") << QStringLiteral("<|im_end|>"); break;
    case ChatTemplateFamily::Llama3:
      stops << QStringLiteral("<|start_header_id|>") << QStringLiteral("<|end_header_id|>") << QStringLiteral("<|eot_id|>");
      break;
    case ChatTemplateFamily::Llama2:
    case ChatTemplateFamily::Mistral: stops << QStringLiteral("[INST]") << QStringLiteral("[/INST]"); break;
    case ChatTemplateFamily::Gemma: stops << QStringLiteral("<start_of_turn>") << QStringLiteral("<end_of_turn>"); break;
    case ChatTemplateFamily::Phi3:
      stops << QStringLiteral("<|end|>") << QStringLiteral("<|user|>") << QStringLiteral("<|assistant|>");
      break;
    case ChatTemplateFamily::Alpaca: stops << QStringLiteral("### Instruction:"); break;
    case ChatTemplateFamily::Unknown: break;
  }
  if (!t.eosToken.isEmpty() && !stops.contains(t.eosToken)) stops << t.eosToken;
  return stops;
}

namespace {

// A Modelfile value in double quotes, or triple quotes when it spans lines.
QString quoted(const QString& text) {
  if (text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('"')))
    return QStringLiteral("\"\"\"") + text + QStringLiteral("\"\"\"");
  return QLatin1Char('"') + text + QLatin1Char('"');
}

bool hasSystemRole(const ChatTemplate& t) {
  return t.family != ChatTemplateFamily::Gemma && t.family != ChatTemplateFamily::Unknown &&
         !(t.family == ChatTemplateFamily::Mistral && t.variant != QLatin1String("mistral-v1"));
}

}  // namespace

QString ollamaModelfile(const ModelfileOptions& o) {
  QString text = QStringLiteral("# Made by Atelier. Register it with: ollama create NAME -f Modelfile\n");
  text += QStringLiteral("FROM ./%1\n").arg(o.ggufFileName);
  const QString tmpl = ollamaTemplate(o.chatTemplate);
  if (!tmpl.isEmpty()) text += QStringLiteral("TEMPLATE \"\"\"%1\"\"\"\n").arg(tmpl);
  const QString system = o.systemPrompt.isEmpty() ? o.chatTemplate.defaultSystemPrompt : o.systemPrompt;
  if (!system.isEmpty() && hasSystemRole(o.chatTemplate)) text += QStringLiteral("SYSTEM %1\n").arg(quoted(system));
  for (const QString& stop : ollamaStops(o.chatTemplate)) text += QStringLiteral("PARAMETER stop %1\n").arg(quoted(stop));
  text += QStringLiteral("PARAMETER temperature %1\n").arg(o.temperature);
  text += QStringLiteral("PARAMETER top_p %1\n").arg(o.topP);
  text += QStringLiteral("PARAMETER num_ctx %1\n").arg(o.contextLength);
  return text;
}

QString ollamaModelName(const QString& wish) {
  QString name = wish.toLower();
  name.replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
  name.remove(QRegularExpression(QStringLiteral("^[-._]+|[-._]+$")));
  return name.isEmpty() ? QStringLiteral("my-assistant") : name;
}

}  // namespace Atelier
