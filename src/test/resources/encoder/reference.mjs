// Reference values for SentenceEncoderReferenceTest, computed without any of NLU Lab's code:
// Hugging Face's transformers.js (its own JavaScript WordPiece tokenizer, ONNX Runtime for Node, its own
// mean pooling and normalization) on the same ONNX file and tokenizer.json. Run it with reference.sh.
//   node reference.mjs <models folder> > reference.json
import { env, AutoTokenizer, pipeline } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';

env.allowRemoteModels = false; // never the network: only the folder given
env.localModelPath = process.argv[2];
const MODEL = 'all-MiniLM-L6-v2';

const sentences = [
  'A man is eating food.',
  'A man is eating a piece of bread.',
  'The girl is carrying a baby.',
  'A man is riding a horse.',
  'A man is riding a white horse on an enclosed ground.',
  'A woman is playing violin.',
  'A monkey is playing drums.',
  'Two men pushed carts through the woods.',
  'What is the capital of France?',
  'Paris is the capital and largest city of France.',
  "The café's Wi-Fi costs $3.50 per hour, which is outrageous!",
  'Internet access at the coffee shop is not free.',
  'Retrieval-augmented generation first finds the passages most similar to a question in a large collection '
    + 'of documents, using dense embeddings from a sentence encoder, and then asks a language model to answer '
    + 'the question while citing those passages, which makes its answers easier to check and keeps them '
    + 'grounded in sources that the instructor chose.',
  'Chain-of-thought prompting asks the model to reason step by step before answering.',
  "Let's think step by step.",
  'Naïve 国际 students ☃ love 🙂 NLU!',
];
const pairs = [[0, 1], [0, 2], [3, 4], [5, 6], [7, 4], [8, 9], [10, 11], [12, 13], [13, 14], [0, 3], [2, 5], [15, 10]];
// the word "bank" in three contexts: its contextual token vectors
const bank = [
  'She deposited her money at the bank.',
  'The bank approved his loan.',
  'They had a picnic on the bank of the river.',
];

const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
const vocabulary = new Map([...tokenizer.get_vocab()].map(([token, id]) => [id, token]));
const extractor = await pipeline('feature-extraction', MODEL, { dtype: 'fp32' });

const round = (x, digits) => Number(x.toFixed(digits));
const dot = (a, b) => a.reduce((sum, v, i) => sum + v * b[i], 0);
const idsOf = (text) => tokenizer(text).input_ids.tolist()[0].map(Number);

const embedded = [];
for (const text of sentences) { // one at a time: no padding involved
  const embedding = (await extractor(text, { pooling: 'mean', normalize: true })).tolist()[0];
  const ids = idsOf(text);
  embedded.push({ text, tokens: ids.map((id) => vocabulary.get(id)), ids, embedding });
}
const bankVectors = [];
for (const text of bank) {
  const ids = idsOf(text);
  const token = ids.findIndex((id) => vocabulary.get(id) === 'bank');
  const hidden = (await extractor(text, { pooling: 'none', normalize: false })).tolist()[0]; // (L, 384)
  bankVectors.push({ text, token, vector: hidden[token] });
}
const cosine = (a, b) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

const pkg = JSON.parse(readFileSync(new URL('./node_modules/@huggingface/transformers/package.json', import.meta.url)));
const ort = JSON.parse(readFileSync(new URL('./node_modules/onnxruntime-node/package.json', import.meta.url)));
// JSON with every array of numbers or strings on one line
const compact = (value, indent = '') => {
  const inner = indent + ' ';
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return JSON.stringify(value);
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compact(v, inner)).join(',\n')}\n${indent}]`;
  if (typeof value === 'object') {
    return `{\n${Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compact(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
};
console.log(compact({
  generator: `reference.mjs: transformers.js ${pkg.version} on onnxruntime-node ${ort.version}, `
    + "feature-extraction with pooling 'mean' and normalize, one text at a time",
  model: process.env.MODEL_SOURCE ?? 'all-minilm-l6-v2.onnx and all-minilm-l6-v2-tokenizer.json',
  sentences: embedded.map((s) => ({ ...s, embedding: s.embedding.map((v) => round(v, 7)) })),
  pairs: pairs.map(([a, b]) => ({ a, b, cosine: round(dot(embedded[a].embedding, embedded[b].embedding), 6) })),
  bank: bankVectors.map((v) => ({ ...v, vector: v.vector.map((x) => round(x, 6)) })),
  bankPairs: [[0, 1], [0, 2], [1, 2]].map(([a, b]) => ({ a, b,
    cosine: round(cosine(bankVectors[a].vector, bankVectors[b].vector), 6) })),
}));
