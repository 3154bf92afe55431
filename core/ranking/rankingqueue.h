#pragma once

#include <QtGlobal>

namespace Atelier {

class Database;

struct QueueProgress {
  qint64 done = 0;       // prompts this rater has judged or skipped in the set
  qint64 available = 0;  // prompts the rater may still get
};

// Picks the next prompt of a set for a rater so coverage stays even: among
// prompts with at least two candidates that the rater has never seen (judged or
// skipped) and that still need raters (fewer non-skipped judgements than the
// owner's raters-per-prompt), the one with the fewest judgements, then the
// earliest. 0 when the rater is done.
qint64 nextPromptForRater(Database& db, qint64 setId, qint64 raterId, QueueProgress* progress = nullptr);

}  // namespace Atelier
