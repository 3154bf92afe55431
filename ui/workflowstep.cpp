#include "workflowstep.h"

#include <QCoreApplication>

namespace Atelier {

QList<WorkflowStepInfo> workflowSteps() {
  auto tr = [](const char* text) { return QCoreApplication::translate("Atelier::Workflow", text); };
  return {
      {WorkflowStep::Project, tr("Project"), tr("Create or open a project and see where it stands."),
       true, QString()},
      {WorkflowStep::Data, tr("Data"), tr("Import and clean the examples your assistant learns from."),
       false,
       tr("Importing Alpaca, ShareGPT, OpenAI chat, CSV and plain text files, cleaning them "
          "(duplicates, personal data, HTML) and splitting them for training.")},
      {WorkflowStep::Model, tr("Model"), tr("Choose the open base model to start from."), false,
       tr("Loading Hugging Face model folders (Llama, Mistral, Qwen2, SmolLM), their tokenizers "
          "and chat templates, and checking whether they fit this machine.")},
      {WorkflowStep::Train, tr("Train"), tr("Fine-tune the model on your data with LoRA."), false,
       tr("LoRA fine-tuning with presets, live loss curves, checkpoints and exact resume.")},
      {WorkflowStep::Rank, tr("Rank"), tr("Let people rank answers to teach preferences."), false,
       tr("Rater screens for ranking answers, agreement statistics, reward model and DPO training.")},
      {WorkflowStep::Evaluate, tr("Evaluate"), tr("Measure how much better the model got."), false,
       tr("Perplexity, BLEU and ROUGE-L across runs, and the worst answers to read.")},
      {WorkflowStep::Chat, tr("Chat"), tr("Talk to your model."), false,
       tr("Streaming chat with base and fine-tuned models side by side, and feedback that becomes "
          "training data.")},
      {WorkflowStep::Export, tr("Export"), tr("Take the model to llama.cpp, Ollama or LM Studio."),
       false, tr("PEFT adapters, merged models, GGUF files and Ollama Modelfiles.")},
  };
}

}  // namespace Atelier
