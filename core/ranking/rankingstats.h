#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Atelier {

class Database;
struct Judgement;

struct RaterStats {
  QString rater;
  qint64 judged = 0;   // judgements made (not skipped)
  qint64 skipped = 0;
  QDateTime first, last;
  double medianSeconds = 0;  // between consecutive judgements in one sitting (gaps > 30 min ignored)
};

struct PromptDisagreement {
  qint64 promptId = 0;
  QString prompt;
  int raters = 0;
  double agreement = 0;  // share of compared candidate pairs where two raters agree
};

struct RankingStats {
  qint64 judgements = 0, skipped = 0, prompts = 0, ratedPrompts = 0;
  QList<RaterStats> raters;
  qint64 comparedPairs = 0;                  // (rater pair, candidate pair) comparisons
  std::optional<double> pairwiseAgreement;   // empty: no prompt seen by two raters
  std::optional<double> alphaOrdinal;        // Krippendorff's alpha over ranks
  QList<PromptDisagreement> mostDisagreement;  // lowest agreement first
};

// Pairwise agreement: for every prompt, every two raters who judged it and
// every candidate pair both compared (ranking ranks, or a pairwise choice),
// whether they gave the same outcome (better / worse / tie; "both bad" is a
// tie). Alpha: units are (prompt, candidate), values the ranks raters gave.
RankingStats computeRankingStats(const QList<Judgement>& judgements, qint64 promptCount = 0);
RankingStats rankingStats(Database& db, qint64 setId = 0);
QJsonObject rankingStatsJson(const RankingStats& s);

}  // namespace Atelier
