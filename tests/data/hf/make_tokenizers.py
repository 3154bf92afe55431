#!/usr/bin/python3
"""Builds the tokenizer.json fixtures for Atelier's HF tokenizer tests.

Layouts that real model folders use, and edge cases, with vocabularies from a small BPE
training written here (the quality of the vocabulary does not matter, only
that it exercises the format):
  llama3-bytelevel/  byte-level BPE, Llama 3 split regex, ignore_merges, "a b" merges,
                     specials <|begin_of_text|> <|end_of_text|> <|eot_id|>, bos template
  qwen2-bytelevel/   byte-level BPE, NFC, Qwen2 split regex, [a, b] merges,
                     specials <|endoftext|> <|im_start|> <|im_end|>, no bos
  llama2-metaspace/  BPE with byte fallback, Prepend/Replace normalizer, ▁ decoding,
                     <unk> <s> </s>, bos template
  mistral-metaspace/ the same vocabulary with the Metaspace pre-tokenizer and decoder
  gpt2-bytelevel/    GPT-2's ByteLevel-only layout, lstrip/rstrip/single-word added tokens
  edge-metaspace/    NFKC+lowercase, Metaspace always+split, normalized/single-word/overlapping added tokens
  edge-bytelevel/    Split behaviours and Digits in a Sequence, accents stripped by a regex Replace
Then run make_goldens.js (node) to produce goldens.jsonl with HF tokenizers.
Run from this folder: /usr/bin/python3 make_tokenizers.py && node make_goldens.js
"""
import collections
import json
import os
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
LINES = [json.loads(l) for l in open(os.path.join(HERE, "corpus.jsonl"), encoding="utf-8")]
# Train on half of the first 273 lines, so the other half meets unseen words;
# the lines after them hold added-token edge cases, which must stay out of
# the vocabulary.
TRAIN = LINES[:273][::2]

LLAMA3_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_REGEX = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
               r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def byte_to_unicode():
    # GPT-2's convention: printable bytes stand for themselves, the rest are
    # shifted above 255 so every byte has a visible character.
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, n = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


def train_bpe(words, base_symbols, merges_wanted):
    """words: list of symbol tuples. Returns (vocab list, merges list of pairs)."""
    counts = collections.Counter(words)
    vocab = list(base_symbols)
    seen = set(vocab)
    merges = []
    words = {w: c for w, c in counts.items()}
    for _ in range(merges_wanted):
        pairs = collections.Counter()
        for w, c in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] += c
        if not pairs:
            break
        (a, b), freq = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if freq < 2:
            break
        merges.append((a, b))
        new = a + b
        if new not in seen:
            vocab.append(new)
            seen.add(new)
        merged = {}
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(new)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + c
        words = merged
    return vocab, merges


def rough_split(text):
    # Training only needs plausible words; the real split regex needs \p{L},
    # which Python's re lacks.
    return re.findall(r" ?\w+| ?[^\w\s]+|\s+", text)


def added(id_, content, special=True):
    return {"id": id_, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": not special, "special": special}


def bytelevel(name, regex, specials, merges_as_pairs, ignore_merges, nfc, bos):
    table = byte_to_unicode()
    words = []
    for line in TRAIN:
        if nfc:
            line = unicodedata.normalize("NFC", line)
        for w in rough_split(line):
            words.append(tuple(table[b] for b in w.encode("utf-8")))
    base = [table[b] for b in range(256)]
    vocab, merges = train_bpe(words, base, 600)
    vocab_map = {t: i for i, t in enumerate(vocab)}
    added_tokens = [added(len(vocab) + i, s) for i, s in enumerate(specials)]
    post = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True}
    if bos:
        bos_id = len(vocab)
        post = {"type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": specials[0], "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": specials[0], "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": specials[0], "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {specials[0]: {"id": specials[0], "ids": [bos_id], "tokens": [specials[0]]}}}
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": added_tokens,
        "normalizer": {"type": "NFC"} if nfc else None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": regex}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
        "post_processor": post,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "ignore_merges": ignore_merges, "vocab": vocab_map,
                  "merges": [[a, b] for a, b in merges] if merges_as_pairs else [f"{a} {b}" for a, b in merges]},
    }
    write(name, tok)


def metaspace(name):
    words = []
    char_counts = collections.Counter()
    for line in TRAIN:
        text = "▁" + line.replace(" ", "▁")
        char_counts.update(text)
        for w in re.findall(r"▁?[^▁]+|▁+", text):
            words.append(tuple(w))
    # Rare characters are left out so that they fall back to bytes.
    chars = sorted(c for c, n in char_counts.items() if n >= 3)
    base = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)] + chars
    words = [tuple(c if c in set(chars) else "\0" for c in w) for w in words]
    vocab, merges = train_bpe(words, base, 500)
    merges = [(a, b) for a, b in merges if "\0" not in a + b]
    vocab = [v for v in vocab if "\0" not in v]
    vocab_map = {t: i for i, t in enumerate(vocab)}
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
        "pre_tokenizer": None,
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                    {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
            {"type": "ByteFallback"}, {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                  "vocab": vocab_map, "merges": [f"{a} {b}" for a, b in merges]},
    }
    write(name, tok)


