// Loads a GGUF file with the real llama.cpp (the node-llama-cpp package ships
// its prebuilt CPU library), tokenizes a prompt and decodes greedily.
//
//   node llama_greedy.mjs FILE.gguf --prompt TEXT [--ids 1,2,3] [--tokens 32]
//
// Prints one JSON object: the GGUF's bos id and whether llama.cpp prepends it,
// llama.cpp's ids for the prompt (with bos when it prepends one), and the ids
// it generates greedily from --ids (or from its own prompt ids).
import {getLlama, LlamaLogLevel} from "node-llama-cpp";

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const file = process.argv[2];
const prompt = option("--prompt", "");
const count = Number(option("--tokens", "32"));
const given = option("--ids", "");

const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
const model = await llama.loadModel({modelPath: file});
const addBos = model.tokens.shouldPrependBosToken;
const bos = model.tokens.bos;
const promptIds = [...(addBos && bos != null ? [bos] : []), ...model.tokenize(prompt, false)];
const start = given ? given.split(",").map(Number) : promptIds;

// One sequence, nothing else in the context: temperature 0 is llama.cpp's
// greedy sampler (argmax of the logits); no repetition penalty.
const context = await model.createContext({contextSize: 256, sequences: 1});
const sequence = context.getSequence();
const generated = [];
for await (const token of sequence.evaluate(start, {temperature: 0, yieldEogToken: true})) {
  generated.push(token);
  if (generated.length >= count || model.isEogToken(token)) break;
}
console.log(JSON.stringify({bos, add_bos: addBos,
                            prompt_ids: promptIds.map(Number), start_ids: start.map(Number),
                            generated: generated.map(Number)}));
await context.dispose();
await model.dispose();
await llama.dispose();
