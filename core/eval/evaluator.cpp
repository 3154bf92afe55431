#include "evaluator.h"

#include "inference/chatprompt.h"
#include "inference/languagemodel.h"
#include "storage/datasetrepository.h"
#include "tokenizer/tokenizer.h"
#include "training/sftexamples.h"

#include <cmath>

namespace Atelier {

namespace {

// −log softmax(row)[target], in double for a stable sum over many tokens.
double tokenNll(const float* row, int vocab, int target) {
  double maximum = row[0];
  for (int v = 1; v < vocab; ++v) maximum = std::max(maximum, double(row[v]));
  double sum = 0;
  for (int v = 0; v < vocab; ++v) sum += std::exp(double(row[v]) - maximum);
  return -(double(row[target]) - maximum - std::log(sum));
}

bool scoreAnswerTokens(LanguageModel& model, const TokenizedExample& e, EvalExample* out, QString* error) {
  std::vector<float> logits;
  if (!model.logits(e.ids, &logits, error)) return false;
  const int vocab = model.config().vocabSize;
  for (size_t t = 1; t < e.ids.size(); ++t) {
    if (!e.learn[t]) continue;
    out->nll += tokenNll(logits.data() + (t - 1) * vocab, vocab, e.ids[t]);
    ++out->tokens;
  }
  return true;
}

// The messages before the last answer, and that answer (the chosen one of a preference row).
bool splitLastAnswer(const Conversation& c, QList<ChatMessage>* prompt, QString* reference) {
  int last = -1;
  for (int i = 0; i < c.turns.size(); ++i)
    if (c.turns[i].role == QLatin1String("assistant") && c.turns[i].variant != QLatin1String("rejected")) last = i;
  if (last < 0) return false;
  for (int i = 0; i < last; ++i)
    if (c.turns[i].variant.isEmpty()) prompt->append({c.turns[i].role, c.turns[i].content});
  *reference = c.turns[last].content;
  return !prompt->isEmpty();
}

}  // namespace

bool evaluateModel(LanguageModel& model, Database& db, const EvalOptions& o, const EvalProgress& progress,
                   EvalResult* result, QString* error) {
  *result = EvalResult();
  Tokenizer* tokenizer = model.tokenizer();
  if (!tokenizer) {
    *error = QStringLiteral("%1 has no tokenizer, which evaluation needs").arg(model.folder());
    return false;
  }
  DatasetRepository repo(db);
  DatasetInfo info;
  if (!repo.find(o.dataset, &info)) {
    *error = QStringLiteral("the project has no dataset \"%1\"").arg(o.dataset);
    return false;
  }
  ChatTemplate chatTemplate;
  const bool text = info.kind == QLatin1String("text");
  if (!modelChatTemplate(model.folder(), tokenizer, o.chatFamily, &chatTemplate, error) && !text) return false;
  QList<Conversation> rows;
  if (!repo.forEachConversation(info.id, o.split, [&](const Conversation& c) {
        rows.append(c);
        return o.limit <= 0 || rows.size() < o.limit;
      }, error))
    return false;
  if (rows.isEmpty()) {
    *error = QStringLiteral("dataset \"%1\" has no kept rows in split \"%2\": split it first (Data step or "
                            "`atelier data split`)").arg(o.dataset, o.split.isEmpty() ? QStringLiteral("all") : o.split);
    return false;
  }
  ExampleOptions exampleOptions;
  exampleOptions.seqLen = o.seqLen;
  QStringList hypotheses, references;
  double nll = 0;
  for (int i = 0; i < rows.size(); ++i) {
    if (progress && !progress(i, rows.size())) {
      *error = QStringLiteral("evaluation cancelled");
      return false;
    }
    // A long answer can take a while: cancelling is also checked between its tokens.
    const int done = i, total = rows.size();
    const LanguageModel::TokenCallback keepGoing = [&progress, done, total](int32_t, const QString&) {
      return !progress || progress(done, total);
    };
    const Conversation& c = rows[i];
    EvalExample example;
    example.sourceLine = c.sourceLine;
    TokenizedExample tokenized;
    bool truncated = false;
    if (!tokenizeConversation(c, chatTemplate, tokenizer, exampleOptions, &tokenized, &truncated, error) ||
        !scoreAnswerTokens(model, tokenized, &example, error)) {
      *error = QStringLiteral("line %1: %2").arg(c.sourceLine).arg(*error);
      return false;
    }
    nll += example.nll;
    result->tokens += example.tokens;
    QList<ChatMessage> prompt;
    if (o.generate && !text && splitLastAnswer(c, &prompt, &example.reference)) {
      example.prompt = prompt.last().content;
      RenderedChat rendered;
      std::vector<int32_t> ids;
      GenerationOptions generation;
      generation.maxNewTokens = o.maxNewTokens;
      generation.stopStrings = chatStopStrings(chatTemplate);
      GenerationResult generated;
      if (!renderChat(chatTemplate, prompt, true, &rendered, error) ||
          !encodeRenderedChat(tokenizer, chatTemplate, rendered.text, &ids, error) ||
          !model.generate(ids, generation, keepGoing, &generated, error)) {
        *error = QStringLiteral("line %1: %2").arg(c.sourceLine).arg(*error);
        return false;
      }
      if (generated.stopReason == QLatin1String("cancelled")) {
        *error = QStringLiteral("evaluation cancelled");
        return false;
      }
      example.generated = generated.text.trimmed();
      example.rougeL = rougeL(example.generated, example.reference);
      hypotheses << example.generated;
      references << example.reference;
    }
    result->examples.append(example);
  }
  if (progress) progress(rows.size(), rows.size());
  result->n = rows.size();
  result->meanNll = result->tokens > 0 ? nll / double(result->tokens) : 0;
  result->perplexity = std::exp(result->meanNll);
  if (!hypotheses.isEmpty()) {
    result->bleu = corpusBleu(hypotheses, references);
    result->rougeL = meanRougeL(hypotheses, references);
  }
  return true;
}

}  // namespace Atelier
