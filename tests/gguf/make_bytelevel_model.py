#!/usr/bin/python3
"""Makes tests/data/models/qwen2-bytelevel-f32: a tiny Qwen2 model (q/k/v
biases, tied embeddings) with the byte-level BPE tokenizer of
tests/data/hf/qwen2-bytelevel, for the GGUF export tests.

Random weights with a large spread, so that greedy decoding has clear winners
and two correct implementations pick the same tokens. Written from the
safetensors specification with the standard library only.

Run from the repository root: python3 tests/gguf/make_bytelevel_model.py
"""
import json
import os
import random
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "data", "models", "qwen2-bytelevel-f32")
TOKENIZER = os.path.join(ROOT, "tests", "data", "hf", "qwen2-bytelevel", "tokenizer.json")
CHATML = os.path.join(ROOT, "core", "data", "chat_templates", "chatml.jinja")

VOCAB, HIDDEN, FFN, LAYERS, HEADS, KV_HEADS = 859, 64, 96, 2, 4, 2
HEAD_DIM = HIDDEN // HEADS

rng = random.Random(1234)


def matrix(rows, cols, std):
    return [rows, cols], [rng.gauss(0.0, std) for _ in range(rows * cols)]


def vector(n, mean, std):
    return [n], [mean + rng.gauss(0.0, std) for _ in range(n)]


def main():
    tensors = {"model.embed_tokens.weight": matrix(VOCAB, HIDDEN, 0.5),
               "model.norm.weight": vector(HIDDEN, 1.0, 0.1)}
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        tensors[p + "input_layernorm.weight"] = vector(HIDDEN, 1.0, 0.1)
        tensors[p + "post_attention_layernorm.weight"] = vector(HIDDEN, 1.0, 0.1)
        tensors[p + "self_attn.q_proj.weight"] = matrix(HEADS * HEAD_DIM, HIDDEN, 0.25)
        tensors[p + "self_attn.q_proj.bias"] = vector(HEADS * HEAD_DIM, 0.0, 0.1)
        tensors[p + "self_attn.k_proj.weight"] = matrix(KV_HEADS * HEAD_DIM, HIDDEN, 0.25)
        tensors[p + "self_attn.k_proj.bias"] = vector(KV_HEADS * HEAD_DIM, 0.0, 0.1)
        tensors[p + "self_attn.v_proj.weight"] = matrix(KV_HEADS * HEAD_DIM, HIDDEN, 0.25)
        tensors[p + "self_attn.v_proj.bias"] = vector(KV_HEADS * HEAD_DIM, 0.0, 0.1)
        tensors[p + "self_attn.o_proj.weight"] = matrix(HIDDEN, HEADS * HEAD_DIM, 0.25)
        tensors[p + "mlp.gate_proj.weight"] = matrix(FFN, HIDDEN, 0.25)
        tensors[p + "mlp.up_proj.weight"] = matrix(FFN, HIDDEN, 0.25)
        tensors[p + "mlp.down_proj.weight"] = matrix(HIDDEN, FFN, 0.25)
    header, blobs, offset = {}, [], 0
    for name, (shape, values) in tensors.items():
        b = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    config = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": VOCAB,
              "hidden_size": HIDDEN, "intermediate_size": FFN, "num_hidden_layers": LAYERS,
              "num_attention_heads": HEADS, "num_key_value_heads": KV_HEADS, "rms_norm_eps": 1e-6,
              "rope_theta": 1000000.0, "tie_word_embeddings": True, "max_position_embeddings": 512,
              "bos_token_id": 856, "eos_token_id": 858, "torch_dtype": "float32"}
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    shutil.copy(TOKENIZER, os.path.join(OUT, "tokenizer.json"))
    with open(CHATML) as f:
        chatml = f.read().strip()
    tokenizer_config = {"add_bos_token": False, "bos_token": None, "eos_token": "<|im_end|>",
                        "pad_token": "<|endoftext|>", "chat_template": chatml,
                        "tokenizer_class": "Qwen2Tokenizer"}
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump(tokenizer_config, f, indent=2)


if __name__ == "__main__":
    main()
