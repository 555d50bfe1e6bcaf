/** The options table: every command's flags come from it, once each, documented, with today's messages. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { checkOptions, optionSpecs, OPTIONS, type ArgsOf } from '../../src/cli/options.js';
import { COMMAND_NAMES } from '../../src/cli/option-types.js';
import { FAULT_FLAG_NAMES } from '../../src/mock/fault-flags.js';
import { REPO, runCli } from '../helpers/cli.js';

/** The flags a `--help` lists in its left column (not those its help lines mention). */
const helpFlags = (help: string) =>
  new Set([...help.matchAll(/^ {2}(?:-\w, )? *--([a-z][a-z0-9-]*)/gm)].map((m) => m[1]!));

describe('the options table', () => {
  it('is where every command gets its options: --help lists exactly the table entries of the command', async () => {
    for (const command of COMMAND_NAMES) {
      const help = await runCli([command, '--help']);
      expect(help.code, `${command} --help`).toBe(0);
      const listed = [...helpFlags(help.stdout)].filter((f) => f !== 'help' && f !== 'version').sort();
      expect(listed, command).toEqual(
        optionSpecs(command)
          .map((s) => s.name)
          .sort(),
      );
    }
  }, 60_000);

  it('is the only place options are declared: no yargs .option() elsewhere in the sources', () => {
    const sources = (dir: string): string[] =>
      readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const declaring = sources('src').filter((f) => /\.options?\(/.test(readFileSync(join(REPO, f), 'utf8')));
    expect(declaring).toEqual([join('src', 'cli', 'declare-options.ts')]);
  });

  it('names each option once: no flag, camelCase key or alias shared by two entries', () => {
    for (const command of COMMAND_NAMES) {
      const names = optionSpecs(command).flatMap((s) => [s.name, ...(s.alias ? [s.alias] : [])]);
      expect(new Set(names).size, command).toBe(names.length);
      const keys = optionSpecs(command).map((s) => s.key);
      expect(new Set(keys).size, command).toBe(keys.length);
    }
  });

  it("declares the mock's fault flags, and only those, under the faults group", () => {
    const faults = Object.entries(OPTIONS)
      .filter(([, e]) => 'group' in e && e.group === 'Mock bot faults:')
      .map(([n]) => n);
    expect(faults.filter((n) => n !== 'mock-seed').sort()).toEqual([...FAULT_FLAG_NAMES].sort());
  });

  it("documents every entry in docs/cli.md (the mock's own flags in docs/mock-bot.md)", () => {
    const doc = ['docs/cli.md', 'docs/mock-bot.md'].map((f) => readFileSync(join(REPO, f), 'utf8')).join('\n');
    const missing = Object.keys(OPTIONS).filter((name) => !new RegExp(`--${name}(?![a-z0-9-])`).test(doc));
    expect(missing).toEqual([]);
  });

  it('checks values with the messages the flags always gave', () => {
    const run = (args: Record<string, unknown>) =>
      checkOptions('run', { concurrency: 8, timeout: 10_000, requestRetries: 2, retries: 0, ...args });
    expect(run({})).toBeUndefined();
    expect(run({ concurrency: 0 })).toBe('--concurrency must be a whole number ≥ 1 and at most 10000, not 0');
    expect(run({ retries: 1.5 })).toBe('--retries must be a whole number ≥ 0 and at most 100');
    expect(run({ maxFailures: 0 })).toBe('--max-failures must be a whole number ≥ 1');
    expect(run({ rps: 0 })).toBe('--rps must be a number of requests per second from 0.01 to 1000000, not 0');
    expect(run({ bail: true, maxFailures: 3 })).toBe('--bail is --max-failures 1: it cannot go with --max-failures 3');
    expect(run({ bail: true, maxFailures: 1 })).toBeUndefined();
    // a command's own variant of a shared flag keeps its own message
    expect(
      checkOptions('explore', {
        rps: 0,
        out: 'x',
        depth: 1,
        maxDialogues: 1,
        concurrency: 1,
        timeout: 1,
        requestRetries: 0,
      }),
    ).toBe('--rps must be a number of requests per second > 0');
    expect(
      checkOptions('record', { missingOnly: true, overwrite: true, concurrency: 1, timeout: 1, requestRetries: 0 }),
    ).toMatch(/^--missing-only and --overwrite exclude each other/);
  });

  it('gives a config loader each option with its camelCase key, type, choices, default and check', () => {
    const byName = new Map(optionSpecs('run').map((s) => [s.name, s]));
    expect(byName.get('request-retries')).toMatchObject({
      key: 'requestRetries',
      type: 'number',
      default: 2,
      array: false,
    });
    expect(byName.get('record-description')).toMatchObject({
      key: 'recordDescription',
      choices: ['auto', 'exact', 'contains', 'none'],
    });
    expect(byName.get('tag')).toMatchObject({ repeatable: true });
    expect(byName.get('concurrency')!.check!(20_000, {})).toMatch(/^--concurrency must be/);
    expect(optionSpecs('report').find((s) => s.name === 'step-summary')!.default).toBe(false);
  });

  it("derives each command's argument types from the table", () => {
    expectTypeOf<ArgsOf<'run'>['concurrency']>().toEqualTypeOf<number>();
    expectTypeOf<ArgsOf<'run'>['url']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ArgsOf<'run'>['paths']>().toEqualTypeOf<string[]>();
    expectTypeOf<ArgsOf<'run'>['recordDescription']>().toEqualTypeOf<'auto' | 'exact' | 'contains' | 'none'>();
    expectTypeOf<ArgsOf<'report'>['stepSummary']>().toEqualTypeOf<boolean>();
    expectTypeOf<ArgsOf<'explore'>['out']>().toEqualTypeOf<string>();
    expectTypeOf<ArgsOf<'run'>>().not.toHaveProperty('port');
    expectTypeOf<ArgsOf<'mock'>>().not.toHaveProperty('junit');
    expectTypeOf<ArgsOf<'validate'>['format']>().toEqualTypeOf<'text' | 'json' | 'github'>();
  });
});
