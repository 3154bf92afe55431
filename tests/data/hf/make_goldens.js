// Goldens for Atelier's tokenizer.json backend, from the real Hugging Face
// tokenizers library (Rust, through its Node bindings on npm).
//   cd <scratch> && npm install @anush008/tokenizers
//   NODE_PATH=<scratch>/node_modules node make_goldens.js   (run in this folder)
// Writes <fixture>/goldens.jsonl: one line per corpus.jsonl line with the ids
// without and with special tokens, the decoded text (with and without the
// special tokens), and the decoded text of the first half of the ids.
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('@anush008/tokenizers');

const lines = fs.readFileSync(path.join(__dirname, 'corpus.jsonl'), 'utf8')
  .split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));

async function main() {
  for (const fixture of ['llama3-bytelevel', 'qwen2-bytelevel', 'llama2-metaspace', 'mistral-metaspace',
    'gpt2-bytelevel', 'edge-metaspace', 'edge-bytelevel']) {
    const tok = Tokenizer.fromFile(path.join(__dirname, fixture, 'tokenizer.json'));
    const out = [];
    for (const text of lines) {
      const plain = await tok.encode(text, null, { addSpecialTokens: false });
      const special = await tok.encode(text, null, { addSpecialTokens: true });
      const ids = plain.getIds();
      out.push(JSON.stringify({
        text,
        ids,
        ids_with_special: special.getIds(),
        decoded: await tok.decode(ids, false),
        decoded_skip_special: await tok.decode(ids, true),
        // The first half of the ids: often ends inside a character, which
        // checks how broken UTF-8 is replaced.
        decoded_prefix: await tok.decode(ids.slice(0, Math.ceil(ids.length / 2)), false),
      }));
    }
    fs.writeFileSync(path.join(__dirname, fixture, 'goldens.jsonl'), out.join('\n') + '\n');
    console.log(fixture, out.length, 'lines');
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
