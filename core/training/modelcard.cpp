#include "modelcard.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace Atelier {

namespace {

// A summary number for a card's table, or a dash when the run has none.
QString figure(const QJsonObject& summary, const char* key, int precision) {
  const QJsonValue v = summary.value(QLatin1String(key));
  return v.isUndefined() ? QStringLiteral("—") : QString::number(v.toDouble(), 'f', precision);
}

bool writeCard(const QString& runDir, const QString& text, QString* error) {
  QSaveFile f(QDir(runDir).filePath(QStringLiteral("README.md")));
  if (f.open(QIODevice::WriteOnly) && f.write(text.toUtf8()) >= 0 && f.commit()) return true;
  *error = QStringLiteral("Cannot write %1: %2").arg(f.fileName(), f.errorString());
  return false;
}

}  // namespace

QString sftModelCard(const SftConfig& c, const SftData& data, const QJsonObject& s) {
  const auto num = [&](const char* key, int precision) { return figure(s, key, precision); };
  QString md;
  md += QStringLiteral("---\nlibrary_name: peft\nbase_model: %1\ntags:\n- lora\n- atelier\n---\n\n")
            .arg(QFileInfo(c.model).fileName());
  md += QStringLiteral("# %1\n\n").arg(QFileInfo(c.runDir).fileName());
  md += QStringLiteral("A LoRA adapter for `%1`, fine-tuned with Atelier on the dataset \"%2\" "
                       "(%3 training and %4 validation examples%5).\n\n")
            .arg(c.model, c.dataset)
            .arg(data.train.size())
            .arg(data.val.size())
            .arg(data.hasSplits ? QString() : QStringLiteral("; the dataset was not split, so there was no validation"));
  md += QStringLiteral("The adapter is in `adapter/` in PEFT's format (%1): load it with PEFT, apply it "
                       "in Atelier's chat, or merge and export it.\n\n")
            .arg(s.value(QStringLiteral("adapter_is_best")).toBool()
                     ? QStringLiteral("the one with the best validation loss")
                     : QStringLiteral("from the last step; `best-adapter/` holds the one with the best validation loss"));
  md += QStringLiteral("## Results\n\n| | |\n|---|---|\n");
  md += QStringLiteral("| Optimizer steps | %1 |\n").arg(num("step", 0));
  md += QStringLiteral("| Final training loss | %1 |\n").arg(num("final_loss", 4));
  md += QStringLiteral("| Best validation loss | %1 (step %2) |\n").arg(num("best_val_loss", 4), num("best_step", 0));
  md += QStringLiteral("| Best validation perplexity | %1 |\n").arg(num("best_val_ppl", 2));
  md += QStringLiteral("| Stopped early | %1 |\n")
            .arg(s.value(QStringLiteral("early_stopped")).toBool() ? QStringLiteral("yes") : QStringLiteral("no"));
  md += QStringLiteral("| Training time | %1 s |\n| Tokens seen | %2 |\n\n").arg(num("elapsed_s", 0), num("tokens_seen", 0));
  md += QStringLiteral("## Settings\n\n| | |\n|---|---|\n");
  md += QStringLiteral("| LoRA | r=%1, alpha=%2, dropout=%3%4 on %5 |\n")
            .arg(c.lora.rank).arg(c.lora.alpha).arg(c.lora.dropout)
            .arg(c.lora.rslora ? QStringLiteral(", rsLoRA") : QString(), c.lora.targetModules.join(QStringLiteral(", ")));
  md += QStringLiteral("| Learning rate | %1, %2 schedule, %3 warm-up steps |\n")
            .arg(c.learningRate).arg(c.scheduler).arg(c.warmupSteps);
  md += QStringLiteral("| Batch | %1 sequences × %2 accumulation, up to %3 tokens each |\n")
            .arg(c.batchSize).arg(c.gradAccum).arg(c.seqLen);
  md += QStringLiteral("| %1 | %2 |\n")
            .arg(c.maxSteps > 0 ? QStringLiteral("Max steps") : QStringLiteral("Epochs"))
            .arg(c.maxSteps > 0 ? c.maxSteps : c.epochs);
  md += QStringLiteral("| Loss on | %1 |\n")
            .arg(data.datasetKind == QLatin1String("text") ? QStringLiteral("all tokens (plain text)")
                 : c.assistantOnlyLoss ? QStringLiteral("assistant answers only")
                                       : QStringLiteral("all tokens"));
  md += QStringLiteral("| Weight decay, clipping | %1, %2 |\n| Seed | %3 |\n")
            .arg(c.weightDecay).arg(c.maxGradNorm).arg(c.seed);
  if (data.trainStats.truncated > 0 || data.trainStats.dropped > 0)
    md += QStringLiteral("\n%1 training examples were cut at %2 tokens and %3 had nothing to learn and were left out.\n")
              .arg(data.trainStats.truncated).arg(c.seqLen).arg(data.trainStats.dropped);
  return md;
}

