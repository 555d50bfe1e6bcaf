/**
 * The scheduler with a fake bot: retries and flaky verdicts, --max-failures, interruption with its
 * grace period, and the in-flight limit.
 */
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/run/execute.js';
import { ReporterMux } from '../../src/results/event-stream.js';
import type { DialogueResult, RunInfo, RunSummary } from '../../src/results/model.js';
import type { Dialogue } from '../../src/dialogues/types.js';
import type { Exchange, SendOptions } from '../../src/client/bot-client.js';
import type { ChatRequest } from '../../src/protocol/request.js';
import { textReply } from '../helpers/scripted-bot.js';

const pos = { file: 'specs/t.yaml', line: 1, column: 1 };

function dialogue(name: string, texts: string[]): Dialogue {
  return {
    suite: 'T',
    file: 'specs/t.yaml',
    name,
    tags: [],
    pos,
    steps: texts.map((text, i) => ({
      index: i + 1,
      action: { kind: 'send' as const, text },
      expect: { scenarioName: { op: 'equals' as const, value: 'Ok' } },
      expectPos: {},
      pos,
    })),
  };
}

type Bot = (request: ChatRequest, options: SendOptions) => Promise<Exchange>;

/** Answers scenario `Ok` unless `scenario` says otherwise. */
function fakeBot(
  scenario: (request: ChatRequest, n: number) => string | Promise<string>,
  delayMs = 0,
): { send: Bot; seen: ChatRequest[] } {
  const seen: ChatRequest[] = [];
  const send: Bot = async (request, options) => {
    seen.push(request);
    const sent = {
      event: request.event,
      userId: request.userId,
      text: request.text,
      timestamp: Date.now(),
      body: '{}',
    };
    if (delayMs) {
      const cancelled = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), delayMs);
        options.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve(true)), { once: true });
      });
      if (cancelled)
        return {
          ok: false,
          request: sent,
          attempts: 1,
          latencyMs: 1,
          cause: { kind: 'network', message: 'cancelled', retryable: false },
        };
    }
    const name = await scenario(request, seen.length);
    return {
      ok: true,
      status: 200,
      json: textReply(request.userId, name, 'hi'),
      request: sent,
      attempts: 1,
      latencyMs: 1,
    };
  };
  return { send, seen };
}

function info(dialogues: Dialogue[]): RunInfo {
  return {
    runId: 'r1',
    startedAt: new Date().toISOString(),
    toolVersion: '0',
    target: { kind: 'mock', host: 'x', description: 'x' },
    concurrency: 2,
    planned: dialogues.map((d) => ({
      id: `T › ${d.name}`,
      suite: 'T',
      file: d.file,
      name: d.name,
      tags: [],
      steps: d.steps.length,
    })),
  };
}

async function execute(dialogues: Dialogue[], bot: Bot, options: Partial<Parameters<typeof executeRun>[5]> = {}) {
  const results: DialogueResult[] = [];
  let summary: RunSummary | undefined;
  const mux = new ReporterMux([
    { name: 'collect', onDialogueEnd: (r) => void results.push(r), onEnd: (s) => void (summary = s) },
  ]);
  const returned = await executeRun(
    info(dialogues),
    dialogues,
    { send: bot, timeoutMs: 1000 },
    mux,
    () => ({ requests: 0, throttled: 0 }),
    { concurrency: 2, userIdPrefix: 'u', ...options },
  );
  expect(summary).toEqual(returned);
  return { results, summary: returned };
}

