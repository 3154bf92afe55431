// Loads a GGUF file with the real llama.cpp (the node-llama-cpp package ships
// its prebuilt CPU library), tokenizes a prompt and decodes greedily.
//
//   node llama_greedy.mjs FILE.gguf --prompt TEXT [--ids 1,2,3] [--tokens 32] [--force 4,5,6]
//
// Prints one JSON object: the GGUF's bos id and whether llama.cpp prepends it,
// llama.cpp's ids for the prompt (with bos when it prepends one), and the ids
// it generates greedily from --ids (or from its own prompt ids). With --force
// (teacher forcing) llama.cpp is fed the given continuation instead of its own
// choices, and `generated` holds its greedy choice at each of those positions.
// compare_llamacpp.mjs imports greedy() to reuse one loaded llama.cpp.
import {getLlama, LlamaLogLevel} from "node-llama-cpp";
import {fileURLToPath} from "node:url";

export async function loadLlama() {
  return getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
}

// {prompt, ids, tokens, force, addBos} → {bos, add_bos, prompt_ids, start_ids, generated}
// addBos false: never prepend bos (the prompt text already holds it).
export async function greedy(llama, file, {prompt = "", ids = null, tokens = 32, force = null, addBos: wantBos = true} = {}) {
  const model = await llama.loadModel({modelPath: file});
  const addBos = wantBos && model.tokens.shouldPrependBosToken;
  const bos = model.tokens.bos == null ? null : Number(model.tokens.bos);
  // Special tokens written in the text (<|im_start|>) are recognised, as
  // llama.cpp does for chat prompts and Hugging Face tokenizers do for added tokens.
  const promptIds = [...(addBos && bos != null ? [bos] : []), ...model.tokenize(prompt, true).map(Number)];
  const start = ids ?? promptIds;
  // One sequence, nothing else in the context: temperature 0 is llama.cpp's
  // greedy sampler (argmax of the logits); no repetition penalty.
  // One thread: the models are tiny, and spinning worker threads crawl on a busy machine.
  const context = await model.createContext({contextSize: 256, sequences: 1, threads: 1});
  const sequence = context.getSequence();
  const generated = [];
  const steps = force ? Math.min(tokens, force.length) : tokens;
  const evaluation = sequence.evaluate(start, {temperature: 0, yieldEogToken: true});
  let step = await evaluation.next();
  while (!step.done) {
    generated.push(Number(step.value));
    if (generated.length >= steps || (!force && model.isEogToken(step.value))) break;
    step = await evaluation.next(force ? force[generated.length - 1] : undefined);
  }
  await evaluation.return();
  await context.dispose();
  await model.dispose();
  return {bos, add_bos: addBos, prompt_ids: promptIds, start_ids: start, generated};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
  };
  const list = (text) => (text ? text.split(",").map(Number) : null);
  const llama = await loadLlama();
  const result = await greedy(llama, process.argv[2], {
    prompt: option("--prompt", ""), ids: list(option("--ids", "")), tokens: Number(option("--tokens", "32")),
    force: list(option("--force", ""))});
  console.log(JSON.stringify(result));
  await llama.dispose();
}