QString preferenceModelCard(const SftConfig& c, const PreferenceData& data, const QJsonObject& s) {
  const auto num = [&](const char* key, int precision) { return figure(s, key, precision); };
  const bool dpo = c.recipe == QLatin1String("dpo");
  QString md;
  md += QStringLiteral("---\nlibrary_name: peft\nbase_model: %1\ntags:\n- lora\n- %2\n- atelier\n---\n\n")
            .arg(QFileInfo(c.model).fileName(), dpo ? QStringLiteral("dpo") : QStringLiteral("reward-model"));
  md += QStringLiteral("# %1\n\n").arg(QFileInfo(c.runDir).fileName());
  md += dpo ? QStringLiteral("A LoRA adapter for `%1` trained with DPO to prefer the chosen answers of \"%2\" "
                             "(%3 training and %4 validation pairs). The reference model is `%1` itself without "
                             "the adapter; beta = %5.\n\n")
                  .arg(c.model, c.dataset).arg(data.train.pairs()).arg(data.val.pairs()).arg(c.dpoBeta)
            : QStringLiteral("A reward model for `%1`: a LoRA adapter and a scalar head (`score`, PEFT's "
                             "`modules_to_save`, task SEQ_CLS) trained with the Bradley–Terry loss on the "
                             "preference pairs of \"%2\" (%3 training and %4 validation pairs). It gives a "
                             "conversation a score; higher means more like the chosen answers.\n\n")
                  .arg(c.model, c.dataset).arg(data.train.pairs()).arg(data.val.pairs());
  md += QStringLiteral("## Results\n\n| | |\n|---|---|\n");
  md += QStringLiteral("| Optimizer steps | %1 |\n").arg(num("step", 0));
  md += QStringLiteral("| Final training loss | %1 |\n").arg(num("final_loss", 4));
  md += QStringLiteral("| Validation loss | %1 (best %2 at step %3) |\n")
            .arg(num("val_loss", 4), num("best_val_loss", 4), num("best_step", 0));
  md += QStringLiteral("| Validation accuracy (chosen scored above rejected) | %1 |\n").arg(num("val_reward_accuracy", 3));
  md += QStringLiteral("| Validation reward margin | %1 |\n").arg(num("val_reward_margin", 4));
  if (dpo) md += QStringLiteral("| Validation log-probability margin (chosen − rejected) | %1 |\n").arg(num("val_logp_margin", 3));
  md += QStringLiteral("| Training time | %1 s |\n\n").arg(num("elapsed_s", 0));
  md += QStringLiteral("## Settings\n\n| | |\n|---|---|\n");
  md += QStringLiteral("| LoRA | r=%1, alpha=%2, dropout=%3 on %4 |\n")
            .arg(c.lora.rank).arg(c.lora.alpha).arg(c.lora.dropout).arg(c.lora.targetModules.join(QStringLiteral(", ")));
  md += QStringLiteral("| Learning rate | %1, %2 schedule |\n| Batch | %3 pairs × %4 accumulation, up to %5 tokens |\n")
            .arg(c.learningRate).arg(c.scheduler).arg(c.batchSize).arg(c.gradAccum).arg(c.seqLen);
  if (data.trainStats.dropped > 0)
    md += QStringLiteral("\n%1 pairs were left out (first: %2).\n").arg(data.trainStats.dropped).arg(data.trainStats.firstDropReason);
  return md;
}

bool writePreferenceModelCard(const SftConfig& c, const PreferenceData& data, const QJsonObject& summary,
                              QString* error) {
  return writeCard(c.runDir, preferenceModelCard(c, data, summary), error);
}

bool writeSftModelCard(const SftConfig& c, const SftData& data, const QJsonObject& summary, QString* error) {
  return writeCard(c.runDir, sftModelCard(c, data, summary), error);
}

}  // namespace Atelier
