#!/usr/bin/python3
"""Makes tiny Hugging Face model folders and reference outputs for Atelier's tests.

Independent of Atelier's C++: the safetensors files are written by hand from
the format's specification, and the forward pass below follows the equations
of transformers' Llama/Qwen2 modeling (RMSNorm in float32, rotate-half RoPE
with optional llama3 scaling, grouped-query attention, SwiGLU MLP, tied or
separate output head), in float32 with Debian's python3-torch.

Run from this folder: /usr/bin/python3 make_models.py
Writes <name>/ (config.json, safetensors, tokenizer files) and
<name>/reference/ (logits.f32 [T, vocab] little-endian, reference.json).
"""
import json
import math
import os
import shutil
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
SPM_MODEL = os.path.join(HERE, "..", "spm", "tiny.model")

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16"}


def tensor_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        b = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def make_weights(cfg, seed, dtype, layer_scale=0.08):
    g = torch.Generator().manual_seed(seed)
    H, V, F = cfg["hidden_size"], cfg["vocab_size"], cfg["intermediate_size"]
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim", H // nh)
    qkv_bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
    o_bias = cfg.get("attention_bias", False) and cfg["model_type"] == "llama"

    def rnd(*shape, scale=None):
        scale = layer_scale if scale is None else scale
        return (torch.randn(*shape, generator=g) * scale).to(dtype)

    w = {"model.embed_tokens.weight": rnd(V, H, scale=0.5)}
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        w[p + "self_attn.q_proj.weight"] = rnd(nh * hd, H)
        w[p + "self_attn.k_proj.weight"] = rnd(nkv * hd, H)
        w[p + "self_attn.v_proj.weight"] = rnd(nkv * hd, H)
        w[p + "self_attn.o_proj.weight"] = rnd(H, nh * hd)
        if qkv_bias:
            w[p + "self_attn.q_proj.bias"] = rnd(nh * hd, scale=0.2)
            w[p + "self_attn.k_proj.bias"] = rnd(nkv * hd, scale=0.2)
            w[p + "self_attn.v_proj.bias"] = rnd(nkv * hd, scale=0.2)
        if o_bias:
            w[p + "self_attn.o_proj.bias"] = rnd(H, scale=0.2)
        w[p + "mlp.gate_proj.weight"] = rnd(F, H)
        w[p + "mlp.up_proj.weight"] = rnd(F, H)
        w[p + "mlp.down_proj.weight"] = rnd(H, F)
        w[p + "input_layernorm.weight"] = (1.0 + rnd(H, scale=0.1).float()).to(dtype)
        w[p + "post_attention_layernorm.weight"] = (1.0 + rnd(H, scale=0.1).float()).to(dtype)
    w["model.norm.weight"] = (1.0 + rnd(H, scale=0.1).float()).to(dtype)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = rnd(V, H, scale=0.3)
    return w


# ---- reference forward pass (float32) ----

def rms_norm(x, weight, eps):
    var = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(var + eps))


def inv_freq(cfg, hd):
    base = cfg.get("rope_theta", 10000.0)
    f = 1.0 / (base ** (torch.arange(0, hd, 2, dtype=torch.int64).float() / hd))
    rs = cfg.get("rope_scaling")
    if rs and rs.get("rope_type", rs.get("type")) == "llama3":
        factor, lo, hi = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
        old = rs["original_max_position_embeddings"]
        lo_wl, hi_wl = old / lo, old / hi
        wl = 2 * math.pi / f
        scaled = torch.where(wl > lo_wl, f / factor, f)
        smooth = (old / wl - lo) / (hi - lo)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wl < hi_wl) * ~(wl > lo_wl)
        f = torch.where(medium, smoothed, scaled)
    elif rs and rs.get("rope_type", rs.get("type")) == "linear":
        f = f / rs["factor"]
    return f


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def forward(cfg, w, ids):
    w = {k: v.float() for k, v in w.items()}
    H = cfg["hidden_size"]
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim", H // nh)
    eps = cfg["rms_norm_eps"]
    T = len(ids)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]  # [T, H]
    pos = torch.arange(T).float()
    freqs = torch.outer(pos, inv_freq(cfg, hd))
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    mask = torch.full((T, T), float("-inf")).triu(1)

    def lin(v, name):
        y = v @ w[name + ".weight"].t()
        if name + ".bias" in w:
            y = y + w[name + ".bias"]
        return y

    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = lin(h, p + "self_attn.q_proj").view(T, nh, hd).transpose(0, 1)
        k = lin(h, p + "self_attn.k_proj").view(T, nkv, hd).transpose(0, 1)
        v = lin(h, p + "self_attn.v_proj").view(T, nkv, hd).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = nh // nkv
        k = k.repeat_interleave(rep, dim=0)
        v = v.repeat_interleave(rep, dim=0)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + mask
        att = torch.softmax(att, dim=-1)
        o = (att @ v).transpose(0, 1).reshape(T, nh * hd)
        x = x + lin(o, p + "self_attn.o_proj")
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = lin(h, p + "mlp.gate_proj")
        up = lin(h, p + "mlp.up_proj")
        x = x + lin(torch.nn.functional.silu(gate) * up, p + "mlp.down_proj")
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else w["lm_head.weight"]
    return x @ head.t()


