/** Every spec key is documented in docs/spec-format.md, every bot-file key in docs/mock-bot.md, every flag of every command in docs/cli.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specDefinitions, specRoot } from '../../src/dialogues/spec-schema.js';
import { botDefinitions, botRoot } from '../../src/mock/definition-schema.js';
import type { SchemaNode } from '../../src/yaml/schema-dsl.js';
import { REPO, runCli } from '../helpers/cli.js';
import { runConfigOptions } from '../../src/cli/config-options.js';
import { configSchema, TARGET_KEYS } from '../../src/config/config-schema.js';

function keysOf(node: SchemaNode, out: Set<string>): void {
  if (node.kind === 'object')
    for (const [key, f] of Object.entries(node.fields)) {
      out.add(key);
      keysOf(f.node, out);
    }
  else if (node.kind === 'union') for (const o of node.options) keysOf(o, out);
  else if (node.kind === 'array') keysOf(node.items, out);
}

/** The keys of a schema (root and shared definitions) that `doc` never names as a key. */
function undocumentedKeys(root: SchemaNode, definitions: Record<string, SchemaNode>, doc: string): string[] {
  const keys = new Set<string>();
  keysOf(root, keys);
  for (const node of Object.values(definitions)) keysOf(node, keys);
  expect(keys.size).toBeGreaterThan(20);
  const text = readFileSync(join(REPO, doc), 'utf8');
  return [...keys].filter((k) => !new RegExp(`[\`{\\s,]${k}[\`}:,\\s]`).test(text));
}

describe('documentation', () => {
  it('docs/spec-format.md names every key of the spec format', () => {
    expect(undocumentedKeys(specRoot, specDefinitions, 'docs/spec-format.md')).toEqual([]);
  });

  it('docs/mock-bot.md names every key of the bot definition format', () => {
    expect(undocumentedKeys(botRoot, botDefinitions, 'docs/mock-bot.md')).toEqual([]);
  });

  it('docs/config.md names every config key (each option in its documented camelCase spelling, targets and their keys)', () => {
    const { root } = configSchema(runConfigOptions());
    const topLevel = root.kind === 'object' ? Object.keys(root.fields) : [];
    // the kebab-case spellings are the flags' own names, documented once as a rule
    const keys = [...topLevel.filter((k) => !k.includes('-')), ...TARGET_KEYS];
    expect(keys).toEqual(
      expect.arrayContaining(['targets', 'defaultTarget', 'maxFailures', 'requestRetries', 'rps', 'paths']),
    );
    const text = readFileSync(join(REPO, 'docs/config.md'), 'utf8');
    expect(keys.filter((k) => !new RegExp(`\`${k}\``).test(text))).toEqual([]);
  });

  it('docs/cli.md (and docs/mock-bot.md for the mock) names every option each command accepts', async () => {
    const doc = ['docs/cli.md', 'docs/mock-bot.md'].map((f) => readFileSync(join(REPO, f), 'utf8')).join('\n');
    const missing: string[] = [];
    for (const command of [
      'run',
      'mock',
      'report',
      'record',
      'explore',
      'merge',
      'coverage',
      'validate',
      'init',
      'schema',
    ]) {
      const help = await runCli([command, '--help']);
      expect(help.code, `${command} --help`).toBe(0);
      const flags = new Set(help.stdout.match(/--[a-z][a-z0-9-]*/g) ?? []);
      for (const flag of flags) {
        if (flag === '--help' || flag === '--version') continue;
        if (!new RegExp(`${flag}(?![a-z0-9-])`).test(doc)) missing.push(`${command} ${flag}`);
      }
    }
    expect(missing).toEqual([]);
  }, 60_000);
});
