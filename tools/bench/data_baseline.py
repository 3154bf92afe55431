#!/usr/bin/python3
"""Baseline and test file for `atelier bench data`.

  /usr/bin/python3 tools/bench/data_baseline.py --make FILE N   # N synthetic conversations (ShareGPT JSONL)
  /usr/bin/python3 tools/bench/data_baseline.py FILE            # json.loads + sha1 per line, timed

The baseline does the least a script would: parse each line and hash its
text for exact de-duplication. Prints JSON.
"""
import hashlib
import json
import random
import sys
import time

WORDS = ("bike wheel chain brake gear tyre pump saddle pedal light service repair spoke rim hub frame fork "
         "cable shifter derailleur cassette crank bearing valve tube patch lever bolt torque grease clean").split()


def make(path, n):
    rnd = random.Random(1)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            q = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 20))) + f" #{i}?"
            a = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(40, 80))) + "."
            if i % 50 == 0:
                a += f" Write to user{i}@example.com or call 555-{i % 1000:03d}-{i % 10000:04d}."
            f.write(json.dumps({"conversations": [{"from": "human", "value": q}, {"from": "gpt", "value": a}]}) + "\n")


def baseline(path):
    start = time.perf_counter()
    seen, rows, rejected = set(), 0, 0
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            # Like the import, a bad line is counted and skipped, not fatal.
            try:
                record = json.loads(line.decode("utf-8"))
                text = "\n".join(m["value"] for m in record["conversations"]).lower()
            except (ValueError, KeyError, TypeError, AttributeError):
                rejected += 1
                continue
            seen.add(hashlib.sha1(text.encode()).hexdigest())
            rows += 1
    seconds = time.perf_counter() - start
    print(json.dumps({"rows": rows, "rejected": rejected, "unique": len(seen), "seconds": seconds,
                      "rows_per_s": rows / seconds if seconds > 0 else 0}))


if __name__ == "__main__":
    if sys.argv[1] == "--make":
        make(sys.argv[2], int(sys.argv[3]))
    else:
        baseline(sys.argv[1])
