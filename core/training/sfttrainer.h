#pragma once
// The supervised fine-tuning recipe: LoRA on a base model, trained on
// tokenized examples, with evaluation, early stopping, checkpoints and exact
// resume. No torch in this header: the CLI worker and tests call it.

#include "training/sftconfig.h"
#include "training/sftexamples.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>

namespace Atelier {

// Receives every event line (see DESIGN.md, "Long work runs in a worker process").
using EventSink = std::function<void(const QJsonObject& event)>;

enum class RunOutcome { Finished, Stopped, Failed };

struct SftRunControl {
  bool resume = false;                       // continue from the newest checkpoint of runDir
  const std::atomic<bool>* stop = nullptr;   // set (e.g. by SIGTERM): checkpoint, then return Stopped
  int padId = 0;
  // Called before a checkpoint is written: the events up to it must be stored
  // by then, since a resume from it will not repeat them.
  std::function<void()> beforeCheckpoint;
};

// Runs (or resumes) the whole recipe. The final adapter goes to
// <runDir>/adapter: with early stopping (patience > 0) the best one by
// validation loss, else the last; the best is also kept in <runDir>/best-adapter.
// On Finished, *summary holds the final metrics.
RunOutcome trainSft(const SftConfig& config, const SftData& data, const SftRunControl& control,
                    const EventSink& emit, QJsonObject* summary, QString* error);

}  // namespace Atelier
