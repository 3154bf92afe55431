#!/usr/bin/python3
"""Writes the messy dataset fixtures that tests/core/tst_messydata.cpp imports.

  python3 tests/data/datasets/make_messy.py [OUTDIR]   (default: this folder)

One logical list of rows is written in four formats: messy_alpaca.jsonl,
messy_sharegpt.jsonl, messy_openai.jsonl and messy.csv, plus messy_pii.txt,
the personal data that must never reach an export (one string a line).

Every file starts with a UTF-8 BOM, ends its lines with CRLF and contains
exact duplicates, duplicates differing only in case/whitespace/punctuation,
a near duplicate (one word changed), every kind of personal data the cleaner
knows (including the hard cases: an IBAN followed by its BIC, a card number
followed by its expiry date), malformed records, invalid UTF-8 bytes, wrong
types and missing or empty fields. The expected counts live in the test; the
list of what each row is meant to test is printed with --explain.
Standard library only; the output is byte-for-byte the same on every run.
"""
import json
import os
import sys

BOM = b"\xef\xbb\xbf"
CRLF = b"\r\n"

# Personal data, exactly as it appears in the rows. None of it may survive
# into an export of the cleaned dataset.
PII = {
    "email": ["anna.schmidt@example.com", "support-team+tickets@bikes.example.org"],
    "phone": ["+1 (555) 123-4567", "030 1234 5678"],
    "credit_card": ["4111 1111 1111 1111", "5500-0000-0000-0004"],
    "iban": ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"],
    "ip_address": ["192.168.10.42"],
    "us_ssn": ["078-05-1120"],
    "url_with_credentials": ["https://admin:hunter2@intranet.example.com/tickets",
                             "ftp://backup:S3cr3tPass@files.example.org/dump"],
}

LONG = ("To replace a worn chain you first measure its stretch with a chain checker, then open the quick "
        "link or push out a pin with a chain tool, thread the new chain through the rear derailleur and the "
        "front mechanism, shorten it by counting links against the old one, close it with a fresh quick link "
        "and finally shift through every gear on a short ride around the block")

# (kind, instruction, output). Kinds starting with "bad_" are written
# differently per format (see bad_record); every other row is a valid pair.
ROWS = [
    ("ok", "What are your opening hours?",
     "We are open from nine in the morning until six in the evening on weekdays and until two on Saturdays."),
    ("ok", "Do you repair electric bikes?",
     "Yes, our workshop services electric bikes of all common brands, including motor diagnostics and battery checks."),
    # byte-identical to row 1
    ("ok", "What are your opening hours?",
     "We are open from nine in the morning until six in the evening on weekdays and until two on Saturdays."),
    # row 1 again, other case
    ("ok", "WHAT ARE YOUR OPENING HOURS?",
     "WE ARE OPEN FROM NINE IN THE MORNING UNTIL SIX IN THE EVENING ON WEEKDAYS AND UNTIL TWO ON SATURDAYS."),
    # row 2 again, other whitespace and punctuation
    ("ok", "Do you   repair electric bikes ???",
     "Yes -- our workshop services electric bikes of all common brands;\tincluding motor diagnostics, and battery checks!!"),
    ("ok", "How do I replace a chain?", LONG + "."),
    # near duplicate: the last word differs
    ("ok", "How do I replace a chain?", LONG[: LONG.rindex(" ")] + " neighbourhood."),
    ("ok", "How can I reach the shop?",
     "Write to anna.schmidt@example.com or call +1 (555) 123-4567 during opening hours."),
    ("ok", "Which card did I pay with?",
     "The order was paid with 4111 1111 1111 1111 12/28 and the receipt is in your mailbox."),
    ("ok", "Where do I send the deposit?",
     "Transfer it to DE89 3704 0044 0532 0130 00 COBADEFFXXX with your order number as reference."),
    ("ok", "Why can the workshop laptop not connect?",
     "The printer sits at 192.168.10.42 and my social security number 078-05-1120 was on the form by mistake."),
    ("ok", "How do I open the ticket system?",
     "Log in through https://admin:hunter2@intranet.example.com/tickets and pick the workshop queue."),
    ("ok", "Can you refund my second card?",
     "We refunded 5500-0000-0000-0004 and also the account GB82WEST12345698765432 as you asked."),
    ("ok", "Who handles warranty claims?",
     "Our team at support-team+tickets@bikes.example.org answers them, or phone 030 1234 5678 after lunch."),
    ("ok", "Where are the nightly backups?",
     "They are copied to ftp://backup:S3cr3tPass@files.example.org/dump every night at three."),
    ("bad_syntax", None, None),
    ("bad_utf8", "Does the caf\udcff sell coffee?", "Only on Sundays."),
    ("bad_type", None, None),
    ("bad_missing", None, None),
    ("bad_empty", None, None),
    ("ok", "<b>Do you sell helmets?</b>",
     "<p>Yes, helmets for adults &amp; children, from 40&nbsp;euros.</p>"),
    ("ok", "Can I leave my bike overnight?", "<br/>"),  # empty answer once the HTML is gone
    ("blank", None, None),
    ("ok", "What size frame do I need for a 5\" taller rider?",
     "Measure your inside leg and multiply it by 0.66 for the frame size in centimetres."),
    ("ok", "Do you rent out tandems?",
     "We have two tandems for rent.\nBook them a day ahead,\nand bring an ID card for the deposit."),
    ("bad_last", None, None),
]


