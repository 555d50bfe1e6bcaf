/**
 * `--repeat-each` in the scheduler, with a fake bot: N runs per dialogue in sessions of their own,
 * the pass-rate gate, retries per run, and what a stop leaves of an undecided rate.
 */
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/run/execute.js';
import { ReporterMux } from '../../src/results/event-stream.js';
import type { DialogueResult, RunInfo } from '../../src/results/model.js';
import type { Dialogue } from '../../src/dialogues/types.js';
import type { Exchange, SendOptions } from '../../src/client/bot-client.js';
import type { ChatRequest } from '../../src/protocol/request.js';
import { textReply } from '../helpers/scripted-bot.js';

const pos = { file: 'specs/t.yaml', line: 1, column: 1 };

function dialogue(name: string, extra: Partial<Dialogue> = {}): Dialogue {
  const expect = { scenarioName: { op: 'equals' as const, value: 'Ok' } };
  const step = { index: 1, action: { kind: 'send' as const, text: name }, expect, expectPos: {}, pos };
  return { suite: 'T', file: 'specs/t.yaml', name, tags: [], pos, steps: [step], ...extra };
}

type Bot = (request: ChatRequest, options: SendOptions) => Promise<Exchange>;

/** `right(n)` says whether the n-th asking (0-based, counted per text) is answered right. */
function countingBot(right: (n: number) => boolean, onSend?: (n: number) => void): { send: Bot; seen: ChatRequest[] } {
  const seen: ChatRequest[] = [];
  const asked = new Map<string, number>();
  const send: Bot = async (request) => {
    seen.push(request);
    const n = asked.get(request.text ?? '') ?? 0;
    asked.set(request.text ?? '', n + 1);
    onSend?.(n);
    const { event, userId, text } = request;
    const sent = { event, userId, text, timestamp: Date.now(), body: '{}' };
    const json = textReply(request.userId, right(n) ? 'Ok' : 'Wrong', 'hi');
    return { ok: true, status: 200, json, request: sent, attempts: 1, latencyMs: 1 };
  };
  return { send, seen };
}

function info(dialogues: Dialogue[]): RunInfo {
  return {
    runId: 'r1',
    startedAt: new Date().toISOString(),
    toolVersion: '0',
    target: { kind: 'mock', host: 'x', description: 'x' },
    concurrency: 1,
    planned: dialogues.map(({ name, file }) => ({ id: `T › ${name}`, suite: 'T', file, name, tags: [], steps: 1 })),
  };
}

async function execute(dialogues: Dialogue[], bot: Bot, options: Partial<Parameters<typeof executeRun>[5]> = {}) {
  const results: DialogueResult[] = [];
  const mux = new ReporterMux([{ name: 'collect', onDialogueEnd: (r) => void results.push(r) }]);
  const stats = () => ({ requests: 0, throttled: 0 });
  const ctx = { send: bot, timeoutMs: 1000 };
  const settings = { concurrency: 1, userIdPrefix: 'u', ...options };
  const summary = await executeRun(info(dialogues), dialogues, ctx, mux, stats, settings);
  return { results, summary };
}

const sevenInTen = (n: number) => n % 10 !== 2 && n % 10 !== 5 && n % 10 !== 8;

describe('--repeat-each', () => {
  it('runs a dialogue N times in sessions of its own and gates on the pass rate', async () => {
    const bot = countingBot(sevenInTen);
    const { results, summary } = await execute([dialogue('d')], bot.send, { repeat: { each: 10, minPassRate: 0.7 } });
    expect(bot.seen.map((r) => r.userId)).toEqual(Array.from({ length: 10 }, (_, i) => `u-0-repeat${i + 1}`));
    const result = results[0]!;
    expect(result.status).toBe('flaky');
    expect(result.repeats).toMatchObject({ each: 10, minPassRate: 0.7, passed: 7 });
    expect(result.repeats!.runs.map((r) => r.repetition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // the run shown is the first that failed
    expect(result.userId).toBe('u-0-repeat3');
    expect(result.steps[0]!.status).toBe('failed');
    expect(summary.counts).toMatchObject({ total: 1, flaky: 1 });
  });

  it('fails below the rate; a rate of 1 needs every run; all passing is passed', async () => {
    const once = async (right: (n: number) => boolean, each: number, minPassRate: number) =>
      (await execute([dialogue('d')], countingBot(right).send, { repeat: { each, minPassRate } })).results[0]!;
    expect((await once(sevenInTen, 10, 0.8)).status).toBe('failed');
    expect((await once(sevenInTen, 10, 1)).status).toBe('failed');
    const all = await once(() => true, 3, 1);
    expect(all.status).toBe('passed');
    expect(all.userId).toBe('u-0-repeat3');
  });

  it('retries each run on its own: a run passing on its retry counts as passed', async () => {
    const bot = countingBot((n) => n !== 1);
    const { results } = await execute([dialogue('d')], bot.send, { repeat: { each: 3, minPassRate: 1 }, retries: 1 });
    expect(bot.seen.map((r) => r.userId)).toEqual(['u-0-repeat1', 'u-0-repeat2', 'u-0-repeat2-retry1', 'u-0-repeat3']);
    expect(results[0]!.status).toBe('flaky');
    expect(results[0]!.repeats!.runs.map((r) => r.status)).toEqual(['passed', 'flaky', 'passed']);
    expect(results[0]!.repeats!.passed).toBe(3);
  });

  it("the spec's retries: overrides --retries for its dialogue", async () => {
    const bot = countingBot((n) => n > 0);
    const { results } = await execute([dialogue('d', { retries: 0 })], bot.send, { retries: 3 });
    expect(results[0]!.status).toBe('failed');
    expect(bot.seen).toHaveLength(1);
  });

  it('a dialogue skipped in its spec is skipped once, not N times', async () => {
    const bot = countingBot(() => true);
    const repeat = { each: 5, minPassRate: 1 };
    const { results } = await execute([dialogue('d', { skip: 'later' })], bot.send, { repeat });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'skipped', skipReason: 'later' });
    expect(results[0]!.repeats).toBeUndefined();
    expect(bot.seen).toHaveLength(0);
  });

  it('--max-failures counts dialogues; a stop leaves an undecided rate skipped, never passed', async () => {
    const failing = countingBot(() => false);
    const repeat = { each: 3, minPassRate: 1 };
    const two = [dialogue('a'), dialogue('b')];
    const { results, summary } = await execute(two, failing.send, { repeat, maxFailures: 1 });
    expect(results.map((r) => r.status)).toEqual(['failed']);
    expect(failing.seen).toHaveLength(3);
    expect(summary).toMatchObject({ notRun: 1, stopReason: 'max-failures' });

    const controller = new AbortController();
    // Ctrl-C during the 3rd run: 2 of 2 passed, but 2 of 10 cannot decide a rate of 50%
    const stopped = countingBot(
      () => true,
      (n) => n === 2 && controller.abort(),
    );
    const half = { each: 10, minPassRate: 0.5 };
    const cut = await execute([dialogue('c')], stopped.send, { repeat: half, signal: controller.signal });
    expect(cut.results[0]).toMatchObject({ status: 'skipped', skipReason: 'interrupted before it finished' });
    expect(cut.results[0]!.repeats!.runs.length).toBeLessThan(10);
  });
});
