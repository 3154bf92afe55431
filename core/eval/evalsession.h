#pragma once
// One evaluation from start to stored result, as `atelier eval`, the demo and
// the Evaluate page run it: resolve what to evaluate (the base model, or a
// run's checkpoint), load it, evaluate, store. No torch here.

#include "eval/evaluator.h"
#include "storage/evalrepository.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Atelier {

class Database;
struct RunInfo;

// What is evaluated. A base model has no adapter and runName "base".
struct EvalTarget {
  QString model;       // base model folder
  QString adapter;     // PEFT adapter folder, "" for the base model
  QString runName = QStringLiteral("base");
  QString checkpoint;  // "" (base), final, best, step-000020, or "adapter" (a folder given by hand)
};

// The checkpoints of a run that exist on disk, as --checkpoint names them:
// "final" (RUNDIR/adapter), "best" (RUNDIR/best-adapter), then the step
// checkpoints newest first ("step-000040", ...).
QStringList runCheckpoints(const RunInfo& run);

// The run's base model and the adapter folder of `checkpoint` (final, best,
// step-N or step-000N; "" means final). False with a message that lists the
// checkpoints the run has.
bool resolveRunTarget(Database& db, const QString& runName, const QString& checkpoint, EvalTarget* target,
                      QString* error);

// Phase "loading" (done/total in per mille of the weights) then "evaluating"
// (rows done and total); return false to cancel.
using EvalSessionProgress = std::function<bool(const QString& phase, int done, int total)>;

struct EvalSessionOptions {
  EvalOptions eval;
  QString device = QStringLiteral("auto");
  bool store = true;  // false: measure only (`--no-store`)
};

// Loads the target, evaluates it and (unless told not to) stores the result
// with every example; *storedId is 0 when nothing was stored. A failed or
// cancelled evaluation stores nothing.
bool runEvalSession(Database& db, const EvalTarget& target, const EvalSessionOptions& options,
                    const EvalSessionProgress& progress, EvalResult* result, qint64* storedId, QString* error);

// The stored form of a result.
EvalRecord evalRecordFor(const EvalTarget& target, const EvalOptions& options, const EvalResult& result);
QList<EvalExampleRecord> evalExampleRecordsFor(const EvalResult& result);

}  // namespace Atelier
