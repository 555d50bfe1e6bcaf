#!/usr/bin/env node
/**
 * The same-language ceiling: the least a Node client can do for the runner's workload — one undici
 * Pool, Pool.dispatch with a handler collecting the chunks, each request built and HMAC-signed
 * afresh (fresh timestamp, userId per sequence of open / "products" / "Product A") and each reply
 * JSON.parsed — at the runner's concurrency. Prints one JSON line: requests, seconds, its own CPU.
 *
 *   node bench/ceiling-client.mjs <url> <requests> <concurrency>   (CLOVA_SECRET_KEY set)
 */
import { createHmac, createSecretKey } from 'node:crypto';
import { Pool } from 'undici';

const [url, total, concurrency] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const key = createSecretKey(Buffer.from(process.env.CLOVA_SECRET_KEY ?? '', 'utf8'));
const origin = new URL(url).origin;
const path = new URL(url).pathname;
const pool = new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
const STEPS = [['open', undefined], ['send', 'products'], ['send', 'Product A']];

function post(userId, step) {
  const [event, text] = STEPS[step];
  const body = Buffer.from(JSON.stringify({ version: 'v2', userId, timestamp: Date.now(), bubbles: text === undefined ? [] : [{ type: 'text', data: { description: text } }], event }));
  const signature = createHmac('sha256', key).update(body).digest('base64');
  return new Promise((resolve, reject) => {
    const chunks = [];
    let status = 0;
    pool.dispatch(
      { origin, path, method: 'POST', headers: { 'content-type': 'application/json;UTF-8', 'X-NCP-CHATBOT_SIGNATURE': signature }, body },
      {
        onRequestStart() {},
        onResponseStart(_c, code) { status = code; },
        onResponseData(_c, chunk) { chunks.push(chunk); },
        onResponseEnd() {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (status !== 200 || typeof json !== 'object') reject(new Error(`HTTP ${status}`));
          else resolve(json);
        },
        onResponseError(_c, error) { reject(error); },
      },
    );
  });
}

let started = 0;
let sequence = 0;
async function lane() {
  while (started < total) {
    const userId = `ceiling-${sequence++}`;
    for (let step = 0; step < 3 && started < total; step++) {
      started++;
      await post(userId, step);
    }
  }
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, lane));
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
await pool.close();
process.stdout.write(`${JSON.stringify({ requests: started, seconds, cpuUs: cpu.user + cpu.system })}\n`);
