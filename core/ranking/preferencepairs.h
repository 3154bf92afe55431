#pragma once

#include "storage/rankingrepository.h"

#include <QList>
#include <QString>

namespace Atelier {

class Database;

enum class PairMode { All, Adjacent };

// "candidate winner is better than candidate loser" from one judgement.
struct PairVote {
  qint64 winner = 0;
  qint64 loser = 0;
};

// Ranking: all pairs of different ranks, or only neighbouring rank levels;
// ties give nothing. Pairwise: "a" or "b" give one pair, "tie"/"both_bad" none.
// Skipped judgements give nothing.
QList<PairVote> pairsFromJudgement(const Judgement& j, PairMode mode);

struct PreferencePair {
  qint64 promptId = 0;
  QString prompt;
  qint64 chosenId = 0, rejectedId = 0;
  QString chosen, rejected;
  int votesFor = 0, votesAgainst = 0;  // raters who preferred chosen / rejected
};

// Pairs over all raters: a pair is kept when more votes prefer one answer than
// the other (contested pairs with equal votes are dropped). setId 0 = all sets.
QList<PreferencePair> preferencePairs(Database& db, qint64 setId, PairMode mode);

// TRL's DPO layout, one {"prompt","chosen","rejected"} object per line; the file
// appears complete or not at all.
bool writeDpoJsonl(const QList<PreferencePair>& pairs, const QString& path, QString* error);

// A preference dataset in the project (user turn + chosen/rejected assistant
// turns, like an imported pairs file) so the pairs can be trained on later.
qint64 createPreferenceDataset(Database& db, const QString& name, const QList<PreferencePair>& pairs,
                               QString* error);

}  // namespace Atelier
