#pragma once

#include "inference/languagemodel.h"

#include <QString>

#include <functional>

namespace Atelier {

class Database;

struct CandidateOptions {
  int k = 4;                  // responses per prompt
  GenerationOptions generation;  // sampling settings; the seed of response i is seed + i
  QString chatFamily;         // forced chat template family, or empty
  bool skipFilled = true;     // prompts that already have k candidates from this model/adapter are left alone
};

struct CandidateProgress {
  int promptsDone = 0, promptsTotal = 0;
  qint64 candidatesWritten = 0;
  double elapsedSeconds = 0;
};

// Generates K sampled responses per prompt of a set with one model (and
// adapter), stores each with its provenance as soon as it exists (so a
// cancelled or killed run keeps what it made). `progress` is called after each
// prompt; returning false cancels.
bool generateCandidates(Database& db, qint64 setId, LanguageModel& model, const CandidateOptions& options,
                        const std::function<bool(const CandidateProgress&)>& progress, CandidateProgress* result,
                        QString* error);

// The first user message of each conversation of a dataset, for a prompt set.
bool datasetUserPrompts(Database& db, const QString& datasetName, QStringList* prompts, QString* error);

}  // namespace Atelier
