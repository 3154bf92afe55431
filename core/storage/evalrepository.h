#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

#include <functional>

namespace Atelier {

class Database;

// One stored evaluation: what was evaluated (the base model, or a run's
// checkpoint), on which rows, and the scores. BLEU and ROUGE-L are 0..1 and
// absent (hasGeneration false) when only perplexity was measured.
struct EvalRecord {
  qint64 id = 0;
  QString runName;     // a run's name, or "base"
  QString checkpoint;  // "" for the base model; final, best, step-000020; "adapter" for a bare adapter folder
  QString model;       // base model folder
  QString adapter;     // adapter folder, "" for the base model
  QString dataset;
  QString split;       // train | val | test | all
  int n = 0;
  qint64 tokens = 0;
  double perplexity = 0;
  bool hasGeneration = false;
  double bleu = 0;
  double rougeL = 0;
  int maxNewTokens = 0;
  QDateTime createdAt;
  QJsonObject details;  // BLEU's parts, device, seconds

  // "base", "demo-1 · final", "demo-1 · step-000020".
  QString label() const;
};

struct EvalExampleRecord {
  int position = 0;  // order within the evaluation
  qint64 sourceLine = 0;
  QString prompt;
  QString reference;
  QString generation;
  QVariant rougeL;   // null when nothing was generated for this row
  double nll = 0;    // summed over the answer tokens
  int tokens = 0;
  double perplexity() const;
};

// Which examples are "worst": the lowest ROUGE-L when answers were generated,
// otherwise the highest perplexity.
enum class WorstBy { RougeL, Perplexity };

// The only place that reads and writes evaluation results.
class EvalRepository {
 public:
  explicit EvalRepository(Database& db) : mDb(db) {}

  // Stores the result and all its examples in one transaction; returns the new
  // id, 0 on failure (then nothing is stored).
  qint64 store(const EvalRecord& record, const QList<EvalExampleRecord>& examples, QString* error);

  // Newest first.
  QList<EvalRecord> list();
  bool find(qint64 id, EvalRecord* out);
  // All examples in their evaluation order; `each` returns false to stop.
  bool forEachExample(qint64 id, const std::function<bool(const EvalExampleRecord&)>& each, QString* error);
  QList<EvalExampleRecord> worstExamples(qint64 id, WorstBy by, int limit);
  bool remove(qint64 id, QString* error);

 private:
  Database& mDb;
};

}  // namespace Atelier
