/**
 * The mocks the benchmarks run against (bench/run.mjs): the built-in mock bot as its own process,
 * the minimal-signing mock (bench/minimal-mock.mjs), and requests signed as the runner signs them.
 */
import { fork, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'bin/clova-regress.cjs');
export const SECRET = 'bench-secret-key-not-a-real-one';

export async function startMock() {
  const child = spawn(process.execPath, [CLI, 'mock', join(ROOT, 'specs/bot.yaml'), '--port', '0', '--timestamp-window-ms', '0'], { env: { ...process.env, CLOVA_SECRET_KEY: SECRET }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the mock exited (${code}) before listening:\n${out}`)));
  });
  child.stdout.resume();
  return { child, url };
}

/** A CLOVA v2 request signed as the runner signs it (`secret`: another key, for a bench's bad-signature control). */
export function signed(event, text, userId, secret = SECRET) {
  const body = JSON.stringify({ version: 'v2', userId, timestamp: Date.now(), bubbles: text === undefined ? [] : [{ type: 'text', data: { description: text } }], event });
  return { method: 'POST', body, headers: { 'content-type': 'application/json;UTF-8', 'X-NCP-CHATBOT_SIGNATURE': createHmac('sha256', secret).update(body).digest('base64') } };
}

/** The built-in mock's replies to the workload's three requests, captured once for the minimal mock. */
export async function captureReplies(url) {
  const replies = [];
  for (const [event, text] of [['open'], ['send', 'products'], ['send', 'Product A']]) {
    const request = signed(event, text, 'bench-capture');
    const res = await fetch(url, { method: 'POST', body: request.body, headers: request.headers });
    if (!res.ok) throw new Error(`the built-in mock answered ${res.status} to ${event} ${text ?? ''}`);
    replies.push(await res.json());
  }
  return replies;
}

/**
 * The minimal-signing mock (bench/minimal-mock.mjs) in a process of its own; `count` and `cpuUs` follow its reports.
 * Its replies go to a file in `work`.
 */
export async function startMinimalMock(replies, work) {
  const file = join(work, 'replies.json');
  writeFileSync(file, JSON.stringify(replies));
  const child = fork(join(ROOT, 'bench/minimal-mock.mjs'), [file], { env: { ...process.env, CLOVA_SECRET_KEY: SECRET }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const mock = { child, url: '', count: 0, bad: 0, cpuUs: 0 };
  child.on('message', (m) => {
    if (m.count !== undefined) Object.assign(mock, { count: m.count, bad: m.bad, cpuUs: m.cpuUs });
  });
  mock.url = await new Promise((resolve, reject) => {
    child.on('message', (m) => m.url && resolve(m.url));
    child.on('exit', (code) => reject(new Error(`the minimal mock exited (${code}) before listening`)));
  });
  return mock;
}

/**
 * The minimal mock serving the built-in mock's replies to the workload: the built-in mock is
 * started only to capture them, and stopped before the minimal one starts.
 */
export async function startCapturedMinimalMock(work) {
  const builtin = await startMock();
  const replies = await captureReplies(builtin.url).finally(() => builtin.child.kill());
  return startMinimalMock(replies, work);
}

/** What the minimal mock served since `before` (a snapshot of it): requests and µs of its CPU per request. */
export function mockSince(mock, before) {
  const requests = mock.count - before.count;
  return { requests, cpuUsPerRequest: (mock.cpuUs - before.cpuUs) / requests, bad: mock.bad - before.bad };
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 120)); // the mock reports every 50 ms