def greedy(cfg, w, ids, n):
    ids = list(ids)
    out = []
    for _ in range(n):
        nxt = int(forward(cfg, w, ids)[-1].argmax())
        out.append(nxt)
        ids.append(nxt)
    return out


MODELS = [
    ("llama-gqa-f32", 1, torch.float32, None, {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 500,
        "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 2, "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0, "tie_word_embeddings": False, "max_position_embeddings": 256,
        "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float32",
        "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                         "high_freq_factor": 4.0, "original_max_position_embeddings": 64}}),
    ("qwen2-bias-tied-bf16", 2, torch.bfloat16, None, {
        "architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 500,
        "hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2,
        "num_attention_heads": 4, "num_key_value_heads": 1, "rms_norm_eps": 1e-6,
        "rope_theta": 1000000.0, "tie_word_embeddings": True, "max_position_embeddings": 512,
        "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "bfloat16"}),
    ("llama-sharded-f16", 3, torch.float16, 3, {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 500,
        "hidden_size": 48, "intermediate_size": 80, "num_hidden_layers": 3,
        "num_attention_heads": 4, "num_key_value_heads": 4, "head_dim": 16,
        "attention_bias": True, "rms_norm_eps": 1e-6, "rope_theta": 500000.0,
        "tie_word_embeddings": False, "max_position_embeddings": 128,
        "bos_token_id": 1, "eos_token_id": [2, 3], "torch_dtype": "float16"}),
]

PROMPT = [1, 317, 349, 318, 289, 322, 270, 280, 330, 327, 335, 40]


def main():
    for name, seed, dtype, shards, cfg in MODELS:
        d = os.path.join(HERE, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "reference"))
        w = make_weights(cfg, seed, dtype, 0.3 if cfg["tie_word_embeddings"] else 0.08)
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        if shards:
            names = list(w.keys())
            per = math.ceil(len(names) / shards)
            weight_map, total = {}, 0
            for s in range(shards):
                part = {n: w[n] for n in names[s * per:(s + 1) * per]}
                fname = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
                write_safetensors(os.path.join(d, fname), part)
                for n, t in part.items():
                    weight_map[n] = fname
                    total += len(tensor_bytes(t))
            with open(os.path.join(d, "model.safetensors.index.json"), "w") as f:
                json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)
        else:
            write_safetensors(os.path.join(d, "model.safetensors"), w)
        if name == "llama-gqa-f32":
            shutil.copy(SPM_MODEL, os.path.join(d, "tokenizer.model"))
            with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
                json.dump({"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
                           "add_bos_token": True, "tokenizer_class": "LlamaTokenizer"}, f, indent=2)
        logits = forward(cfg, w, PROMPT)
        with open(os.path.join(d, "reference", "logits.f32"), "wb") as f:
            f.write(logits.contiguous().numpy().astype("<f4").tobytes())
        ref = {"ids": PROMPT, "logits_shape": list(logits.shape),
               "greedy_32": greedy(cfg, w, PROMPT, 32),
               "parameters": sum(t.numel() for t in w.values())}
        with open(os.path.join(d, "reference", "reference.json"), "w") as f:
            json.dump(ref, f, indent=2)
        print(name, ref["parameters"], "parameters, greedy:", ref["greedy_32"][:8], "...")


def make_adapter():
    """A PEFT LoRA adapter for llama-gqa-f32 and the logits of W + scale·B·A."""
    name, seed, dtype, _, cfg = MODELS[0]
    w = make_weights(cfg, seed, dtype, 0.08)
    g = torch.Generator().manual_seed(99)
    r, alpha, targets = 4, 8.0, ["q_proj", "v_proj", "down_proj"]
    scale = alpha / r
    adapter, merged = {}, dict(w)
    for i in range(cfg["num_hidden_layers"]):
        for module, part in (("q_proj", "self_attn"), ("v_proj", "self_attn"), ("down_proj", "mlp")):
            key = f"model.layers.{i}.{part}.{module}"
            out_f, in_f = w[key + ".weight"].shape
            a = torch.randn(r, in_f, generator=g) * 0.1
            b = torch.randn(out_f, r, generator=g) * 0.1
            adapter[f"base_model.model.{key}.lora_A.weight"] = a
            adapter[f"base_model.model.{key}.lora_B.weight"] = b
            merged[key + ".weight"] = w[key + ".weight"].float() + scale * (b @ a)
    d = os.path.join(HERE, name + "-adapter")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "reference"))
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), adapter)
    with open(os.path.join(d, "adapter_config.json"), "w") as f:
        json.dump({"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": r, "lora_alpha": alpha,
                   "lora_dropout": 0.0, "target_modules": targets, "bias": "none",
                   "use_rslora": False, "fan_in_fan_out": False,
                   "base_model_name_or_path": "llama-gqa-f32"}, f, indent=2)
    logits = forward(cfg, merged, PROMPT)
    with open(os.path.join(d, "reference", "logits.f32"), "wb") as f:
        f.write(logits.contiguous().numpy().astype("<f4").tobytes())
    print(name + "-adapter", "max |logit change|", float((logits - forward(cfg, w, PROMPT)).abs().max()))


if __name__ == "__main__":
    main()
    make_adapter()
