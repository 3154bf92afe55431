#pragma once
// Evaluating a model (with or without an adapter) on a dataset split:
// perplexity on the answers, and greedy answers scored with BLEU and ROUGE-L
// against the reference answers. No torch here: it drives LanguageModel.

#include "data/chattemplate.h"
#include "eval/textmetrics.h"

#include <QList>
#include <QString>

#include <functional>

namespace Atelier {

class Database;
class LanguageModel;

struct EvalOptions {
  QString dataset;
  QString split = QStringLiteral("test");  // train | val | test | "" (all kept rows)
  int maxNewTokens = 128;
  int limit = 0;            // evaluate at most this many rows; 0 = all
  int seqLen = 2048;        // perplexity inputs are cut at this many tokens
  bool generate = true;     // false: perplexity only
  QString chatFamily;       // force a chat template family
};

struct EvalExample {
  qint64 sourceLine = 0;
  QString prompt;     // the last user message
  QString reference;  // the reference answer
  QString generated;
  double rougeL = 0;
  double nll = 0;     // summed over the answer tokens
  int tokens = 0;
};

struct EvalResult {
  int n = 0;
  qint64 tokens = 0;      // answer tokens scored for perplexity
  double meanNll = 0;
  double perplexity = 0;  // exp(mean NLL per answer token)
  BleuResult bleu;
  double rougeL = 0;
  QList<EvalExample> examples;
};

// Progress: rows done and total; return false to cancel. Also called between
// generated tokens (with the same counts), so a cancel is seen within a token.
using EvalProgress = std::function<bool(int done, int total)>;

bool evaluateModel(LanguageModel& model, Database& db, const EvalOptions& options, const EvalProgress& progress,
                   EvalResult* result, QString* error);

}  // namespace Atelier
