#!/usr/bin/env python3
"""Writes support-tone-pairs.jsonl: preference pairs in TRL's layout (prompt,
chosen, rejected) where both answers carry the same facts from the sample FAQ
and differ only in tone: the chosen one is friendly, the rejected one rude.
A learnable preference for the reward-model and DPO recipes and their tests.
Deterministic: run it again and the file is the same."""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

POLITE_OPENERS = [
    "Thank you for asking!", "Good question, happy to help.", "Thanks for getting in touch.",
    "Of course, glad you asked.", "Happy to help with that.", "Thanks for your message.",
]
POLITE_CLOSERS = [
    "Have a lovely day!", "Let us know if anything else comes up.", "We look forward to seeing you.",
    "Thanks again, and enjoy your ride!", "Just ask if you need more help.", "Kind regards from the workshop.",
]
RUDE_OPENERS = [
    "Ugh, this again?", "Seriously, read the website.", "Not my problem, but fine.",
    "What a silly question.", "Stop bothering us.", "Do we have to explain everything?",
]
RUDE_CLOSERS = [
    "Now go away.", "Don't ask again.", "Figure out the rest yourself.",
    "We are busy, you know.", "Whatever.", "Next time, think first.",
]


def main():
    rng = random.Random(20261204)
    with open(os.path.join(HERE, "support-faq.jsonl"), encoding="utf-8") as f:
        faq = [json.loads(line) for line in f if line.strip()]
    pairs = []
    for variant in range(4):
        for row in faq:
            facts = row["output"]
            chosen = f"{rng.choice(POLITE_OPENERS)} {facts} {rng.choice(POLITE_CLOSERS)}"
            rejected = f"{rng.choice(RUDE_OPENERS)} {facts} {rng.choice(RUDE_CLOSERS)}"
            pairs.append({"prompt": row["instruction"], "chosen": chosen, "rejected": rejected})
    rng.shuffle(pairs)
    with open(os.path.join(HERE, "support-tone-pairs.jsonl"), "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
