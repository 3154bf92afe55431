// The "done when" check of GGUF export: the two tiny test models (sentencepiece
// and byte-level BPE tokenizers) exported to GGUF tokenize a prompt and decode
// greedily in the real llama.cpp exactly as `atelier generate --greedy` does.
//
//   node compare_llamacpp.mjs ATELIER_BINARY TEST_DATA_DIR WORK_DIR
//
// F32: llama.cpp's prompt ids (bos included) and its 32 greedy tokens must equal
// Atelier's. Q8_0 (8-bit weights) cannot be bit-identical; measured are
//   leading:  greedy tokens equal before the first difference (reported), and
//   forced:   llama.cpp's top-1 choice at each of the 32 positions of Atelier's
//             F32 continuation (teacher forcing), which must agree >= 60% (a broken
//             quantizer gives near 0%; measured 81-100% on these random models,
//             whose best tokens are often within rounding of each other).
import {execFileSync} from "node:child_process";
import {mkdtempSync, rmSync, existsSync} from "node:fs";
import path from "node:path";
import {greedy, loadLlama} from "./llama_greedy.mjs";

const [atelier, data, workRoot] = process.argv.slice(2);
const work = mkdtempSync(path.join(workRoot, "gguf-llamacpp-"));
const env = {...process.env, OMP_WAIT_POLICY: "PASSIVE", OMP_NUM_THREADS: "2"};
const TOKENS = 32;
const PROMPTS = ["Hello world, the cat sat", "Once upon a time there was a little robot who"];
// Byte-level BPE keeps every byte, so line breaks and runs of spaces must match
// too. (The sentencepiece fixture normalizes them away, which llama.cpp does
// not do: the export warns about it, and it is not compared here.)
const BYTE_LEVEL_PROMPTS = [...PROMPTS, "Line one\nLine two  with  spaces\n\n<|im_start|>user"];

function atelierJson(args) {
  return JSON.parse(execFileSync(atelier, [...args, "--json"], {env, encoding: "utf8"}));
}
const llamaCpp = await loadLlama();
const llama = (file, options) => greedy(llamaCpp, file, options);
function same(a, b) { return a.length === b.length && a.every((v, i) => v === b[i]); }

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"}  ${what}`);
  if (!ok) failures++;
}

for (const name of ["llama-gqa-f32", "qwen2-bytelevel-f32"]) {
  const model = path.join(data, "models", name);
  const files = {};
  for (const type of ["f32", "q8_0"]) {
    const out = path.join(work, `${name}-${type}.gguf`);
    const r = atelierJson(["export", "gguf", "--model", model, "--out", out, "--gguf-type", type]);
    check(existsSync(out) && r.bytes > 0, `${name}: export ${type} (${r.bytes} bytes, ${r.tensors} tensors, ${r.seconds} s)`);
    files[type] = out;
  }
  for (const prompt of name.startsWith("qwen2") ? BYTE_LEVEL_PROMPTS : PROMPTS) {
    // Atelier's prompt ids: its tokenizer plus bos where tokenizer_config.json asks for it.
    const tokens = atelierJson(["tokenize", "--model", model, prompt]).ids;
    const ref = await llama(files.f32, {prompt, tokens: 1});
    const ids = [...(ref.add_bos ? [ref.bos] : []), ...tokens];
    check(same(ref.prompt_ids, ids), `${name}: llama.cpp tokenizes "${prompt}" as Atelier does: ${JSON.stringify(ref.prompt_ids)}`);
    const ours = atelierJson(["generate", "--model", model, "--ids", ids.join(","), "--max-new-tokens", String(TOKENS),
                              "--greedy", "--device", "cpu"]).ids;
    const theirs = (await llama(files.f32, {ids, tokens: TOKENS})).generated;
    // Atelier stops at eos without listing it; llama.cpp yields the eos token.
    const comparable = ours.length < TOKENS ? theirs.slice(0, ours.length) : theirs;
    check(ours.length > 0 && same(ours, comparable),
          `${name}: F32 greedy ${ours.length} tokens identical\n      atelier   ${ours}\n      llama.cpp ${theirs}`);
    const q8 = (await llama(files.q8_0, {ids, tokens: TOKENS})).generated;
    let leading = 0;
    while (leading < ours.length && q8[leading] === ours[leading]) leading++;
    const forced = (await llama(files.q8_0, {ids, tokens: TOKENS, force: ours})).generated;
    const agree = forced.filter((t, i) => t === ours[i]).length / ours.length;
    // Random test weights leave tiny margins between the best tokens, so one
    // 8-bit rounding can flip a free-running continuation early; the
    // teacher-forced agreement is the stable measure and the one required.
    check(agree >= 0.6,
          `${name}: Q8_0 greedy: ${leading}/${ours.length} leading tokens equal, top-1 agreement under teacher forcing ${(100 * agree).toFixed(1)}%`);
  }
}
await llamaCpp.dispose();
rmSync(work, {recursive: true, force: true});
console.log(failures ? `${failures} check(s) failed` : "all checks passed");
process.exit(failures ? 1 : 0);
