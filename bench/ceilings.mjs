/**
 * The ceilings the runner is measured against (bench/run.mjs): autocannon in this process against
 * the built-in mock, and wrk and the undici ceiling client (bench/ceiling-client.mjs) against the
 * minimal mock; each with the runner's connection count, `connections`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds } from './measure.mjs';
import { mockSince, ROOT, SECRET, settle, signed } from './mocks.mjs';

/**
 * The runner's workload as signed bodies made before the clock starts, one sequence per userId
 * (a session each, as the runner's dialogues have; one shared session slows the mock down): the
 * client only picks the next body, so the mock is the limit.
 */
export function replayedRequests() {
  const users = 20_000;
  const bodies = [];
  for (let u = 0; u < users; u++) {
    const userId = `bench-ceiling-${u}`;
    bodies.push([signed('open', undefined, userId), signed('send', 'products', userId), signed('send', 'Product A', userId)]);
  }
  let next = 0;
  const step = (i) => ({
    method: 'POST',
    setupRequest: (req, context) => {
      if (i === 0) context.sequence = bodies[next++ % users];
      return { ...req, ...context.sequence[i] };
    },
  });
  return [step(0), step(1), step(2)];
}

/** The same workload built and signed afresh for every request, under a fresh userId per sequence. */
export function freshRequests() {
  let user = 0;
  const step = (event, text) => ({
    method: 'POST',
    setupRequest: (req, context) => {
      if (event === 'open') context.userId = `bench-ceiling-${process.pid}-${user++}`;
      const body = JSON.stringify({ version: 'v2', userId: context.userId, timestamp: Date.now(), bubbles: text === undefined ? [] : [{ type: 'text', data: { description: text } }], event });
      return { ...req, body, headers: { 'content-type': 'application/json;UTF-8', 'X-NCP-CHATBOT_SIGNATURE': createHmac('sha256', SECRET).update(body).digest('base64') } };
    },
  });
  return [step('open'), step('send', 'products'), step('send', 'Product A')];
}

export async function ceiling(mock, seconds, connections, requests = replayedRequests()) {
  const before = cpuSeconds(mock.child.pid);
  const result = await autocannon({ url: mock.url, connections, duration: seconds, requests });
  const mockCpu = cpuSeconds(mock.child.pid) - before;
  const rps = result.requests.total / seconds;
  const bad = result.non2xx + result.errors + result.timeouts;
  return { rps, p50: result.latency.p50, p99: result.latency.p99, bad, mockCoreShare: mockCpu / seconds };
}

export function hasWrk() {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/** wrk, one thread, the runner's connections, replaying the three signed bodies. */
export async function wrkRun(mock, seconds, connections) {
  const env = { ...process.env };
  ['open', 'products', 'Product A'].forEach((what, i) => {
    const r = what === 'open' ? signed('open', undefined, 'bench-wrk') : signed('send', what, 'bench-wrk');
    env[`BENCH_BODY_${i + 1}`] = r.body;
    env[`BENCH_SIG_${i + 1}`] = r.headers['X-NCP-CHATBOT_SIGNATURE'];
  });
  const before = { ...mock };
  const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', join(ROOT, 'bench/wrk-post.lua'), mock.url], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  await settle();
  const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (code !== 0 || !m) throw new Error(`wrk failed (exit ${code}):\n${out}`);
  return { rps: Number(m[1]), ...mockSince(mock, before) };
}

/** The undici Pool.dispatch ceiling client (bench/ceiling-client.mjs) as a child process. */
export async function ceilingClient(mock, requests, connections) {
  const before = { ...mock };
  const child = spawn(process.execPath, [join(ROOT, 'bench/ceiling-client.mjs'), mock.url, String(requests), String(connections)], { env: { ...process.env, CLOVA_SECRET_KEY: SECRET }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  await settle();
  if (code !== 0) throw new Error(`the ceiling client failed (exit ${code}):\n${out}`);
  const r = JSON.parse(out);
  return { rps: r.requests / r.seconds, cpuUsPerRequest: r.cpuUs / r.requests, mock: mockSince(mock, before) };
}
