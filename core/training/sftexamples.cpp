#include "sftexamples.h"

#include "inference/chatprompt.h"
#include "tokenizer/tokenizer.h"

namespace Atelier {

int TokenizedExample::learnedTokens() const {
  int n = 0;
  for (uint8_t l : learn) n += l;
  return n;
}

namespace {

bool append(Tokenizer* tokenizer, const ChatTemplate& t, const QString& text, bool learn,
            TokenizedExample* out, QString* error) {
  if (text.isEmpty()) return true;
  std::vector<int32_t> ids;
  if (!encodeRenderedChat(tokenizer, t, text, &ids, error)) return false;
  out->ids.insert(out->ids.end(), ids.begin(), ids.end());
  out->learn.insert(out->learn.end(), ids.size(), learn ? 1 : 0);
  return true;
}

bool isDocument(const Conversation& c) {
  return !c.turns.isEmpty() && c.turns.first().role == QLatin1String("text");
}

}  // namespace

bool tokenizeConversation(const Conversation& c, const ChatTemplate& t, Tokenizer* tokenizer,
                          const ExampleOptions& options, TokenizedExample* out, bool* truncated,
                          QString* error) {
  *out = TokenizedExample();
  *truncated = false;
  if (isDocument(c)) {
    QString text;
    for (const Turn& turn : c.turns) text += turn.content;
    if (!tokenizer->encode(text, &out->ids)) {
      *error = tokenizer->errorString();
      return false;
    }
    if (tokenizer->bosId() >= 0) out->ids.insert(out->ids.begin(), tokenizer->bosId());
    if (tokenizer->eosId() >= 0) out->ids.push_back(tokenizer->eosId());
    out->learn.assign(out->ids.size(), 1);
  } else {
    QList<ChatMessage> messages;
    for (const Turn& turn : c.turns)
      if (turn.variant != QLatin1String("rejected")) messages.append({turn.role, turn.content});
    RenderedChat rendered;
    if (!renderChat(t, messages, /*addGenerationPrompt=*/false, &rendered, error)) return false;
    int pos = 0;
    for (const auto& [start, end] : rendered.assistantSpans) {
      if (!append(tokenizer, t, rendered.text.mid(pos, start - pos), !options.assistantOnlyLoss, out, error) ||
          !append(tokenizer, t, rendered.text.mid(start, end - start), true, out, error))
        return false;
      pos = end;
    }
    if (!append(tokenizer, t, rendered.text.mid(pos), !options.assistantOnlyLoss, out, error)) return false;
  }
  if (int(out->ids.size()) > options.seqLen) {
    out->ids.resize(options.seqLen);
    out->learn.resize(options.seqLen);
    *truncated = true;
  }
  // The first token is never predicted (nothing comes before it).
  if (!out->learn.empty()) out->learn[0] = 0;
  return true;
}

}  // namespace Atelier

#include "storage/datasetrepository.h"

namespace Atelier {

void ExampleStats::drop(qint64 line, const QString& why) {
  ++dropped;
  if (firstDropReason.isEmpty()) firstDropReason = QStringLiteral("line %1: %2").arg(line).arg(why);
}

bool findTrainingDataset(Database& db, const QString& name, DatasetInfo* info, QString* error) {
  if (DatasetRepository(db).find(name, info)) return true;
  *error = QStringLiteral("the project has no dataset \"%1\" (see `atelier data stats` or the Data "
                          "step for the names)").arg(name);
  return false;
}

bool forEachTrainingRow(Database& db, qint64 datasetId,
                        const std::function<void(const Conversation&, bool validation)>& visit, bool* hasSplits,
                        QString* error) {
  DatasetRepository repo(db);
  int trainRows = 0;
  const auto read = [&](const QString& split, bool validation) {
    return repo.forEachConversation(datasetId, split, [&](const Conversation& c) {
      if (!validation) ++trainRows;
      visit(c, validation);
      return true;
    }, error);
  };
  if (!read(QStringLiteral("train"), false) || !read(QStringLiteral("val"), true)) return false;
  *hasSplits = trainRows > 0;
  // Never split: every kept row trains.
  return *hasSplits || read(QString(), false);
}

bool loadSftData(Database& db, const QString& name, const ChatTemplate& t, Tokenizer* tokenizer,
                 const ExampleOptions& options, SftData* out, QString* error) {
  DatasetInfo info;
  if (!findTrainingDataset(db, name, &info, error)) return false;
  *out = SftData();
  out->datasetKind = info.kind;
  const auto add = [&](const Conversation& c, bool validation) {
    ExampleStats& stats = validation ? out->valStats : out->trainStats;
    ++stats.conversations;
    TokenizedExample example;
    bool truncated = false;
    QString why;
    if (!tokenizeConversation(c, t, tokenizer, options, &example, &truncated, &why)) {
      stats.drop(c.sourceLine, why);
      return;
    }
    if (truncated) ++stats.truncated;
    const int learned = example.learnedTokens();
    if (learned == 0) {
      stats.drop(c.sourceLine, QStringLiteral("nothing to learn within %1 tokens (no assistant answer, or the "
                                              "prompt fills the whole sequence length)").arg(options.seqLen));
      return;
    }
    stats.tokens += qint64(example.ids.size());
    stats.learnedTokens += learned;
    (validation ? out->val : out->train).push_back(std::move(example));
  };
  if (!forEachTrainingRow(db, info.id, add, &out->hasSplits, error)) return false;
  if (out->train.empty()) {
    *error = out->trainStats.conversations == 0
                 ? QStringLiteral("dataset \"%1\" has no rows to train on (all removed by cleaning?)").arg(name)
                 : QStringLiteral("dataset \"%1\": no row has anything to learn; first problem: %2")
                       .arg(name, out->trainStats.firstDropReason);
    return false;
  }
  return true;
}

}  // namespace Atelier
