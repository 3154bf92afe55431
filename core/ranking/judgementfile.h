#pragma once

#include <QString>

namespace Atelier {

class Database;

// Judgements as JSON lines that carry everything needed to merge them into
// another copy of the project: the UUID, the rater's name, the prompt set and
// prompt text, and the texts (with provenance) of the candidates they rank.
// setId 0 = every set. Returns the number written, -1 on failure; the file
// appears complete or not at all.
qint64 exportJudgements(Database& db, qint64 setId, const QString& path, QString* error);

struct ImportSummary {
  qint64 imported = 0;
  qint64 duplicates = 0;  // UUIDs already in the project: left as they are
  qint64 createdPrompts = 0, createdCandidates = 0, createdRaters = 0;
};

// Idempotent: a judgement whose UUID the project has is skipped, nothing is
// overwritten. Prompts, candidates and raters are matched by text/name and
// created when missing. The whole file is checked first and imported in one
// transaction: a bad line (named with its number and field) imports nothing.
bool importJudgements(Database& db, const QString& path, ImportSummary* summary, QString* error);

}  // namespace Atelier
