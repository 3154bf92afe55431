#include "workflowstep.h"

#include <QCoreApplication>

namespace Atelier {

QList<WorkflowStepInfo> workflowSteps() {
  return {
      {WorkflowStep::Project, Workflow::tr("Project"), Workflow::tr("Create or open a project and see where it stands."),
       true, QString()},
      {WorkflowStep::Data, Workflow::tr("Data"), Workflow::tr("Import and clean the examples your assistant learns from."),
       true,
       Workflow::tr("Importing Alpaca, ShareGPT, OpenAI chat, CSV and plain text files, cleaning them "
          "(duplicates, personal data, HTML) and splitting them for training.")},
      {WorkflowStep::Model, Workflow::tr("Model"), Workflow::tr("Choose the open base model to start from."), true,
       Workflow::tr("Loading Hugging Face model folders (Llama, Mistral, Qwen2, SmolLM), their tokenizers "
          "and chat templates, and checking whether they fit this machine.")},
      {WorkflowStep::Train, Workflow::tr("Train"), Workflow::tr("Fine-tune the model on your data with LoRA."), true,
       Workflow::tr("LoRA fine-tuning with presets, live loss curves, checkpoints and exact resume.")},
      {WorkflowStep::Rank, Workflow::tr("Rank"), Workflow::tr("Let people rank answers to teach preferences."), true,
       Workflow::tr("Rater screens for ranking answers, agreement statistics, reward model and DPO training.")},
      {WorkflowStep::Evaluate, Workflow::tr("Evaluate"), Workflow::tr("Measure how much better the model got."), true,
       Workflow::tr("Perplexity, BLEU and ROUGE-L across runs, and the worst answers to read.")},
      {WorkflowStep::Chat, Workflow::tr("Chat"), Workflow::tr("Talk to your model."), true,
       Workflow::tr("Streaming chat with base and fine-tuned models side by side, and feedback that becomes "
          "training data.")},
      {WorkflowStep::Export, Workflow::tr("Export"), Workflow::tr("Take the model to llama.cpp, Ollama or LM Studio."),
       true, Workflow::tr("PEFT adapters, merged models, GGUF files and Ollama Modelfiles.")},
  };
}

}  // namespace Atelier
