/** Retried dialogues in JUnit, Surefire-style; the XML parsed back to check it. */
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildJunitXml, cdata } from '../../src/reporters/junit.js';
import { junitCase } from '../../src/reporters/junit-case.js';
import { executeRun } from '../../src/run/execute.js';
import { ReporterMux } from '../../src/results/event-stream.js';
import type { DialogueResult, RunSummary } from '../../src/results/model.js';
import type { Dialogue } from '../../src/dialogues/types.js';
import { textReply } from '../helpers/scripted-bot.js';
import { junitSchemaViolations } from '../helpers/junit-schema.js';

const pos = { file: 'specs/t.yaml', line: 3, column: 5 };
const dialogue = (name: string): Dialogue => ({
  suite: 'T',
  file: 'specs/t.yaml',
  name,
  tags: [],
  pos,
  steps: [
    {
      index: 1,
      action: { kind: 'send', text: name },
      expect: { scenarioName: { op: 'equals', value: 'Ok' } },
      expectPos: { scenarioName: pos },
      pos,
    },
  ],
});

async function results(): Promise<{ results: DialogueResult[]; summary: RunSummary }> {
  const seen = new Map<string, number>();
  const dialogues = [dialogue('flaky ]]> one'), dialogue('always wrong'), dialogue('fine')];
  const collected: DialogueResult[] = [];
  const mux = new ReporterMux([{ name: 'c', onDialogueEnd: (r) => void collected.push(r) }]);
  const info = {
    runId: 'r',
    startedAt: new Date().toISOString(),
    toolVersion: '0',
    target: { kind: 'mock' as const, host: 'h', description: 'd' },
    concurrency: 1,
    planned: [],
  };
  const summary = await executeRun(
    info,
    dialogues,
    {
      timeoutMs: 1000,
      send: async (request) => {
        const n = (seen.get(request.text!) ?? 0) + 1;
        seen.set(request.text!, n);
        const scenario = request.text === 'fine' || (request.text!.startsWith('flaky') && n > 1) ? 'Ok' : `Wrong ${n}`;
        return {
          ok: true,
          status: 200,
          json: textReply(request.userId, scenario, 'hi'),
          request: { event: 'send', userId: request.userId, timestamp: 0, body: '' },
          attempts: 1,
          latencyMs: 1,
        };
      },
    },
    mux,
    () => ({ requests: 0, throttled: 0 }),
    { concurrency: 1, userIdPrefix: 'u', retries: 2 },
  );
  return { results: collected, summary };
}

describe('JUnit with --retries', () => {
  it('puts <flakyFailure> in a passing testcase and <rerunFailure> after the first <failure>', async () => {
    const { results: list, summary } = await results();
    const xml = buildJunitXml(
      ['specs/t.yaml'],
      list.map((result, order) => junitCase(result, order, cdata)),
      summary,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testcase', 'flakyFailure', 'rerunFailure'].includes(name),
    }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '3', failures: '1', errors: '0' });
    const [flaky, wrong, fine] = suite.testcase;

    expect(flaky.name).toBe('flaky ]]> one');
    expect(flaky.failure).toBeUndefined();
    expect(flaky.flakyFailure).toHaveLength(1);
    expect(flaky.flakyFailure[0]).toMatchObject({
      type: 'ExpectationFailed',
      message: expect.stringContaining('"Wrong 1"'),
    });
    expect(flaky.flakyFailure[0].stackTrace).toContain('actual:   "Wrong 1"');
    expect(flaky.flakyFailure[0]['system-out']).toContain('userId: u-0\n');
    expect(flaky['system-out']).toContain('userId: u-0-retry1');

    // Surefire: the first attempt is the failure, the later ones are reruns
    expect(wrong.failure.message).toContain('"Wrong 1"');
    expect(wrong.rerunFailure.map((r: { message: string }) => r.message)).toEqual([
      expect.stringContaining('"Wrong 2"'),
      expect.stringContaining('"Wrong 3"'),
    ]);
    expect(wrong['system-out']).toContain('userId: u-1-retry2');

    expect(fine.flakyFailure).toBeUndefined();
    expect(fine.rerunFailure).toBeUndefined();
  });

  it("keeps every attempt's transcript in the testcase's own <system-out>, oldest first, and stays schema-valid", async () => {
    const { results: list, summary } = await results();
    const xml = buildJunitXml(
      ['specs/t.yaml'],
      list.map((result, order) => junitCase(result, order, cdata)),
      summary,
    );
    expect(junitSchemaViolations(xml)).toEqual([]);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testcase',
    }).parse(xml);
    const [flaky, wrong, fine] = doc.testsuites.testsuite.testcase;
    // readers that show only the testcase's output (GitLab, action-junit-report) see the first attempt too
    const out: string = wrong['system-out'];
    expect(out).toMatch(
      /── attempt 1 of 3: failed ──\nuserId: u-1\n[\s\S]*── attempt 2 of 3: failed ──\nuserId: u-1-retry1\n[\s\S]*── attempt 3 of 3: failed ──\nuserId: u-1-retry2\n/,
    );
    expect(flaky['system-out']).toMatch(
      /── attempt 1 of 2: failed ──\nuserId: u-0\n[\s\S]*── attempt 2 of 2: passed ──\nuserId: u-0-retry1\n/,
    );
    expect(fine['system-out']).not.toContain('attempt');
    expect(wrong).toMatchObject({ file: 'specs/t.yaml', line: '3' });
  });
});
