#!/usr/bin/python3
"""Golden BLEU values for tst_textmetrics, from NLTK (python3-nltk).

  /usr/bin/python3 tests/data/eval/make_goldens.py

Writes hyp.txt and ref.txt (120 line-aligned pairs: answers about bikes with
words swapped, dropped, added and repeated, some short, one empty) and
golden.json: corpus_bleu with NLTK's defaults on whitespace tokens for the
whole corpus and for a few slices, with the modified precisions.
"""
import json
import random
from fractions import Fraction

from nltk.translate.bleu_score import corpus_bleu, modified_precision, brevity_penalty

WORDS = ("the a your bike chain brake tyre wheel saddle gear service workshop costs takes "
         "one two three day hour euros we you can will is are open closed on at from to "
         "and or but with for check oil pump fix replace adjust clean new old front rear").split()

rng = random.Random(20261123)
refs, hyps = [], []
for i in range(120):
    ref = [rng.choice(WORDS) for _ in range(rng.randint(3, 25))]
    hyp = list(ref)
    kind = i % 6
    if kind == 1:  # a few words replaced
        for _ in range(rng.randint(1, 4)):
            hyp[rng.randrange(len(hyp))] = rng.choice(WORDS)
    elif kind == 2:  # shorter
        hyp = hyp[: max(1, len(hyp) // 2)]
    elif kind == 3:  # longer, with a repeated phrase
        hyp = hyp + hyp[: rng.randint(1, 5)]
    elif kind == 4:  # shuffled
        rng.shuffle(hyp)
    elif kind == 5:  # unrelated
        hyp = [rng.choice(WORDS) for _ in range(rng.randint(1, 20))]
    if i == 17:
        hyp = []
    if i in (23, 41):
        hyp = hyp[:2]
    refs.append(" ".join(ref))
    hyps.append("  ".join(hyp) if i % 7 == 0 else " ".join(hyp))  # double spaces: still whitespace

with open("hyp.txt", "w") as f:
    f.write("\n".join(hyps) + "\n")
with open("ref.txt", "w") as f:
    f.write("\n".join(refs) + "\n")


def score(lo, hi):
    R = [[r.split()] for r in refs[lo:hi]]
    H = [h.split() for h in hyps[lo:hi]]
    num = [0] * 4
    den = [0] * 4
    for r, h in zip(R, H):
        for n in range(1, 5):
            p = modified_precision(r, h, n)
            num[n - 1] += p.numerator
            den[n - 1] += p.denominator
    return {"from": lo, "to": hi, "bleu": corpus_bleu(R, H),
            "precisions": [n / d for n, d in zip(num, den)],
            "brevity_penalty": brevity_penalty(sum(len(r[0]) for r in R), sum(len(h) for h in H))}


# The precisions above use Fraction(_normalize=False) parts exactly as corpus_bleu sums them.
slices = [score(0, 120), score(0, 10), score(50, 100), score(17, 18), score(23, 24), score(100, 120)]
with open("golden.json", "w") as f:
    json.dump(slices, f, indent=1)
print(json.dumps([(s["from"], s["to"], s["bleu"]) for s in slices]))
