#pragma once
// Turning a dataset split into token sequences with loss masks (no torch).

#include "data/chattemplate.h"
#include "data/conversation.h"

#include <QString>

#include <functional>

#include <cstdint>
#include <vector>

namespace Atelier {

class Tokenizer;

struct TokenizedExample {
  std::vector<int32_t> ids;
  std::vector<uint8_t> learn;  // 1 where the model is taught to predict this token
  int learnedTokens() const;
};

struct ExampleOptions {
  int seqLen = 512;
  bool assistantOnlyLoss = true;  // chat: only assistant messages (with their end-of-turn)
};

struct ExampleStats {
  int conversations = 0;
  int truncated = 0;   // longer than seqLen: cut
  int dropped = 0;     // nothing left to learn after cutting (or a template refusal)
  QString firstDropReason;
  qint64 tokens = 0;
  qint64 learnedTokens = 0;

  // Counts a row left out, keeping the first reason ("line N: why").
  void drop(qint64 line, const QString& why);
};

// One conversation as the model's chat template renders it. The prompt part and
// each assistant answer are encoded separately, as prompt and completion: the
// prompt gets exactly the ids that inference gives the same messages, so the
// model learns to continue from what it will see when chatting. Rejected
// answers of preference rows are left out (SFT learns the chosen one).
// Plain documents ("text" turns) are learned whole, with the eos token after.
bool tokenizeConversation(const Conversation& conversation, const ChatTemplate& chatTemplate,
                          Tokenizer* tokenizer, const ExampleOptions& options,
                          TokenizedExample* out, bool* truncated, QString* error);

}  // namespace Atelier

namespace Atelier {

class Database;

struct DatasetInfo;

// The dataset a run trains on; a missing one gets a message naming where to
// look. Fills *info.
bool findTrainingDataset(Database& db, const QString& datasetName, DatasetInfo* info, QString* error);

// Visits the kept rows of the train split, then those of the validation split;
// a dataset that was never split has all its kept rows visited as train, and
// *hasSplits says which it was.
bool forEachTrainingRow(Database& db, qint64 datasetId,
                        const std::function<void(const Conversation&, bool validation)>& visit, bool* hasSplits,
                        QString* error);

struct SftData {
  std::vector<TokenizedExample> train, val;
  ExampleStats trainStats, valStats;
  bool hasSplits = false;  // false: the dataset was never split, all kept rows train
  QString datasetKind;     // chat | text | preference
};

// Reads the kept, cleaned rows of a dataset's train and validation splits and
// tokenizes them. Examples with nothing to learn are dropped and counted.
bool loadSftData(Database& db, const QString& datasetName, const ChatTemplate& chatTemplate,
                 Tokenizer* tokenizer, const ExampleOptions& options, SftData* out, QString* error);

}  // namespace Atelier
