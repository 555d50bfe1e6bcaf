/**
 * The config file from load to the options a command runs with: problems positioned, `${env.X}`
 * read only for what is used, paths from the file's folder, and the precedence
 * flags > target > top level > defaults — a flag typed at its default value included.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yargs, { type Options } from 'yargs';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigUsageError, resolveConfig } from '../../src/config/resolve-config.js';
import { findConfigFile } from '../../src/config/find-config.js';
import { runConfigOptions } from '../../src/cli/config-options.js';
import { applyConfigFile, flagShapesOf } from '../../src/cli/config-wiring.js';
import { optionSpecs, type OptionSpec } from '../../src/cli/options.js';
import type { RunArgs } from '../../src/cli/run.js';
import { InputError } from '../../src/diagnostics/problem.js';
import { redact } from '../../src/io/redact.js';
import { tempProject } from '../helpers/temp.js';

const FILE = 'clova-regress.config.yaml';
const load = (dir: string, shown = FILE) => loadConfig(join(dir, FILE), shown, runConfigOptions());

const CONFIG = `retries: 2
concurrency: 3
junit: reports/junit.xml
targets:
  beta: { url: "\${env.BETA_URL}", secretEnv: BETA_SECRET, concurrency: 5 }
  mock: { mock: specs/bot.yaml, rps: 20 }
defaultTarget: mock
`;

async function problemsOf(dir: string, file = 'clova-regress.config.yaml'): Promise<string[]> {
  try {
    await loadConfig(join(dir, file), file, runConfigOptions());
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.problems.map((p) => `${p.line}:${p.column} ${p.message}${p.hint ? ` — ${p.hint}` : ''}`);
  }
  return [];
}

/** The options `run` would run with, parsed as the CLI parses them, then laid over the config file. */
async function runOptions(args: string[], cwd: string, env: Record<string, string> = {}) {
  const shape = (s: OptionSpec) => ({ type: s.type, array: s.array, alias: s.alias, default: s.default });
  const declared = optionSpecs('run').map((s) => [s.name, shape(s)]);
  const options = Object.fromEntries(declared) as Record<string, Options>;
  const argv = (await yargs(args).options(options).parse()) as unknown as RunArgs;
  argv.paths = (argv as unknown as { _: string[] })._.slice(1).map(String);
  if (argv.paths.length === 0) argv.paths = ['specs'];
  return applyConfigFile(argv, { rawArgs: args, flags: flagShapesOf('run'), positionalPaths: true, env, cwd });
}

describe('loadConfig', () => {
  it('reports every problem at file:line:column with a did-you-mean', async () => {
    const text = 'maxFailure: 3\nrps: fast\ntargets:\n  mock: { mock: bot.yaml, concurency: 2 }\n';
    const dir = tempProject({ [FILE]: text });
    expect(await problemsOf(dir)).toEqual([
      '1:1 unknown key `maxFailure` in the config file — did you mean `maxFailures`?',
      '2:6 expected a number, found a string',
      '4:27 unknown key `concurency` in a target — did you mean `concurrency`?',
    ]);
  });

  it('checks values as the flags are checked, and defaultTarget against the targets', async () => {
    const text = 'timeout: 0\nrecordDescription: exakt\ntargets:\n  beta: { mock: b.yaml }\ndefaultTarget: bta\n';
    const dir = tempProject({ [FILE]: text });
    expect(await problemsOf(dir)).toEqual([
      "1:10 `timeout` must be a whole number of milliseconds ≥ 1 and at most 2147483647 (Node's timer limit), not 0",
      '2:20 `recordDescription` must be one of auto, exact, contains, none (did you mean exact?)',
      '5:16 no target `bta` under `targets` — did you mean `beta`?',
    ]);
  });

  it('takes an empty file as no options, and refuses a YAML syntax error with its position', async () => {
    const dir = tempProject({ [FILE]: '# nothing yet\n', 'broken.yaml': 'targets:\n  mock: { mock: a.yaml\n' });
    expect(await problemsOf(dir)).toEqual([]);
    expect((await problemsOf(dir, 'broken.yaml'))[0]).toMatch(/^\d+:\d+ YAML syntax/);
  });
});

describe('findConfigFile', () => {
  it('finds the file in a folder above, and stops at the project root (.git)', () => {
    const dir = tempProject({ 'clova-regress.config.yml': '', 'project/.git/HEAD': '', 'project/specs/a/.keep': '' });
    expect(findConfigFile(join(dir, 'specs'))).toBe(join(dir, 'clova-regress.config.yml'));
    expect(findConfigFile(join(dir, 'project', 'specs', 'a'))).toBeUndefined();
  });
});

