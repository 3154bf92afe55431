#!/usr/bin/python3
"""Regenerates tiny.model and golden.jsonl with Debian's python3-sentencepiece.

The C++ test loads tiny.model through Atelier's shim and must produce exactly
these ids, pieces and decoded strings; it also trains a model with Atelier's
own trainer call on corpus.txt with the same options and expects the same ids.
Run from this folder: /usr/bin/python3 make_golden.py
"""
import json
import sentencepiece as spm

OPTIONS = dict(vocab_size=500, model_type="bpe", byte_fallback=True, character_coverage=1.0,
               unk_id=0, bos_id=1, eos_id=2, pad_id=-1, hard_vocab_limit=False, num_threads=2,
               minloglevel=2)

spm.SentencePieceTrainer.train(input="corpus.txt", model_prefix="tiny", **OPTIONS)
sp = spm.SentencePieceProcessor(model_file="tiny.model")

# The same 220 multilingual lines as the tokenizer.json goldens.
lines = [json.loads(l) for l in open("../hf/corpus.jsonl", encoding="utf-8")]
lines += ["", " ", "line one\nline two", "\u00e9\u0301", "\x01\x02 control", "\u00a0nbsp\u3000ideographic space"]
with open("golden.jsonl", "w", encoding="utf-8") as f:
    for line in lines:
        ids = sp.encode(line)
        f.write(json.dumps({"text": line, "ids": ids,
                            "pieces": [sp.id_to_piece(i) for i in ids],
                            "decoded": sp.decode(ids)}, ensure_ascii=False) + "\n")
print(sp.get_piece_size(), "pieces,", len(lines), "golden lines")
