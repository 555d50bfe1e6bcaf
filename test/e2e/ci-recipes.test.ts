/**
 * docs/ci.md's recipes, kept working: the YAML is read from the page, and every clova-regress
 * command in it is run as the CI system would — each shard with its index, then the merge — against
 * a local bot, in a shell (for the globs), with `npx clova-regress` pointing at the built CLI.
 */
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { XMLValidator } from 'fast-xml-parser';
import { CLI, REPO } from '../helpers/cli.js';
import { scriptedBotPerTest, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { readResultsFile } from '../../src/results/results-file.js';

const SECRET = 'ci-recipe-Secret-0123456789';
const withBot = scriptedBotPerTest(SECRET);

const page = readFileSync(join(REPO, 'docs/ci.md'), 'utf8');
const yamlBlocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Record<string, unknown>);

function sh(command: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const line = command.replaceAll('npx clova-regress', `"${process.execPath}" "${CLI}"`);
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', CI: 'true', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const SPEC = (n: number) =>
  `suite: Shop ${n}\ndialogues:\n${[0, 1, 2, 3, 4].map((k) => `  - name: asks ${k}\n    steps:\n      - send: q${n}-${k}\n        expect: { scenarioName: q${n}-${k} }\n`).join('')}`;

async function project() {
  const bot = await withBot((req) => {
    const text = (req.body.bubbles as Array<{ data: { description: string } }>)[0]!.data.description;
    return { json: textReply(req.body.userId, text === 'q1-3' ? 'Wrong' : text, 'ok') };
  });
  return {
    dir: tempProject({ 'specs/a.yaml': SPEC(0), 'specs/b.yaml': SPEC(1), 'specs/c.yaml': SPEC(2) }),
    env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET },
  };
}

async function checkMerged(dir: string, output: string) {
  expect(output).toMatch(/^14 passed, 1 failed, 0 errors/m);
  expect(output).not.toContain(SECRET);
  const merged = await readResultsFile(join(dir, 'report/results.json'));
  expect(merged.summary.counts.total).toBe(15);
  expect(XMLValidator.validate(readFileSync(join(dir, 'report/junit.xml'), 'utf8'))).toBe(true);
  expect(existsSync(join(dir, 'report/report.html'))).toBe(true);
  expect(readFileSync(join(dir, 'report/summary.md'), 'utf8')).toContain('Shop 1 › asks 3');
}

describe('docs/ci.md', () => {
  it('has a GitHub Actions workflow whose shard and merge commands work', async () => {
    const workflow = yamlBlocks.find((b) => 'jobs' in b) as {
      jobs: Record<string, { strategy?: { matrix: { shard: number[] } }; steps: Array<{ run?: string }> }>;
    };
    const shardJob = workflow.jobs.shard!;
    const runStep = shardJob.steps.find((s) => s.run?.includes('clova-regress run'))!.run!;
    const mergeStep = workflow.jobs.report!.steps.find((s) => s.run?.includes('clova-regress merge'))!.run!;
    const { dir, env } = await project();
    for (const shard of shardJob.strategy!.matrix.shard) {
      const result = await sh(runStep.replaceAll('${{ matrix.shard }}', String(shard)), dir, env);
      expect([0, 1]).toContain(result.code);
    }
    const merged = await sh(mergeStep, dir, {});
    expect(merged.code).toBe(1);
    await checkMerged(dir, merged.out);
  }, 120_000);

  it('has a GitLab CI pipeline whose parallel and merge commands work', async () => {
    const pipeline = yamlBlocks.find((b) => 'stages' in b) as Record<string, { parallel?: number; script?: string[] }>;
    const shardJob = pipeline.dialogues!;
    const runLine = shardJob.script!.find((l) => l.includes('clova-regress run'))!;
    const mergeLine = pipeline['dialogue-report']!.script!.find((l) => l.includes('clova-regress merge'))!;
    const { dir, env } = await project();
    for (let index = 1; index <= shardJob.parallel!; index++) {
      const result = await sh(runLine, dir, {
        ...env,
        CI_NODE_INDEX: String(index),
        CI_NODE_TOTAL: String(shardJob.parallel),
      });
      expect([0, 1]).toContain(result.code);
    }
    const merged = await sh(mergeLine, dir, {});
    expect(merged.code).toBe(1);
    await checkMerged(dir, merged.out);
  }, 120_000);

  it('has a Kubernetes indexed Job whose shard pods and merge Job work', async () => {
    type Job = {
      kind: string;
      spec: {
        completionMode?: string;
        completions?: number;
        template: { spec: { containers: Array<{ args: string[]; env?: Array<{ name: string; value: string }> }> } };
      };
    };
    const jobs = yamlBlocks.filter((b) => b.kind === 'Job') as unknown as Job[];
    const shardJob = jobs.find((j) => j.spec.completionMode === 'Indexed')!;
    const mergeJob = jobs.find((j) => j !== shardJob)!;
    const container = shardJob.spec.template.spec.containers[0]!;
    // the pods' shared volume, here a folder of the project
    const local = (line: string) => line.replaceAll('/results/', 'results/');
    const podEnv = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
    const { dir, env } = await project();
    for (let index = 0; index < shardJob.spec.completions!; index++) {
      const result = await sh(local(container.args[0]!), dir, {
        ...env,
        ...podEnv,
        JOB_COMPLETION_INDEX: String(index),
      });
      expect([0, 1]).toContain(result.code);
    }
    const merged = await sh(
      local(mergeJob.spec.template.spec.containers[0]!.args[0]!).replaceAll('results/report/', 'report/'),
      dir,
      {},
    );
    expect(merged.code).toBe(1);
    await checkMerged(dir, merged.out);
  }, 120_000);
});