def bad_record(fmt, kind):
    """Malformed rows, each the nearest thing to the same mistake in that format."""
    if kind == "bad_syntax":
        return {"alpaca": b'{"instruction": "Is the shop open today?", "output": "Yes until six"',
                "sharegpt": b'{"conversations": [{"from": "human", "value": "Open today?"}, {"from": "gpt", "value": "Yes"}',
                "openai": b'{"messages": [{"role": "user", "content": "Open today?"} {"role": "assistant", "content": "Yes"}]}',
                "csv": b"Is the shop open today?,Yes,until six"}[fmt]
    if kind == "bad_type":
        return {"alpaca": b'{"instruction": "How many gears?", "output": 21}',
                "sharegpt": b'{"conversations": [{"from": "human", "value": "How many gears?"}, {"from": "gpt", "value": 21}]}',
                "openai": b'{"messages": "How many gears? 21"}',
                "csv": b"How many gears?"}[fmt]
    if kind == "bad_missing":
        return {"alpaca": b'{"instruction": "Do you sell tubes?"}',
                "sharegpt": b'{"id": "tubes", "messages": [{"from": "human", "value": "Do you sell tubes?"}]}',
                "openai": b'{"messages": [{"role": "user", "content": "Do you sell tubes?"}]}',
                "csv": b'"Do you sell tubes?",'}[fmt]
    if kind == "bad_empty":
        return {"alpaca": b'{"instruction": "   ", "output": "An answer without a question."}',
                "sharegpt": b'{"conversations": [{"from": "human", "value": ""}, {"from": "gpt", "value": "An answer."}]}',
                "openai": b'{"messages": [{"role": "user", "content": "Hi"}, {"role": "robot", "content": "Beep."}]}',
                "csv": b'"   ",An answer without a question.'}[fmt]
    if kind == "bad_last":
        return {"alpaca": b"[1, 2, 3]",
                "sharegpt": b'"just a string"',
                "openai": b"null",
                "csv": b'"Is this quote ever closed?,No it is not'}[fmt]
    raise ValueError(kind)


def utf8(text):
    # surrogateescape turns \udcff back into the single invalid byte 0xff.
    return text.encode("utf-8", "surrogateescape")


def json_record(fmt, q, a):
    if fmt == "alpaca":
        o = {"instruction": q, "input": "", "output": a}
    elif fmt == "sharegpt":
        o = {"conversations": [{"from": "human", "value": q}, {"from": "gpt", "value": a}]}
    else:
        o = {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]}
    # ensure_ascii=False keeps the invalid byte a raw byte instead of an escape.
    return utf8(json.dumps(o, ensure_ascii=False))


def csv_field(text):
    raw = utf8(text)
    if any(c in raw for c in (b",", b'"', b"\n", b"\r")) or raw != raw.strip():
        return b'"' + raw.replace(b'"', b'""').replace(b"\n", CRLF) + b'"'
    return raw


def records(fmt):
    """(kind, bytes) per row, without line endings; a record may span lines (CSV)."""
    out = []
    for kind, q, a in ROWS:
        if kind == "blank":
            out.append((kind, b""))
        elif kind.startswith("bad_") and q is None:
            out.append((kind, bad_record(fmt, kind)))
        elif fmt == "csv":
            out.append((kind, csv_field(q) + b"," + csv_field(a)))
        else:
            out.append((kind, json_record(fmt, q, a)))
    return out


FILES = {"alpaca": "messy_alpaca.jsonl", "sharegpt": "messy_sharegpt.jsonl",
         "openai": "messy_openai.jsonl", "csv": "messy.csv"}


def write(outdir, explain):
    for fmt, name in FILES.items():
        body = b""
        line = 1
        if fmt == "csv":
            body += b"instruction,output" + CRLF
            line += 1
        for i, (kind, rec) in enumerate(records(fmt)):
            if explain:
                print(f"{name}: row {i + 1:2d} line {line:2d} {kind}")
            body += rec + CRLF
            line += rec.count(b"\n") + 1
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(BOM + body)
    with open(os.path.join(outdir, "messy_pii.txt"), "w", encoding="utf-8", newline="\n") as f:
        for kind, values in PII.items():
            for v in values:
                f.write(f"{kind}\t{v}\n")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--explain"]
    write(args[0] if args else os.path.dirname(os.path.abspath(__file__)), "--explain" in sys.argv)
