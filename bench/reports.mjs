#!/usr/bin/env node
/**
 * What a report costs the run: clova-regress against the minimal-signing mock (bench/minimal-mock.mjs)
 * without and with the given report flags, each pair run in turn; CPU seconds (user + system,
 * /proc), peak RSS (VmHWM) and wall time of the runner process, medians over the repeats.
 *
 *   node bench/reports.mjs [--dialogues 30000] [--repeats 3] [--flags "--junit"] [--cli dist/cli.js]
 *
 * `--flags` names the reports (each gets a file in a temporary folder); `--cli` another build to
 * compare (e.g. one of an older commit). The workload is run.mjs's: 3-step dialogues, 100 per file,
 * concurrency 64.
 */
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-secret-key-not-a-real-one';
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const count = Number(flag('dialogues', '30000'));
const repeats = Number(flag('repeats', '3'));
const reportFlags = flag('flags', '--junit').split(/\s+/).filter(Boolean);
const CLI = resolve(flag('cli', join(ROOT, 'dist/cli.js')));
const work = mkdtempSync(join(tmpdir(), 'clova-regress-bench-reports-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, CLOVA_SECRET_KEY: SECRET, NO_COLOR: '1' };

function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The built-in mock's replies to the workload's three requests, for the minimal mock to serve. */
async function captureReplies() {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'mock', join(ROOT, 'specs/bot.yaml'), '--port', '0', '--timestamp-window-ms', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise((done, fail) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d) => {
        out += d;
        const m = /listening at (http:\/\/\S+)/.exec(out);
        if (m) done(m[1]);
      });
      child.on('exit', (code) => fail(new Error(`the mock exited (${code})`)));
    });
    const replies = [];
    for (const [event, text] of [['open'], ['send', 'products'], ['send', 'Product A']]) {
      const body = JSON.stringify({ version: 'v2', userId: 'bench-capture', timestamp: Date.now(), bubbles: text === undefined ? [] : [{ type: 'text', data: { description: text } }], event });
      const headers = { 'content-type': 'application/json;UTF-8', 'X-NCP-CHATBOT_SIGNATURE': createHmac('sha256', SECRET).update(body).digest('base64') };
      replies.push(await (await fetch(url, { method: 'POST', body, headers })).json());
    }
    return replies;
  } finally {
    child.kill();
  }
}

async function startMinimalMock(replies) {
  const file = join(work, 'replies.json');
  writeFileSync(file, JSON.stringify(replies));
  const child = fork(join(ROOT, 'bench/minimal-mock.mjs'), [file], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise((done, fail) => {
    child.on('message', (m) => m.url && done(m.url));
    child.on('exit', (code) => fail(new Error(`the minimal mock exited (${code})`)));
  });
  return { child, url };
}

function writeSpecs() {
  const dir = join(work, 'specs');
  mkdirSync(dir, { recursive: true });
  const dialogue = (k) => `  - name: dialogue ${k}\n    steps:\n      - open:\n        expect: { chatType: TEXT }\n      - send: products\n        expect: { scenarioName: Products }\n      - click: Product A\n        expect: { scenarioName: Product A }\n`;
  for (let f = 0; f * 100 < count; f++) {
    const n = Math.min(100, count - f * 100);
    writeFileSync(join(dir, `suite-${String(f).padStart(5, '0')}.yaml`), `suite: Bench ${f}\ndialogues:\n${Array.from({ length: n }, (_, k) => dialogue(k)).join('')}`);
  }
  return dir;
}

async function runOnce(url, dir, extra) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'run', dir, '--url', url, '-j', '64', '-q', '--no-progress', ...extra], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  let peakKb = 0;
  let cpu = 0;
  const timer = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
      cpu = cpuSeconds(child.pid);
    } catch {
      // exited between samples
    }
  }, 50);
  const code = await new Promise((done) => child.on('exit', done));
  clearInterval(timer);
  if (code !== 0) throw new Error(`the run exited ${code}: ${err.slice(-1000)}`);
  return { cpuS: cpu, peakMb: peakKb / 1024, wallS: (performance.now() - started) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (rows, key, digits) => `${median(rows.map((r) => r[key])).toFixed(digits)} (${rows.map((r) => r[key].toFixed(digits)).join(' / ')})`;

const mock = await startMinimalMock(await captureReplies());
try {
  const dir = writeSpecs();
  const out = join(work, 'out');
  mkdirSync(out, { recursive: true });
  const extra = reportFlags.flatMap((f) => [f, join(out, `report${f.replace(/^-+/, '.')}`)]);
  console.log(`${CLI}: ${count} dialogues × 3 requests, ${repeats} pair(s), reports ${reportFlags.join(' ')}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const plain = [];
  const withReports = [];
  for (let i = 0; i < repeats; i++) {
    plain.push(await runOnce(mock.url, dir, []));
    withReports.push(await runOnce(mock.url, dir, extra));
  }
  for (const [label, rows] of [['none', plain], [reportFlags.join(' '), withReports]]) {
    console.log(`  ${label.padEnd(22)} CPU ${show(rows, 'cpuS', 2)} s · peak RSS ${show(rows, 'peakMb', 0)} MB · wall ${show(rows, 'wallS', 2)} s`);
  }
  const cpuPct = (median(withReports.map((r) => r.cpuS)) / median(plain.map((r) => r.cpuS)) - 1) * 100;
  const rssMb = median(withReports.map((r) => r.peakMb)) - median(plain.map((r) => r.peakMb));
  const sizes = extra.filter((_, i) => i % 2 === 1).map((f) => `${f.split('/').pop()} ${(statSync(f).size / 1e6).toFixed(1)} MB`);
  console.log(`  reports cost: CPU +${cpuPct.toFixed(0)} %, peak RSS +${rssMb.toFixed(0)} MB (medians); ${sizes.join(', ')}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  mock.child.kill();
  rmSync(work, { recursive: true, force: true });
}
