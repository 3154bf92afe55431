#pragma once
// A preference dataset's pairs as token sequences for DPO and reward-model
// training (no torch).

#include "training/sftexamples.h"

#include <QString>

#include <vector>

namespace Atelier {

class Database;

// Pair i is sequences[2i] (the chosen answer) and sequences[2i+1] (the
// rejected one), each the whole conversation as the chat template renders it.
// Only the tokens after the part both share are marked learned: the answers,
// whose log-probabilities DPO compares.
struct PreferenceSplit {
  std::vector<TokenizedExample> sequences;
  int pairs() const { return int(sequences.size() / 2); }
};

struct PreferenceData {
  PreferenceSplit train, val;
  ExampleStats trainStats, valStats;  // conversations = pairs read; dropped = pairs left out
  bool hasSplits = false;             // false: never split, all kept rows train
};

// Tokenizes one preference conversation (its last turns marked chosen and
// rejected). False with *why when the pair cannot train: no rejected answer,
// or the answers are the same within the sequence length.
bool tokenizePreferencePair(const Conversation& conversation, const ChatTemplate& chatTemplate,
                            Tokenizer* tokenizer, int seqLen, TokenizedExample* chosen,
                            TokenizedExample* rejected, bool* truncated, QString* why);

// Reads the kept rows of a preference dataset's train and validation splits.
bool loadPreferenceData(Database& db, const QString& datasetName, const ChatTemplate& chatTemplate,
                        Tokenizer* tokenizer, int seqLen, PreferenceData* out, QString* error);

}  // namespace Atelier
