/**
 * Fault soak: 2,000 dialogues (4,000+ requests) through the real CLI against the built-in mock,
 * ~10% of requests hit by latency spikes, 500/503/504/429 answers, malformed JSON, HTML error
 * pages, connection resets and hangs. Faults are a pure function of (seed, userId, request
 * number), so the test replays the mock's decisions and the client's retry rules for every
 * userId the run used and predicts each step's fate: retried faults must pass, the others must
 * be errors with the right cause. Then: every dialogue accounted for exactly once, the console,
 * JSON and JUnit totals agree, nothing on stderr (no unhandled rejection), and the CLI exits on
 * its own right after its summary (no socket or timer left open).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { CLI } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';
import { loadBotDefinition } from '../../src/mock/load.js';
import { FaultPlan, type FaultRule } from '../../src/mock/faults.js';
import { DEFAULT_RETRY_POLICY } from '../../src/client/backoff.js';
import type { AttemptResult, DialogueResult } from '../../src/results/model.js';

const DIALOGUES = 2000;
const FILES = 4;
const SEED = 7;
const REQUEST_RETRIES = 2;
const TIMEOUT_MS = 2000;
/** The longest Retry-After the client honours (DEFAULT_RETRY_POLICY.maxRetryAfterMs). */
const MAX_RETRY_AFTER_MS = 30_000;

const BOT = `name: Soak bot
scenarios:
  - name: Store hours
    utterances: [store hours]
    answer: We are open from 9 to 6.
  - name: Products
    utterances: [products]
    answer: We have three products.
faults:
  errors:                                   # 10.5% of requests
    - { rate: 0.02, kind: slow, delayMs: 400 }
    - { rate: 0.015, status: 500 }
    - { rate: 0.015, status: 503 }
    - { rate: 0.003, status: 503, retryAfterSec: 60 }   # longer than the client waits: no retry
    - { rate: 0.01, status: 504 }
    - { rate: 0.015, status: 429 }
    - { rate: 0.01, kind: malformed }
    - { rate: 0.01, kind: html }
    - { rate: 0.005, kind: reset }
    - { rate: 0.002, kind: hang }
`;

function specFile(file: number): string {
  const per = DIALOGUES / FILES;
  const dialogues = Array.from(
    { length: per },
    (_, i) => `  - name: dialogue ${file * per + i}
    steps:
      - send: store hours
        expect: { scenarioName: Store hours }
      - send: products
        expect: { scenarioName: Products, description: /three products/ }
`,
  );
  return `suite: Soak ${file}\ndialogues:\n${dialogues.join('')}`;
}

/** What a step should come to, by the client's rules (docs/reliability.md). */
type Fate = { status: 'passed'; attempts: number } | { status: 'errored'; attempts: number; kind: string };

/** HTTP-level retries: throttling, gateway unavailability and network failures only. */
function retryable(rule: FaultRule): boolean {
  return rule.kind === 'reset' || (rule.kind === 'status' && [429, 503, 504].includes(rule.status ?? 500));
}

function causeKind(rule: FaultRule): string {
  switch (rule.kind) {
    case 'status':
      return (rule.status ?? 500) === 500 ? 'bot-error' : 'gateway-error';
    case 'malformed':
      return 'bad-reply';
    case 'html':
      return 'http';
    case 'reset':
      return 'network';
    case 'hang':
      return 'timeout';
    case 'slow':
      throw new Error('a spike is no error');
  }
}

/** Replays one attempt (one userId) of a dialogue of `steps` steps through the fault plan. */
function predictAttempt(plan: FaultPlan, userId: string, steps: number): Fate[] {
  const fates: Fate[] = [];
  let requestNo = 0;
  for (let s = 0; s < steps; s++) {
    for (let attempts = 1; ; attempts++) {
      const rule = plan.decide({ userId, requestNo: ++requestNo }).rule;
      if (!rule || rule.kind === 'slow') {
        fates.push({ status: 'passed', attempts });
        break;
      }
      if (!retryable(rule) || attempts > REQUEST_RETRIES || (rule.retryAfterSec ?? 0) * 1000 > MAX_RETRY_AFTER_MS) {
        fates.push({ status: 'errored', attempts, kind: causeKind(rule) });
        return fates; // the rest of the dialogue is not run
      }
    }
  }
  return fates;
}

