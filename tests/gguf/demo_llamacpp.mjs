// The whole user journey in the real llama.cpp: `atelier demo` fine-tunes the
// sample model and exports it (Q8_0 GGUF in an Ollama folder). The question is
// then rendered with the chat template stored in the GGUF (a Jinja engine, as
// llama-server and LM Studio do), the text tokenized once by llama.cpp with
// special tokens recognised, and llama.cpp's greedy answer must be the tuned
// answer Atelier gives.
//
//   node demo_llamacpp.mjs ATELIER_BINARY TEST_DATA_DIR WORK_DIR
import {execFileSync} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import path from "node:path";
import {Template} from "@huggingface/jinja";
import {greedy, loadLlama} from "./llama_greedy.mjs";

const [atelier, , workRoot] = process.argv.slice(2);
const work = mkdtempSync(path.join(workRoot, "gguf-demo-"));
const env = {...process.env, OMP_WAIT_POLICY: "PASSIVE", OMP_NUM_THREADS: "2"};
const demo = JSON.parse(execFileSync(atelier, ["demo", "--dir", path.join(work, "demo"), "--json"], {env, encoding: "utf8"}));
const tune = demo.fine_tune;
console.log(`demo: "${tune.question}" → tuned answer "${tune.tuned_answer}"`);
console.log(`exported ${demo.export.gguf} (${demo.export.bytes} bytes, chat template ${demo.export.chat_template})`);

const llama = await loadLlama();
const model = await llama.loadModel({modelPath: demo.export.gguf});
const template = model.fileInfo.metadata.tokenizer.chat_template;
const bos = model.tokens.bosString ?? "<s>", eos = model.tokens.eosString ?? "</s>";
await model.dispose();
const prompt = new Template(template).render({messages: [{role: "user", content: tune.question}],
                                              add_generation_prompt: true, bos_token: bos, eos_token: eos});
// The template writes the bos token itself: no second one is added.
const {prompt_ids: ids} = await greedy(llama, demo.export.gguf, {prompt, tokens: 1, addBos: false});
const {generated} = await greedy(llama, demo.export.gguf, {ids, tokens: 80});
const answerModel = await llama.loadModel({modelPath: demo.export.gguf});
const answer = answerModel.detokenize(generated.filter((t) => !answerModel.isEogToken(t)));
await answerModel.dispose();
console.log(`llama.cpp, prompt rendered from the GGUF's chat template (${ids.length} tokens): "${answer}"`);
const expected = tune.tuned_answer.trim().slice(0, 40);
const ok = answer.trim().startsWith(expected);
console.log(ok ? "PASS  llama.cpp gives Atelier's tuned answer" : `FAIL  expected it to start with "${expected}"`);
await llama.dispose();
rmSync(work, {recursive: true, force: true});
process.exit(ok ? 0 : 1);