describe('resolveConfig', () => {
  it('reads ${env.X} only for the chosen target, with the unset variable at its line', async () => {
    const dir = tempProject({ [FILE]: CONFIG });
    const config = await load(dir);
    // beta's URL variable is unset: choosing the mock does not care
    const mock = resolveConfig(config, { useDefault: true }, {}, dir);
    expect(mock.bot).toEqual({ kind: 'mock', botFile: 'specs/bot.yaml' });
    let problem;
    try {
      resolveConfig(config, { name: 'beta', useDefault: true }, {}, dir);
    } catch (error) {
      problem = (error as InputError).problems[0];
    }
    expect(problem).toMatchObject({ file: FILE, line: 5, column: 16 });
    expect(problem?.message).toBe('environment variable `BETA_URL` is not set');
    expect(() => resolveConfig(config, { name: 'bta', useDefault: true }, {}, dir)).toThrow(ConfigUsageError);
    expect(() => resolveConfig(config, { name: 'bta', useDefault: true }, {}, dir)).toThrow('did you mean beta?');
  });

  it("reads paths from the config file's folder, shown from the working folder", async () => {
    const dir = tempProject({ [FILE]: CONFIG });
    mkdirSync(join(dir, 'sub'));
    const config = await load(dir, `../${FILE}`);
    const resolved = resolveConfig(config, { useDefault: true }, {}, join(dir, 'sub'));
    expect(resolved.values.get('junit')).toBe('../reports/junit.xml');
    expect(resolved.values.get('mock')).toBe('../specs/bot.yaml');
  });

  it("masks a secret-looking variable's value once read", async () => {
    const dir = tempProject({ [FILE]: 'grep: "${env.GREP_TOKEN}"\n' });
    const resolved = resolveConfig(await load(dir), { useDefault: true }, { GREP_TOKEN: 'tok-4242-secret' }, dir);
    expect(resolved.values.get('grep')).toBe('tok-4242-secret');
    expect(redact('seen tok-4242-secret')).not.toContain('tok-4242-secret');
  });
});

describe('applyConfigFile: precedence', () => {
  it("flags > the target's options > top-level options > defaults", async () => {
    const dir = tempProject({ [FILE]: CONFIG });
    const plain = await runOptions(['run'], dir);
    if (!plain.ok) throw new Error(plain.message);
    expect(plain.argv).toMatchObject({ retries: 2, concurrency: 3, rps: 20, requestRetries: 2 });
    expect(plain.argv).toMatchObject({ junit: 'reports/junit.xml', mock: 'specs/bot.yaml' });
    expect(plain.bot).toEqual({ target: 'mock' });

    // typed flags win even at their default values
    const typed = await runOptions(['run', '--retries', '0', '-j', '8', '--rps=1'], dir);
    if (!typed.ok) throw new Error(typed.message);
    expect(typed.argv).toMatchObject({ retries: 0, concurrency: 8, rps: 1 });

    const beta = await runOptions(['run', '--target', 'beta'], dir, { BETA_URL: 'https://beta.example/x' });
    if (!beta.ok) throw new Error(beta.message);
    expect(beta.argv).toMatchObject({ url: 'https://beta.example/x', concurrency: 5, retries: 2 });
    expect(beta.argv.mock).toBeUndefined();
    expect(beta.bot).toEqual({ target: 'beta', secretEnv: 'BETA_SECRET' });
  });

  it('positional paths replace `paths`; --mock or CLOVA_INVOKE_URL set the default target aside', async () => {
    const dir = tempProject({ [FILE]: `paths: [suites]\n${CONFIG}` });
    const typed = await runOptions(['run', 'other'], dir);
    expect(typed.ok && typed.argv.paths).toEqual(['other']);
    const fromFile = await runOptions(['run'], dir);
    expect(fromFile.ok && fromFile.argv.paths).toEqual(['suites']);
    const mock = await runOptions(['run', '--mock', 'mine.yaml'], dir);
    expect(mock.ok && [mock.argv.mock, mock.argv.rps, mock.bot]).toEqual(['mine.yaml', undefined, {}]);
    const live = await runOptions(['run'], dir, { CLOVA_INVOKE_URL: 'https://live.example/x' });
    expect(live.ok && [live.argv.mock, live.bot]).toEqual([undefined, {}]);
  });

  it('--target needs a config file', async () => {
    const dir = tempProject({ '.git/HEAD': '' });
    const outcome = await runOptions(['run', '--target', 'beta'], dir);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toContain('--target beta needs a config file');
  });
});
