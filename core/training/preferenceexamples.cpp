#include "preferenceexamples.h"

#include "storage/datasetrepository.h"

namespace Atelier {

namespace {

// The conversation with one of the two answers: `keep` ("chosen" or
// "rejected") becomes a plain assistant turn, the other is left out.
Conversation withAnswer(const Conversation& c, const QString& keep) {
  Conversation out = c;
  out.turns.clear();
  for (Turn t : c.turns) {
    if (t.variant.isEmpty() || t.variant == keep) {
      t.variant.clear();
      out.turns.append(t);
    }
  }
  return out;
}

bool hasVariant(const Conversation& c, const char* variant) {
  for (const Turn& t : c.turns)
    if (t.variant == QLatin1String(variant)) return true;
  return false;
}

}  // namespace

bool tokenizePreferencePair(const Conversation& c, const ChatTemplate& t, Tokenizer* tokenizer, int seqLen,
                            TokenizedExample* chosen, TokenizedExample* rejected, bool* truncated, QString* why) {
  if (!hasVariant(c, "chosen") || !hasVariant(c, "rejected")) {
    *why = QStringLiteral("the row has no chosen and rejected answer");
    return false;
  }
  ExampleOptions options;
  options.seqLen = seqLen;
  options.assistantOnlyLoss = true;
  bool cutChosen = false, cutRejected = false;
  if (!tokenizeConversation(withAnswer(c, QStringLiteral("chosen")), t, tokenizer, options, chosen, &cutChosen, why) ||
      !tokenizeConversation(withAnswer(c, QStringLiteral("rejected")), t, tokenizer, options, rejected, &cutRejected,
                            why))
    return false;
  *truncated = cutChosen || cutRejected;
  // What both share (system prompt, earlier turns, the start of the answers)
  // adds the same to both sides of DPO's comparison: only the rest counts.
  size_t common = 0;
  while (common < chosen->ids.size() && common < rejected->ids.size() && chosen->ids[common] == rejected->ids[common])
    ++common;
  for (size_t i = 0; i < common; ++i) chosen->learn[i] = rejected->learn[i] = 0;
  if (chosen->learnedTokens() == 0 || rejected->learnedTokens() == 0) {
    *why = *truncated ? QStringLiteral("the answers differ only after %1 tokens; raise the sequence length").arg(seqLen)
                      : QStringLiteral("the chosen and the rejected answer are the same");
    return false;
  }
  return true;
}

bool loadPreferenceData(Database& db, const QString& name, const ChatTemplate& t, Tokenizer* tokenizer, int seqLen,
                        PreferenceData* out, QString* error) {
  DatasetInfo info;
  if (!findTrainingDataset(db, name, &info, error)) return false;
  if (info.kind != QLatin1String("preference")) {
    *error = QStringLiteral("dataset \"%1\" holds %2 rows, but DPO and reward models learn from preference pairs (a "
                            "prompt with a chosen and a rejected answer): import a pairs file with the Preference "
                            "format, or turn raters' judgements into one with `atelier rank export --format dpo "
                            "--dataset NAME`").arg(name, info.kind);
    return false;
  }
  *out = PreferenceData();
  const auto add = [&](const Conversation& c, bool validation) {
    ExampleStats& stats = validation ? out->valStats : out->trainStats;
    ++stats.conversations;
    TokenizedExample chosen, rejected;
    bool truncated = false;
    QString why;
    if (!tokenizePreferencePair(c, t, tokenizer, seqLen, &chosen, &rejected, &truncated, &why)) {
      stats.drop(c.sourceLine, why);
      return;
    }
    if (truncated) ++stats.truncated;
    for (const TokenizedExample* e : {&chosen, &rejected}) {
      stats.tokens += qint64(e->ids.size());
      stats.learnedTokens += e->learnedTokens();
    }
    auto& sequences = (validation ? out->val : out->train).sequences;
    sequences.push_back(std::move(chosen));
    sequences.push_back(std::move(rejected));
  };
  if (!forEachTrainingRow(db, info.id, add, &out->hasSplits, error)) return false;
  if (out->train.pairs() == 0) {
    *error = out->trainStats.conversations == 0
                 ? QStringLiteral("dataset \"%1\" has no rows to train on (all removed by cleaning?)").arg(name)
                 : QStringLiteral("dataset \"%1\": no pair can be trained on; first problem: %2")
                       .arg(name, out->trainStats.firstDropReason);
    return false;
  }
  return true;
}

}  // namespace Atelier
