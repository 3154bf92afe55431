#pragma once
// Text-overlap metrics between generated answers and reference answers.

#include <QString>
#include <QStringList>

namespace Atelier {

struct BleuResult {
  double bleu = 0;            // 0..1
  double precisions[4] = {};  // modified n-gram precisions, n = 1..4
  double brevityPenalty = 0;
  qint64 hypothesisLength = 0, referenceLength = 0;
};

// Corpus BLEU as NLTK's corpus_bleu computes it with its defaults (4-grams,
// uniform weights, no smoothing) on whitespace tokens, one reference per
// hypothesis: clipped n-gram counts summed over the corpus, each sentence
// counting at least 1 in every denominator, brevity penalty from the summed
// lengths; 0 when some n-gram order has no match at all.
BleuResult corpusBleu(const QStringList& hypotheses, const QStringList& references);

// ROUGE-L F-measure (β = 1) of one pair on whitespace tokens: from the longest
// common subsequence, P = LCS/|hyp|, R = LCS/|ref|, F = 2PR/(P+R).
double rougeL(const QString& hypothesis, const QString& reference);
// The mean of the per-pair F-measures.
double meanRougeL(const QStringList& hypotheses, const QStringList& references);

QStringList whitespaceTokens(const QString& text);

}  // namespace Atelier
