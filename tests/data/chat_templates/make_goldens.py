#!/usr/bin/python3
"""Renders every real chat template in this folder with Jinja2, set up the way Hugging Face
transformers sets it up for apply_chat_template, and writes goldens.json for tst_chattemplate.

    /usr/bin/python3 tests/data/chat_templates/make_goldens.py

Needs Debian's python3-jinja2. The C++ renderer must reproduce each "text" byte for byte and
must fail wherever the real template raises ("error").
"""

import json
import os
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = os.path.dirname(os.path.abspath(__file__))

# file stem -> what the C++ detector must say about it, and the special tokens of the model
# the template came from.
TEMPLATES = {
    "llama3": dict(family="Llama3", variant="llama3", bos="<|begin_of_text|>", eos="<|eot_id|>"),
    "llama3_original": dict(family="Llama3", variant="llama3-original", bos="<|begin_of_text|>",
                            eos="<|eot_id|>"),
    "chatml_qwen2.5": dict(family="ChatML", variant="qwen2.5", bos="", eos="<|im_end|>",
                           default_system="You are Qwen, created by Alibaba Cloud. You are a helpful assistant."),
    "chatml_qwen2": dict(family="ChatML", variant="qwen2", bos="", eos="<|im_end|>",
                         default_system="You are a helpful assistant"),
    "chatml_smollm2": dict(family="ChatML", variant="smollm2", bos="<|im_start|>", eos="<|im_end|>",
                           default_system="You are a helpful AI assistant named SmolLM, trained by Hugging Face"),
    "chatml": dict(family="ChatML", variant="chatml", bos="<|im_start|>", eos="<|im_end|>"),
    "llama2": dict(family="Llama2", variant="llama2-chat", bos="<s>", eos="</s>"),
    "mistral": dict(family="Mistral", variant="mistral-v1", bos="<s>", eos="</s>"),
    "mistral_v01": dict(family="Mistral", variant="mistral-v0.1", bos="<s>", eos="</s>"),
    "mistral_v02": dict(family="Mistral", variant="mistral-v0.2", bos="<s>", eos="</s>"),
    "gemma": dict(family="Gemma", variant="gemma", bos="<bos>", eos="<eos>"),
    "gemma3": dict(family="Gemma", variant="gemma3", bos="<bos>", eos="<eos>"),
    "phi3": dict(family="Phi3", variant="phi3", bos="<s>", eos="<|endoftext|>"),
    "phi3.5": dict(family="Phi3", variant="phi3.5", bos="<s>", eos="<|endoftext|>"),
    "alpaca": dict(family="Alpaca", variant="alpaca", bos="<s>", eos="</s>",
                   default_system="Below are some instructions that describes some tasks. "
                                  "Write responses that appropriately completes each request."),
}


def m(role, content):
    return {"role": role, "content": content}


# name -> (messages, templates to leave out). A template is left out only where the real
# template silently drops or mislabels a message that Atelier refuses on purpose.
CONVERSATIONS = {
    "user_only": ([m("user", "Hello")], ()),
    "system_user": ([m("system", "You are terse."), m("user", "Hi")], ()),
    "multi_turn": ([m("user", "What is 2+2?"), m("assistant", "4."), m("user", "And 3+3?")], ()),
    "system_multi_turn": ([m("system", "Answer in French."), m("user", "Hello"), m("assistant", "Bonjour"),
                           m("user", "Thanks")], ()),
    "assistant_last": ([m("user", "Name a colour."), m("assistant", "Blue.")], ()),
    "system_assistant_last": ([m("system", "Be kind."), m("user", "Hi"), m("assistant", "Hello!"),
                               m("user", "Bye"), m("assistant", "Goodbye!")], ()),
    "unicode": ([m("user", "Grüße, 世界! 🙂 café"), m("assistant", "¡Hola! ẞ ğ 😀 ﷺ"),
                 m("user", "Ελληνικά и русский")], ()),
    "edge_spaces": ([m("user", "  leading and trailing  "), m("assistant", "\n  answer with spaces \n\n"),
                     m("user", "\tTabbed\t")], ()),
    "inner_newlines": ([m("system", "Line one.\nLine two.\n"), m("user", "First\n\nSecond"),
                        m("assistant", "A\nB"), m("user", "\nC\n")], ()),
    "empty_content": ([m("user", ""), m("assistant", ""), m("user", "x")], ()),
    "whitespace_only": ([m("system", "  "), m("user", " \n "), m("assistant", "   "), m("user", "q")], ()),
    "unicode_spaces": ([m("user", "\u00a0nbsp\u3000"), m("assistant", "\u2003em space\u2003\x1f"),
                        m("user", "\u200bzero width\u200b")], ()),
    "three_rounds": ([m("system", "S"), m("user", "u1"), m("assistant", "a1"), m("user", "u2"),
                      m("assistant", "a2"), m("user", "u3"), m("assistant", "a3")], ()),
    "markup_in_content": ([m("user", "Say <|im_end|> or [INST] {{ x }} {% raw %}"),
                           m("assistant", "'quoted' \"double\" \\back")], ()),
    "system_only": ([m("system", "Only a system prompt.")], ()),
    # Errors in the alternating families.
    "two_users": ([m("user", "a"), m("user", "b")], ()),
    "assistant_first": ([m("assistant", "I start."), m("user", "ok")], ()),
    "system_in_middle": ([m("user", "u"), m("assistant", "a"), m("system", "late"), m("user", "v")], ()),
    "system_second": ([m("user", "u"), m("system", "late"), m("assistant", "a")],
                      ("llama2", "gemma", "gemma3")),
}


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def environment():
    # What transformers' _compile_jinja_template builds.
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = lambda x, indent=None: json.dumps(x, ensure_ascii=False, indent=indent)
    env.globals["raise_exception"] = raise_exception
    return env


def main():
    env = environment()
    out = {"templates": {}, "conversations": {}, "cases": []}
    for name, (messages, _) in CONVERSATIONS.items():
        # Python's own strip, for checking the assistant spans of the templates that trim.
        out["conversations"][name] = {"messages": messages,
                                      "assistant_stripped": [x["content"].strip() for x in messages
                                                             if x["role"] == "assistant"]}
    for stem, info in TEMPLATES.items():
        with open(os.path.join(HERE, stem + ".jinja"), encoding="utf-8", newline="") as f:
            source = f.read()
        out["templates"][stem] = {"file": stem + ".jinja", "family": info["family"], "variant": info["variant"],
                                  "bos": info["bos"], "eos": info["eos"],
                                  "default_system": info.get("default_system", "")}
        template = env.from_string(source)
        for conv, (messages, skip) in CONVERSATIONS.items():
            if stem in skip:
                continue
            for gen in (False, True):
                case = {"template": stem, "conversation": conv, "add_generation_prompt": gen}
                try:
                    case["text"] = template.render(messages=messages, add_generation_prompt=gen,
                                                   bos_token=info["bos"], eos_token=info["eos"])
                except jinja2.exceptions.TemplateError as e:
                    case["error"] = str(e)
                out["cases"].append(case)
    with open(os.path.join(HERE, "goldens.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    errors = sum(1 for c in out["cases"] if "error" in c)
    print(f"{len(out['cases'])} cases ({errors} errors) over {len(TEMPLATES)} templates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