def write(name, tok):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, indent=1)
    print(name, len(tok["model"]["vocab"]), "tokens,", len(tok["model"]["merges"]), "merges")


bytelevel("llama3-bytelevel", LLAMA3_REGEX, ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"],
          merges_as_pairs=False, ignore_merges=True, nfc=False, bos=True)
bytelevel("qwen2-bytelevel", QWEN2_REGEX, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
          merges_as_pairs=True, ignore_merges=False, nfc=True, bos=False)
metaspace("llama2-metaspace")

# The same vocabulary with the Metaspace pre-tokenizer and decoder instead of
# the normalizer/decoder sequence (Mistral v0.3, newer TinyLlama exports).
with open(os.path.join(HERE, "llama2-metaspace", "tokenizer.json"), encoding="utf-8") as f:
    tok = json.load(f)
tok["normalizer"] = None
tok["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}
tok["decoder"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}
write("mistral-metaspace", tok)

# GPT-2's layout: ByteLevel alone (its own regex, prefix space), and added
# tokens that strip spaces around them or must stand as a whole word.
with open(os.path.join(HERE, "llama3-bytelevel", "tokenizer.json"), encoding="utf-8") as f:
    tok = json.load(f)
n = len(tok["model"]["vocab"])
tok["added_tokens"] = [
    {**added(n, "<|endoftext|>"), "lstrip": False, "rstrip": False},
    {**added(n + 1, "<mask>"), "lstrip": True, "rstrip": False},
    {**added(n + 2, "<sep>"), "lstrip": False, "rstrip": True},
    {**added(n + 3, "qqq", special=False), "single_word": True, "normalized": False},
]
tok["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
tok["post_processor"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
tok["model"]["ignore_merges"] = False
write("gpt2-bytelevel", tok)

# Added-token and normalizer edge cases on the Llama 2 vocabulary: NFKC +
# lowercase, Metaspace with "always" and split, a normalized added token
# (matched in the normalized text), a single-word token beside a shorter one
# (a rejected match is not searched inside), overlapping tokens (leftmost
# longest), and a token that swallows the spaces on both sides.
with open(os.path.join(HERE, "llama2-metaspace", "tokenizer.json"), encoding="utf-8") as f:
    tok = json.load(f)
n = max(tok["model"]["vocab"].values()) + 1
# Added tokens whose text is also a vocabulary entry keep the vocabulary's id
# in the reference; these must not be in it.
assert not {"zqj", "qj", "<|a|>", "<sep>"} & set(tok["model"]["vocab"])
tok["added_tokens"] += [
    {**added(n, "Hello World", special=False), "normalized": True},
    {**added(n + 1, "zqj", special=False), "single_word": True, "normalized": False},
    {**added(n + 2, "qj", special=False), "normalized": False},
    added(n + 3, "<|a|>"),
    added(n + 4, "<|a|><|b|>"),
    {**added(n + 5, "<sep>"), "lstrip": True, "rstrip": True},
]
tok["normalizer"] = {"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"}]}
tok["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}
tok["decoder"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True}
tok["post_processor"] = {
    "type": "TemplateProcessing",
    "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
               {"SpecialToken": {"id": "</s>", "type_id": 0}}],
    "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
    "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]},
                       "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}}
write("edge-metaspace", tok)

# Pre-tokenizer edge cases on the byte-level vocabulary: several Split
# behaviours and Digits in a Sequence, then ByteLevel with add_prefix_space
# (which prefixes every piece it receives); accents stripped by a regex
# Replace after NFD; a decoder Replace with a regex.
with open(os.path.join(HERE, "llama3-bytelevel", "tokenizer.json"), encoding="utf-8") as f:
    tok = json.load(f)
tok["normalizer"] = {"type": "Sequence", "normalizers": [
    {"type": "NFD"}, {"type": "Replace", "pattern": {"Regex": "\\p{Mn}"}, "content": ""},
    {"type": "Strip", "strip_left": False, "strip_right": True}]}
tok["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
    {"type": "Split", "pattern": {"String": "\n"}, "behavior": "MergedWithPrevious", "invert": False},
    {"type": "Split", "pattern": {"Regex": "[,;]"}, "behavior": "MergedWithNext", "invert": False},
    {"type": "Split", "pattern": {"Regex": "\\t+"}, "behavior": "Removed", "invert": False},
    {"type": "Split", "pattern": {"Regex": "[.!?]"}, "behavior": "Contiguous", "invert": False},
    {"type": "Digits", "individual_digits": True},
    {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}]}
tok["decoder"] = {"type": "Sequence", "decoders": [
    {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
    {"type": "Replace", "pattern": {"Regex": "\\s+$"}, "content": ""}]}
tok["model"]["ignore_merges"] = False
write("edge-bytelevel", tok)
