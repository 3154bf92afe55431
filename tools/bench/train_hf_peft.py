#!/usr/bin/env python3
"""GPU baseline for `atelier bench train --device cuda`: the same Llama-style
model built with transformers and LoRA applied with PEFT (all seven
projections), bf16 weights, SDPA attention, AdamW, random tokens. Run where
transformers and peft are installed (e.g. a CUDA machine's python3):

  python3 tools/bench/train_hf_peft.py [sizes as for atelier bench train] [--gradient-checkpointing]
Prints one JSON object with tokens_per_s and peak_gpu_memory_bytes.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM


def main():
    p = argparse.ArgumentParser()
    for name, default in (("hidden", 256), ("layers", 4), ("heads", 8), ("kv-heads", 4), ("ffn", 768),
                          ("vocab", 2000), ("seq-len", 128), ("batch-size", 8), ("steps", 10),
                          ("warmup-steps", 2), ("lora-r", 8)):
        p.add_argument("--" + name, type=int, default=default)
    p.add_argument("--gradient-checkpointing", action="store_true")
    a = p.parse_args()
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=a.vocab, hidden_size=a.hidden, intermediate_size=a.ffn,
                         num_hidden_layers=a.layers, num_attention_heads=a.heads,
                         num_key_value_heads=a.kv_heads, max_position_embeddings=max(2048, a.seq_len))
    config._attn_implementation = "sdpa"
    model = LlamaForCausalLM(config).to("cuda", dtype=torch.bfloat16)
    if a.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    lora = LoraConfig(r=a.lora_r, lora_alpha=2 * a.lora_r, lora_dropout=0.0, task_type="CAUSAL_LM",
                      target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    model = get_peft_model(model, lora)
    model.train()
    params = [q for q in model.parameters() if q.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
    tokens = torch.randint(0, a.vocab, (a.batch_size, a.seq_len + 1), device="cuda")
    x, y = tokens[:, :-1], tokens[:, 1:].reshape(-1)
    torch.cuda.reset_peak_memory_stats()
    for step in range(a.warmup_steps + a.steps):
        if step == a.warmup_steps:
            torch.cuda.synchronize()
            start = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        logits = model(input_ids=x).logits
        loss = F.cross_entropy(logits.float().reshape(-1, a.vocab), y)
        loss.backward()
        opt.step()
        loss.item()
    torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    print(json.dumps({"tokens_per_s": a.batch_size * a.seq_len * a.steps / seconds,
                      "peak_gpu_memory_bytes": torch.cuda.max_memory_allocated(),
                      "trainable_parameters": sum(q.numel() for q in params),
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
