#include "textmetrics.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <vector>

namespace Atelier {

QStringList whitespaceTokens(const QString& text) {
  // Python's str.split(): runs of any whitespace separate, none at the ends.
  static const QRegularExpression space(QStringLiteral("\\s+"));
  return text.split(space, Qt::SkipEmptyParts);
}

namespace {

QHash<QString, int> ngramCounts(const QStringList& tokens, int n) {
  QHash<QString, int> counts;
  for (int i = 0; i + n <= tokens.size(); ++i)
    ++counts[tokens.mid(i, n).join(QChar(0x1F))];  // a separator no token contains
  return counts;
}

int lcsLength(const QStringList& a, const QStringList& b) {
  std::vector<int> previous(b.size() + 1, 0), current(b.size() + 1, 0);
  for (int i = 1; i <= a.size(); ++i) {
    for (int j = 1; j <= b.size(); ++j)
      current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], current[j - 1]);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

BleuResult corpusBleu(const QStringList& hypotheses, const QStringList& references) {
  BleuResult r;
  qint64 numerators[4] = {}, denominators[4] = {};
  const int pairs = std::min(hypotheses.size(), references.size());
  for (int s = 0; s < pairs; ++s) {
    const QStringList hyp = whitespaceTokens(hypotheses[s]);
    const QStringList ref = whitespaceTokens(references[s]);
    r.hypothesisLength += hyp.size();
    r.referenceLength += ref.size();
    for (int n = 1; n <= 4; ++n) {
      const QHash<QString, int> h = ngramCounts(hyp, n), rc = ngramCounts(ref, n);
      qint64 clipped = 0, total = 0;
      for (auto it = h.cbegin(); it != h.cend(); ++it) {
        clipped += std::min(it.value(), rc.value(it.key(), 0));
        total += it.value();
      }
      numerators[n - 1] += clipped;
      denominators[n - 1] += std::max<qint64>(1, total);
    }
  }
  for (int n = 0; n < 4; ++n) r.precisions[n] = denominators[n] > 0 ? double(numerators[n]) / denominators[n] : 0;
  const double c = double(r.hypothesisLength), ref = double(r.referenceLength);
  r.brevityPenalty = c > ref ? 1.0 : c == 0 ? 0.0 : std::exp(1.0 - ref / c);
  if (numerators[0] == 0) return r;
  double logSum = 0;
  for (int n = 0; n < 4; ++n) {
    if (numerators[n] == 0) return r;  // NLTK without smoothing: a missing order gives 0
    logSum += 0.25 * std::log(r.precisions[n]);
  }
  r.bleu = r.brevityPenalty * std::exp(logSum);
  return r;
}

double rougeL(const QString& hypothesis, const QString& reference) {
  const QStringList hyp = whitespaceTokens(hypothesis), ref = whitespaceTokens(reference);
  if (hyp.isEmpty() || ref.isEmpty()) return 0;
  const int lcs = lcsLength(hyp, ref);
  if (lcs == 0) return 0;
  const double p = double(lcs) / hyp.size(), r = double(lcs) / ref.size();
  return 2 * p * r / (p + r);
}

double meanRougeL(const QStringList& hypotheses, const QStringList& references) {
  const int pairs = std::min(hypotheses.size(), references.size());
  if (pairs == 0) return 0;
  double sum = 0;
  for (int i = 0; i < pairs; ++i) sum += rougeL(hypotheses[i], references[i]);
  return sum / pairs;
}

}  // namespace Atelier
