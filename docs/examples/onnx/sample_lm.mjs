// Samples text from an rnn4j character language model in ONNX Runtime for Node.js, step by step,
// carrying the recurrent state between calls as rnn4j's own streaming does.
//
//   ./rnn4j export onnx --model lm.rnn4j --out lm.onnx --streaming
//   npm install --ignore-scripts onnxruntime-node@1.23.2
//   node sample_lm.mjs lm.onnx "First Citizen:" 200 0.8 1
//
// Arguments: model, prime text, characters to write, temperature (0: always the most likely), seed.
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';

const [modelPath, prime = '\n', count = '200', temperature = '0.8', seed = '1'] = process.argv.slice(2);
const vocabulary = [...JSON.parse(readFileSync(modelPath + '.tokenizer.json', 'utf8')).vocabulary];
const session = await ort.InferenceSession.create(modelPath);

// Every recurrent node N has inputs N.h0 (and N.c0) of shape (L·D, B, H) and outputs N.hN (N.cN).
const states = {};
for (const input of session.inputMetadata) {
  if (/\.(h|c)0$/.test(input.name)) {
    const [slots, , hidden] = input.shape;
    states[input.name] = new ort.Tensor('float32', new Float32Array(slots * hidden), [slots, 1, hidden]);
  }
}
const tokenInput = session.inputNames[0];
const logitsOutput = session.outputNames[0];

/** Runs one piece of text (T steps, one stream) and returns the logits of its last step. */
async function run(ids) {
  const feeds = { ...states };
  feeds[tokenInput] = new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [ids.length, 1]);
  feeds.lengths = new ort.Tensor('int32', Int32Array.from([ids.length]), [1]);
  const out = await session.run(feeds);
  for (const name of Object.keys(states)) {
    states[name] = out[name.replace(/0$/, 'N')];
  }
  const logits = out[logitsOutput].data;
  const v = vocabulary.length;
  return logits.slice(logits.length - v);
}

// A small seeded generator (mulberry32), so that a seed gives the same text every time.
let s = Number(seed) >>> 0;
function random() {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function sample(logits) {
  if (Number(temperature) === 0) {
    return logits.indexOf(Math.max(...logits)); // greedy: the most likely character
  }
  const scaled = Array.from(logits, (x) => x / Number(temperature));
  const max = Math.max(...scaled);
  const weights = scaled.map((x) => Math.exp(x - max));
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r <= 0) return i;
  }
  return weights.length - 1;
}

const primeIds = [...prime].map((ch) => {
  const id = vocabulary.indexOf(ch);
  if (id < 0) throw new Error(`the prime's character ${JSON.stringify(ch)} is not in the model's vocabulary`);
  return id;
});
let logits = await run(primeIds);
let text = prime;
for (let i = 0; i < Number(count); i++) {
  const id = sample(logits);
  text += vocabulary[id];
  logits = await run([id]);
}
console.log(text);