function observed(attempt: Pick<AttemptResult, 'steps'>): Fate[] {
  return attempt.steps
    .filter((s) => s.status !== 'skipped')
    .map((s) =>
      s.status === 'errored'
        ? { status: 'errored', attempts: s.attempts ?? 1, kind: s.cause.kind }
        : { status: s.status as 'passed', attempts: s.attempts ?? 1 },
    );
}

/** Runs the CLI, noting when the summary line was printed and when the process exited. */
function runTimed(
  args: string[],
  cwd: string,
): Promise<{
  code: number | null;
  stdout: string;
  stderr: string;
  startedAt: number;
  summaryAt: number | undefined;
  exitedAt: number;
}> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let summaryAt: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (summaryAt === undefined && /^\d+ passed, /m.test(stdout)) summaryAt = Date.now();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, startedAt, summaryAt, exitedAt: Date.now() });
    });
  });
}

describe('fault soak', () => {
  it(`${DIALOGUES} dialogues, ~10% of requests faulted: every one accounted for, with the right verdict and cause`, async () => {
    const files: Record<string, string> = { 'soak-bot.yaml': BOT };
    for (let f = 0; f < FILES; f++) files[`specs/soak-${f}.yaml`] = specFile(f);
    const dir = tempProject(files);
    const run = await runTimed(
      [
        'run',
        'specs',
        '--mock',
        'soak-bot.yaml',
        '--mock-seed',
        String(SEED),
        '-j',
        '32',
        '--timeout',
        String(TIMEOUT_MS),
        '--request-retries',
        String(REQUEST_RETRIES),
        '--retries',
        '1',
        '-q',
        '--no-progress',
        '--junit',
        'out/junit.xml',
        '--json',
        'out/results.json',
      ],
      dir,
    );
    const wallMs = run.exitedAt - run.startedAt;

    // no crash, no unhandled rejection, no hang; the process ends on its own right after its summary
    expect(run.stderr).toBe('');
    expect(run.summaryAt).toBeDefined();
    expect(run.exitedAt - run.summaryAt!).toBeLessThan(2000);
    expect(wallMs).toBeLessThan(90_000);

    // every dialogue exactly once, in the JSON results
    const results = await readResultsFile(join(dir, 'out/results.json'));
    const byName = new Map<string, DialogueResult>();
    for (const d of results.dialogues) {
      expect(byName.has(d.name), `${d.name} reported twice`).toBe(false);
      byName.set(d.name, d);
    }
    expect(byName.size).toBe(DIALOGUES);
    for (let i = 0; i < DIALOGUES; i++) expect(byName.has(`dialogue ${i}`)).toBe(true);

    // each step's fate is what the faults and the retry rules say it must be
    const bot = await loadBotDefinition(join(dir, 'soak-bot.yaml'));
    const plan = new FaultPlan(bot.faults, SEED);
    expect(DEFAULT_RETRY_POLICY.maxRetryAfterMs).toBe(MAX_RETRY_AFTER_MS);
    const expected = { passed: 0, flaky: 0, errored: 0 };
    const causes: Record<string, number> = {};
    let retriedAndPassed = 0;
    for (const d of results.dialogues) {
      const attempts = [...(d.retries ?? []), d];
      const first = predictAttempt(plan, attempts[0]!.userId, 2);
      expect(observed(attempts[0]!), `${d.name} (${attempts[0]!.userId})`).toEqual(first);
      const firstPassed = first.length === 2 && first.every((f) => f.status === 'passed');
      if (firstPassed) {
        expect(attempts).toHaveLength(1);
        expect(d.status).toBe('passed');
        expected.passed++;
        retriedAndPassed += first.filter((f) => f.attempts > 1).length;
      } else {
        for (const f of first) if (f.status === 'errored') causes[f.kind] = (causes[f.kind] ?? 0) + 1;
        expect(attempts).toHaveLength(2); // --retries 1: re-run whole, with a fresh userId
        expect(attempts[1]!.userId).not.toBe(attempts[0]!.userId);
        const second = predictAttempt(plan, attempts[1]!.userId, 2);
        expect(observed(attempts[1]!), `${d.name} retry (${attempts[1]!.userId})`).toEqual(second);
        const secondPassed = second.length === 2 && second.every((f) => f.status === 'passed');
        expect(d.status).toBe(secondPassed ? 'flaky' : 'errored');
        expected[secondPassed ? 'flaky' : 'errored']++;
      }
    }
    // each cause says, in words, what happened
    const MESSAGES: Record<string, RegExp> = {
      'bot-error': /^unknown chatbot error \(code 5000: .*\), HTTP 500$/,
      'gateway-error':
        /^API Gateway error: Endpoint Error \(errorCode 500\), HTTP 503; the server asked to retry after 60 s, longer than we wait$|^API Gateway error: .* HTTP (429|503|504)$/,
      'bad-reply': /^HTTP 200 with a non-JSON body \(".*"\)$/,
      http: /^HTTP 502 with an HTML body \("502 Bad Gateway"\)$/,
      timeout: /^timed out after 2000 ms \(127\.0\.0\.1:\d+\)$/,
      network: /^connection .* \(127\.0\.0\.1:\d+, \w+\)$/,
    };
    for (const d of results.dialogues) {
      for (const attempt of [...(d.retries ?? []), d]) {
        for (const s of attempt.steps)
          if (s.status === 'errored') expect(s.cause.message, s.cause.kind).toMatch(MESSAGES[s.cause.kind]!);
      }
    }

    // the faults really happened, of every kind
    expect(retriedAndPassed).toBeGreaterThan(50);
    for (const kind of ['bot-error', 'gateway-error', 'bad-reply', 'http', 'timeout'])
      expect(causes[kind] ?? 0, `${kind} in ${JSON.stringify(causes)}`).toBeGreaterThan(0);

    // the totals agree: JSON, console, JUnit
    const counts = results.summary.counts;
    expect(counts).toMatchObject({
      total: DIALOGUES,
      passed: expected.passed,
      flaky: expected.flaky,
      errored: expected.errored,
      failed: 0,
    });
    const line = /^(\d+) passed, (\d+) failed, (\d+) errors?(?:, (\d+) flaky)?/m.exec(run.stdout);
    expect(line, run.stdout.slice(-500)).not.toBeNull();
    expect(line!.slice(1, 5).map((n) => Number(n ?? 0))).toEqual([
      expected.passed,
      0,
      expected.errored,
      expected.flaky,
    ]);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      readFileSync(join(dir, 'out/junit.xml'), 'utf8'),
    );
    const suites = [xml.testsuites.testsuite].flat();
    const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as Array<Record<string, unknown>>;
    expect(Number(xml.testsuites.tests)).toBe(DIALOGUES);
    expect(new Set(cases.map((c) => `${c.classname} ${c.name}`)).size).toBe(DIALOGUES);
    expect(Number(xml.testsuites.errors)).toBe(expected.errored);
    expect(Number(xml.testsuites.failures)).toBe(0);
    expect(cases.filter((c) => c.flakyError !== undefined || c.flakyFailure !== undefined)).toHaveLength(
      expected.flaky,
    );
    expect(run.code).toBe(expected.errored > 0 ? 3 : 0);

    console.log(
      `fault soak: ${DIALOGUES} dialogues, ${results.summary.requests} requests in ${(wallMs / 1000).toFixed(1)} s (CLI wall time); ${expected.passed} passed (${retriedAndPassed} steps passed after HTTP retries), ${expected.flaky} flaky, ${expected.errored} errored; first-attempt causes ${JSON.stringify(causes)}`,
    );
  }, 120_000);
});
