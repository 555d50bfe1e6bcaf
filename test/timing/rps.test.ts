/**
 * `--rps` measured where it matters, at the built-in mock bot. Timing tests run on their own, after
 * the main suite (test/vitest.timing.config.ts), so other test files do not take the CPU they measure.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';
import { loadBotDefinition, startMockServer, type MockServer } from '../../src/mock/index.js';

const SECRET = 'rps-Secret-Key-0123456789';
const ROOT = new URL('../..', import.meta.url).pathname;
let mock: MockServer | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** 100 dialogues of two steps each, in four files: 200 requests. */
function specs(): Record<string, string> {
  const out: Record<string, string> = {};
  const step = '      - send: products\n        expect: { scenarioName: Products }\n';
  for (let f = 0; f < 4; f++) {
    const dialogues = Array.from({ length: 25 }, (_, k) => `  - name: dialogue ${k}\n    steps:\n${step.repeat(2)}`);
    out[`specs/file-${f}.yaml`] = `suite: Suite ${f}\ndialogues:\n${dialogues.join('')}`;
  }
  return out;
}

describe('--rps', () => {
  // -j 16: room for 160 ms per request before the concurrency, not the limiter, sets the pace
  it('keeps 200 requests at --rps 100 between 95 and 105 requests a second, measured at the mock', async () => {
    const arrivals: number[] = [];
    const bot = await loadBotDefinition(join(ROOT, 'specs/bot.yaml'));
    mock = await startMockServer({ bot, secretKey: SECRET, log: () => arrivals.push(performance.now()) });
    const dir = tempProject(specs());
    const result = await runCli(['run', '-j', '16', '--rps', '100', '-q'], {
      cwd: dir,
      env: { CLOVA_INVOKE_URL: mock.url, CLOVA_SECRET_KEY: SECRET },
      timeoutMs: 30_000,
    });
    expect(result.stdout).toMatch(/^100 passed, 0 failed, 0 errors/m);
    expect(result.code).toBe(0);
    expect(arrivals).toHaveLength(200);
    const rate = ((arrivals.length - 1) * 1000) / (arrivals[arrivals.length - 1]! - arrivals[0]!);
    expect(rate, `${rate.toFixed(1)} req/s`).toBeGreaterThan(95);
    expect(rate, `${rate.toFixed(1)} req/s`).toBeLessThan(105);
  }, 60_000);
});
