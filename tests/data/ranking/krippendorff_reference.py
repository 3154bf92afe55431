#!/usr/bin/env python3
# Independent reference for Krippendorff's alpha (coincidence-matrix form, as in
# Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011), written
# from the paper's formulas; prints alpha for the paper's 4-observer example.
from collections import defaultdict

NA = None
data = [  # rows: observers A..D, columns: units 1..12
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
    [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],
]

def alpha(data, metric):
    units = list(zip(*data))
    o = defaultdict(float)
    for unit in units:
        vals = [v for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, c in enumerate(vals):
            for j, k in enumerate(vals):
                if i != j:
                    o[(c, k)] += 1.0 / (m - 1)
    values = sorted({c for c, _ in o})
    n_c = {c: sum(o[(c, k)] for k in values) for c in values}
    n = sum(n_c.values())
    def delta(c, k):
        if metric == "nominal":
            return 0.0 if c == k else 1.0
        if metric == "interval":
            return float(c - k) ** 2
        lo, hi = min(c, k), max(c, k)
        s = sum(n_c[g] for g in values if lo <= g <= hi)
        return (s - (n_c[c] + n_c[k]) / 2.0) ** 2
    do = sum(o[(c, k)] * delta(c, k) for c in values for k in values)
    de = sum(n_c[c] * n_c[k] * delta(c, k) for c in values for k in values) / (n - 1)
    return 1.0 - do / de

for metric in ("nominal", "ordinal", "interval"):
    print(metric, "%.6f" % alpha(data, metric))
