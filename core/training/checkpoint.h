#pragma once
// Training checkpoints: everything a run needs to continue exactly where it was.
// Internal (torch).
//
//   <runDir>/checkpoints/step-000050/
//     adapter/                  PEFT adapter (adapter_config.json + adapter_model.safetensors)
//     optimizer.safetensors     AdamW moments by parameter name, and the CPU RNG state
//     trainer_state.json        step, place in the data order, best validation loss, ...
//
// A checkpoint is written under a temporary name and renamed into place, so a
// folder named step-* is always complete; leftovers of a killed write are ignored.

#include "model/causallm.h"
#include "peft/loraconfig.h"
#include "training/adamw.h"

#include <QJsonObject>
#include <QString>

namespace Atelier {

struct TrainerState {
  int64_t step = 0;        // optimizer steps done
  int epoch = 0;           // the epoch the next window belongs to
  int window = 0;          // the next gradient-accumulation window within that epoch
  double bestValLoss = -1; // < 0: no evaluation yet
  int64_t bestStep = -1;
  int evalsSinceBest = 0;
  double elapsedSeconds = 0;
  qint64 tokensSeen = 0;

  QJsonObject toJson() const;
  static TrainerState fromJson(const QJsonObject& o);
};

QString checkpointName(int64_t step);  // "step-000050"

bool saveCheckpoint(const QString& runDir, CausalLM& model, const LoraConfig& lora, const AdamW& optimizer,
                    const TrainerState& state, QString* path, QString* error);

// The newest complete checkpoint of a run, or an empty string.
QString latestCheckpoint(const QString& runDir);

// Reads the trainer state of a checkpoint folder.
bool readTrainerState(const QString& checkpoint, TrainerState* state, QString* error);

// Loads the adapter into `model` (which must have none yet), then restores the
// optimizer and the RNG state. Call after the optimizer is built.
bool loadCheckpointAdapter(const QString& checkpoint, CausalLM& model, LoraConfig* lora, QString* error);
bool loadCheckpointOptimizer(const QString& checkpoint, AdamW& optimizer, const TrainerState& state,
                             QString* error);

// Deletes old checkpoints: keeps the newest `keep` and the one at `bestStep`.
void pruneCheckpoints(const QString& runDir, int keep, int64_t bestStep);

// Replaces `target` by `source` (a complete folder) with a rename, so the
// target is always either the old or the new complete folder.
bool replaceFolder(const QString& source, const QString& target, QString* error);

}  // namespace Atelier
