#include "rankingstats.h"

#include "krippendorff.h"
#include "storage/database.h"
#include "storage/rankingrepository.h"

#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QSet>

#include <algorithm>

namespace Atelier {

namespace {

// Outcome of candidate pair (x, y), x < y: -1 x better, +1 y better, 0 tie.
using Outcomes = QMap<QPair<qint64, qint64>, int>;

Outcomes outcomesOf(const Judgement& j) {
  Outcomes out;
  if (j.mode == QLatin1String("pairwise")) {
    if (j.a == j.b) return out;
    int o = 0;  // tie or both bad
    if (j.choice == QLatin1String("a")) o = -1;
    else if (j.choice == QLatin1String("b")) o = 1;
    if (j.a < j.b) out.insert({j.a, j.b}, o);
    else out.insert({j.b, j.a}, -o);
    return out;
  }
  for (int i = 0; i < j.ranks.size(); ++i)
    for (int k = 0; k < j.ranks.size(); ++k) {
      const auto& x = j.ranks[i];
      const auto& y = j.ranks[k];
      if (x.first >= y.first) continue;
      out.insert({x.first, y.first}, x.second < y.second ? -1 : (x.second > y.second ? 1 : 0));
    }
  return out;
}

double median(QList<double> v) {
  if (v.isEmpty()) return 0;
  std::sort(v.begin(), v.end());
  const int n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

RankingStats computeRankingStats(const QList<Judgement>& judgements, qint64 promptCount) {
  RankingStats s;
  s.prompts = promptCount;
  QMap<QString, QList<const Judgement*>> byRater;
  QMap<qint64, QMap<QString, const Judgement*>> byPrompt;  // newest judgement per rater
  for (const Judgement& j : judgements) {
    byRater[j.rater].append(&j);
    if (j.skipped) {
      ++s.skipped;
      continue;
    }
    ++s.judgements;
    byPrompt[j.promptId][j.rater] = &j;
  }
  s.ratedPrompts = byPrompt.size();
  for (auto it = byRater.cbegin(); it != byRater.cend(); ++it) {
    RaterStats r;
    r.rater = it.key();
    QList<const Judgement*> list = it.value();
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->createdAt < b->createdAt; });
    QList<double> gaps;
    for (int i = 0; i < list.size(); ++i) {
      list[i]->skipped ? ++r.skipped : ++r.judged;
      if (i > 0) {
        const double g = list[i - 1]->createdAt.msecsTo(list[i]->createdAt) / 1000.0;
        if (g >= 0 && g <= 30 * 60) gaps.append(g);
      }
    }
    r.first = list.first()->createdAt;
    r.last = list.last()->createdAt;
    r.medianSeconds = median(gaps);
    s.raters.append(r);
  }
  qint64 agreedAll = 0;
  QList<QList<double>> units;
  for (auto p = byPrompt.cbegin(); p != byPrompt.cend(); ++p) {
    const QList<const Judgement*> js = p.value().values();
    QHash<qint64, QList<double>> ranksByCandidate;
    for (const Judgement* j : js)
      if (j->mode == QLatin1String("ranking"))
        for (const auto& r : j->ranks) ranksByCandidate[r.first].append(r.second);
    for (const QList<double>& values : ranksByCandidate) units.append(values);
    if (js.size() < 2) continue;
    qint64 compared = 0, agreed = 0;
    for (int a = 0; a < js.size(); ++a) {
      const Outcomes oa = outcomesOf(*js[a]);
      for (int b = a + 1; b < js.size(); ++b) {
        const Outcomes ob = outcomesOf(*js[b]);
        for (auto it = oa.cbegin(); it != oa.cend(); ++it) {
          if (!ob.contains(it.key())) continue;
          ++compared;
          if (ob.value(it.key()) == it.value()) ++agreed;
        }
      }
    }
    if (compared == 0) continue;
    s.comparedPairs += compared;
    agreedAll += agreed;
    s.mostDisagreement.append({p.key(), QString(), int(js.size()), double(agreed) / compared});
  }
  if (s.comparedPairs > 0) s.pairwiseAgreement = double(agreedAll) / s.comparedPairs;
  s.alphaOrdinal = krippendorffAlpha(units, AlphaMetric::Ordinal);
  std::stable_sort(s.mostDisagreement.begin(), s.mostDisagreement.end(),
                   [](const auto& a, const auto& b) { return a.agreement < b.agreement; });
  return s;
}

RankingStats rankingStats(Database& db, qint64 setId) {
  RankingRepository repo(db);
  qint64 prompts = 0;
  for (const PromptSet& set : repo.promptSets())
    if (setId == 0 || set.id == setId) prompts += set.prompts;
  RankingStats s = computeRankingStats(repo.judgements(setId), prompts);
  for (PromptDisagreement& d : s.mostDisagreement) {
    RankPrompt p;
    if (repo.prompt(d.promptId, &p)) d.prompt = p.text;
  }
  return s;
}

QJsonObject rankingStatsJson(const RankingStats& s) {
  QJsonArray raters;
  for (const RaterStats& r : s.raters)
    raters.append(QJsonObject{{QStringLiteral("rater"), r.rater},
                              {QStringLiteral("judged"), double(r.judged)},
                              {QStringLiteral("skipped"), double(r.skipped)},
                              {QStringLiteral("first"), r.first.toString(Qt::ISODateWithMs)},
                              {QStringLiteral("last"), r.last.toString(Qt::ISODateWithMs)},
                              {QStringLiteral("median_seconds_per_judgement"), r.medianSeconds}});
  QJsonArray worst;
  for (const PromptDisagreement& d : s.mostDisagreement)
    worst.append(QJsonObject{{QStringLiteral("prompt_id"), double(d.promptId)},
                             {QStringLiteral("prompt"), d.prompt},
                             {QStringLiteral("raters"), d.raters},
                             {QStringLiteral("agreement"), d.agreement}});
  auto opt = [](const std::optional<double>& v) { return v ? QJsonValue(*v) : QJsonValue(); };
  return {{QStringLiteral("judgements"), double(s.judgements)},
          {QStringLiteral("skipped"), double(s.skipped)},
          {QStringLiteral("prompts"), double(s.prompts)},
          {QStringLiteral("rated_prompts"), double(s.ratedPrompts)},
          {QStringLiteral("compared_pairs"), double(s.comparedPairs)},
          {QStringLiteral("pairwise_agreement"), opt(s.pairwiseAgreement)},
          {QStringLiteral("krippendorff_alpha_ordinal"), opt(s.alphaOrdinal)},
          {QStringLiteral("raters"), raters},
          {QStringLiteral("most_disagreement"), worst}};
}

}  // namespace Atelier
