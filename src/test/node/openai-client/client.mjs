// Calls NLU Lab's /v1 with the official openai client, as a student's notebook would, and prints what it
// got as JSON for OpenAiClientTest to check. Usage: node client.mjs <base URL> <model> <all|busy>; the
// key comes in the environment (NLULAB_API_KEY). The client never retries here (maxRetries 0), so that
// a 429 is seen as the client sees it.
import OpenAI from 'openai';

const [baseURL, model, what] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: process.env.NLULAB_API_KEY, maxRetries: 0, timeout: 120000 });
const QUESTION = 'A coin is heads up. Ann flips the coin. Is the coin still heads up?';

async function failure(call) {
  try {
    await call();
    return { failed: false };
  } catch (e) {
    const header = e.headers && (typeof e.headers.get === 'function' ? e.headers.get('retry-after') : e.headers['retry-after']);
    return { failed: true, class: e.constructor.name, status: e.status, type: e.type ?? null, code: e.code ?? null,
             message: e.error?.message ?? e.message, retryAfter: header ?? null };
  }
}

const out = {};
if (what === 'busy') {
  out.busy = await failure(() => client.completions.create({ model, prompt: 'Q: ' + QUESTION + '\nA:', max_tokens: 4 }));
} else {
  out.models = (await client.models.list()).data.map((m) => m.id);
  const c = await client.completions.create({ model, prompt: 'Q: ' + QUESTION + '\nA:', max_tokens: 8, temperature: 0 });
  out.completion = { text: c.choices[0].text, finish: c.choices[0].finish_reason, usage: c.usage };
  const messages = [{ role: 'user', content: QUESTION }];
  const chat = await client.chat.completions.create({ model, messages, max_tokens: 12, temperature: 0 });
  out.chat = { role: chat.choices[0].message.role, content: chat.choices[0].message.content, finish: chat.choices[0].finish_reason };
  const stream = await client.chat.completions.create({ model, messages, max_tokens: 12, temperature: 0, stream: true });
  let text = '';
  let chunks = 0;
  let finish = null;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  out.stream = { text, chunks, finish };
  // the client asks for base64 unless told otherwise and decodes it itself
  const e = await client.embeddings.create({ model: 'all-MiniLM-L6-v2', input: ['A man is eating food.', 'The girl is carrying a baby.'] });
  out.embeddings = e.data.map((d) => d.embedding);
  out.badKey = await failure(() => new OpenAI({ baseURL, apiKey: 'nlulab-not-a-key', maxRetries: 0 }).models.list());
  out.unknownModel = await failure(() => client.completions.create({ model: 'gpt-4o', prompt: 'hi', max_tokens: 1 }));
  out.badMaxTokens = await failure(() => client.completions.create({ model, prompt: 'hi', max_tokens: 0 }));
}
console.log(JSON.stringify(out));
