#!/usr/bin/python3
"""Baseline for `atelier bench train`: the same Llama-style model and LoRA
setup written plainly in eager PyTorch (Debian's python3-torch, same BLAS),
for a tokens/s ratio measured in one run.

  /usr/bin/python3 tools/bench/train_eager.py --threads 2 [sizes as for atelier bench train] [--autocast-bf16]
Prints one JSON object like atelier's --json output.
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LoraLinear(nn.Module):
    def __init__(self, fan_in, fan_out, r, alpha):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(fan_out, fan_in) * 0.02, requires_grad=False)
        self.lora_A = nn.Parameter(torch.empty(r, fan_in))
        nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
        self.lora_B = nn.Parameter(torch.zeros(fan_out, r))
        self.scaling = alpha / r

    def forward(self, x):
        return F.linear(x, self.weight) + (x @ self.lora_A.t() @ self.lora_B.t()) * self.scaling


class RMSNorm(nn.Module):
    def __init__(self, n, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n), requires_grad=False)
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class Layer(nn.Module):
    def __init__(self, a):
        super().__init__()
        hd = a.hidden // a.heads
        self.h, self.kv, self.hd = a.heads, a.kv_heads, hd
        L = lambda i, o: LoraLinear(i, o, a.lora_r, 2 * a.lora_r)
        self.q, self.k, self.v = L(a.hidden, a.heads * hd), L(a.hidden, a.kv_heads * hd), L(a.hidden, a.kv_heads * hd)
        self.o = L(a.heads * hd, a.hidden)
        self.gate, self.up, self.down = L(a.hidden, a.ffn), L(a.hidden, a.ffn), L(a.ffn, a.hidden)
        self.n1, self.n2 = RMSNorm(a.hidden), RMSNorm(a.hidden)

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        h = self.n1(x)
        q = self.q(h).view(b, t, self.h, self.hd).transpose(1, 2)
        k = self.k(h).view(b, t, self.kv, self.hd).transpose(1, 2)
        v = self.v(h).view(b, t, self.kv, self.hd).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        rep = self.h // self.kv
        k, v = k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1)
        att = torch.softmax((q @ k.transpose(-1, -2)) / math.sqrt(self.hd) + mask, -1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(b, t, -1))
        h = self.n2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class Model(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.embed = nn.Parameter(torch.randn(a.vocab, a.hidden) * 0.02, requires_grad=False)
        self.layers = nn.ModuleList(Layer(a) for _ in range(a.layers))
        self.norm = RMSNorm(a.hidden)
        self.head = nn.Parameter(torch.randn(a.vocab, a.hidden) * 0.02, requires_grad=False)
        hd = a.hidden // a.heads
        inv = 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))
        f = torch.outer(torch.arange(a.seq_len).float(), inv)
        emb = torch.cat((f, f), -1)
        self.cos, self.sin = emb.cos(), emb.sin()
        self.mask = torch.full((a.seq_len, a.seq_len), float("-inf")).triu(1)

    def forward(self, ids):
        x = self.embed[ids]
        for layer in self.layers:
            x = layer(x, self.cos, self.sin, self.mask)
        return self.norm(x) @ self.head.t()


def main():
    p = argparse.ArgumentParser()
    for name, default in (("hidden", 256), ("layers", 4), ("heads", 8), ("kv-heads", 4), ("ffn", 768),
                          ("vocab", 2000), ("seq-len", 128), ("batch-size", 8), ("steps", 10),
                          ("warmup-steps", 2), ("lora-r", 8), ("threads", 0)):
        p.add_argument("--" + name, type=int, default=default)
    # The mixed-precision way a PyTorch user would speed this up on a CPU.
    p.add_argument("--autocast-bf16", action="store_true")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Model(a)
    params = [q for q in model.parameters() if q.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
    tokens = torch.randint(0, a.vocab, (a.batch_size, a.seq_len + 1))
    x, y = tokens[:, :-1], tokens[:, 1:].reshape(-1)
    for step in range(a.warmup_steps + a.steps):
        if step == a.warmup_steps:
            start = time.perf_counter()
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.autocast_bf16):
            logits = model(x)
        loss = F.cross_entropy(logits.float().reshape(-1, a.vocab), y)
        loss.backward()
        opt.step()
        loss.item()
    seconds = time.perf_counter() - start
    print(json.dumps({"tokens_per_s": a.batch_size * a.seq_len * a.steps / seconds,
                      "peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "autocast_bf16": a.autocast_bf16}))


if __name__ == "__main__":
    main()