describe('executeRun', () => {
  it('re-runs a failing dialogue whole with a fresh userId and calls it flaky when a retry passes', async () => {
    const bot = fakeBot((req) => (req.userId === 'u-0' && req.text === 'two' ? 'Wrong' : 'Ok'));
    const { results, summary } = await execute([dialogue('d', ['one', 'two'])], bot.send, { retries: 2 });
    expect(results[0]!.status).toBe('flaky');
    expect(results[0]!.userId).toBe('u-0-retry1');
    expect(results[0]!.retries?.map((a) => [a.status, a.userId])).toEqual([['failed', 'u-0']]);
    expect(bot.seen.map((r) => `${r.userId}:${r.text}`)).toEqual([
      'u-0:one',
      'u-0:two',
      'u-0-retry1:one',
      'u-0-retry1:two',
    ]);
    expect(summary.counts).toMatchObject({ total: 1, flaky: 1, passed: 0 });
  });

  it('reports a dialogue that fails every attempt as failed, with the earlier attempts kept', async () => {
    const bot = fakeBot(() => 'Wrong');
    const { results } = await execute([dialogue('d', ['one'])], bot.send, { retries: 2 });
    expect(results[0]!.status).toBe('failed');
    expect(results[0]!.retries).toHaveLength(2);
    expect(bot.seen).toHaveLength(3);
  });

  it('does not retry a passing dialogue', async () => {
    const bot = fakeBot(() => 'Ok');
    const { results } = await execute([dialogue('d', ['one'])], bot.send, { retries: 3 });
    expect(results[0]!.status).toBe('passed');
    expect(results[0]!.retries).toBeUndefined();
  });

  it('stops scheduling after --max-failures and counts the rest as not run', async () => {
    const bot = fakeBot(() => 'Wrong');
    const dialogues = Array.from({ length: 6 }, (_, i) => dialogue(`d${i}`, ['x']));
    const { results, summary } = await execute(dialogues, bot.send, { concurrency: 1, maxFailures: 2 });
    expect(results).toHaveLength(2);
    expect(summary).toMatchObject({ interrupted: true, notRun: 4, stopReason: 'max-failures', counts: { failed: 2 } });
  });

  it('on interrupt: no new dialogue, answers in flight accepted, the dialogue cut short reported as not passed', async () => {
    const controller = new AbortController();
    const bot = fakeBot(() => 'Ok', 30);
    setTimeout(() => controller.abort(), 45);
    const dialogues = [dialogue('long', ['a', 'b', 'c', 'd']), dialogue('short', ['a']), dialogue('never', ['a'])];
    const { results, summary } = await execute(dialogues, bot.send, { concurrency: 2, signal: controller.signal });
    const long = results.find((r) => r.name === 'long')!;
    expect(long.status).toBe('skipped');
    expect(long.skipReason).toMatch(/interrupted/);
    expect(long.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'skipped', 'skipped']);
    expect(results.find((r) => r.name === 'short')!.status).toBe('passed');
    expect(summary).toMatchObject({ interrupted: true, stopReason: 'signal' });
    expect(summary.notRun + summary.counts.total).toBe(3);
  });

  it('cancels requests still in flight when the grace period runs out', async () => {
    const controller = new AbortController();
    const bot = fakeBot(() => 'Ok', 5_000);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const { results } = await execute([dialogue('slow', ['a'])], bot.send, { signal: controller.signal, graceMs: 50 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(results[0]!.status).toBe('skipped');
    expect(results[0]!.steps[0]).toMatchObject({ status: 'skipped', reason: 'the run was interrupted' });
  });

  it('never has more dialogues in flight than the concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const bot = fakeBot(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return 'Ok';
    });
    const dialogues = Array.from({ length: 30 }, (_, i) => dialogue(`d${i}`, ['x']));
    const { summary } = await execute(dialogues, bot.send, { concurrency: 3 });
    expect(peak).toBe(3);
    expect(summary.counts.passed).toBe(30);
    expect(summary.stepLatencyMs?.count).toBe(30);
  });

  it('on a bug (the client threw): rejects with it once what is running settles, and starts nothing more', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let calls = 0;
      const send: Bot = async (request, options) => {
        if (++calls === 3) throw new Error('client bug');
        return fakeBot(() => 'Ok', 5).send(request, options);
      };
      const dialogues = Array.from({ length: 50 }, (_, i) => dialogue(`d${i}`, ['x']));
      const mux = new ReporterMux([]);
      await expect(
        executeRun(info(dialogues), dialogues, { send, timeoutMs: 1000 }, mux, () => ({ requests: 0, throttled: 0 }), {
          concurrency: 2,
          userIdPrefix: 'u',
        }),
      ).rejects.toThrow('client bug');
      await new Promise((r) => setTimeout(r, 20));
      expect(calls).toBeLessThanOrEqual(4);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
