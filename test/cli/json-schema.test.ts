/**
 * The shipped JSON Schemas: generated from the loaders' own definitions, committed up to date,
 * accepting every example and refusing each broken fixture the loader refuses (where JSON Schema
 * can see the problem at all — the fixture headers say which cannot, and why).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { jsonSchemaText, schemaFileName, SCHEMA_KINDS, type SchemaKind } from '../../src/cli/json-schemas.js';
import { parseYamlSource } from '../../src/yaml/yaml-source.js';
import { loadSpecs } from '../../src/dialogues/load.js';
import { loadBotDefinition } from '../../src/mock/load.js';
import { loadConfig } from '../../src/config/load-config.js';
import { runConfigOptions } from '../../src/cli/config-options.js';
import { InputError, type Problem } from '../../src/diagnostics/problem.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { REPO } from '../helpers/cli.js';
import { scaffoldFiles } from '../../src/cli/init-scaffold.js';

const committed = (kind: SchemaKind) => readFileSync(join(REPO, 'docs/schema', schemaFileName(kind)), 'utf8');
const ajv = new Ajv({ allErrors: true });
const validators = {
  spec: ajv.compile(JSON.parse(committed('spec'))),
  bot: ajv.compile(JSON.parse(committed('bot'))),
  config: ajv.compile(JSON.parse(committed('config'))),
};

/** The value the loader sees (the same YAML reading, flow regexes included). */
function valueOf(file: string): unknown {
  const parsed = parseYamlSource(file, readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems[0]!.message}`);
  return parsed.source.value;
}

describe('docs/schema', () => {
  it.each(SCHEMA_KINDS)(
    '%s.schema.json is what the generator writes (run `npm run schema` after changing a definition)',
    (kind) => {
      expect(committed(kind)).toBe(jsonSchemaText(kind));
    },
  );

  const examples = readdirSync(join(REPO, 'specs')).filter((f) => f.endsWith('.yaml'));
  it.each(examples)('accepts the example specs/%s', (file) => {
    const kind: SchemaKind = file === 'bot.yaml' ? 'bot' : 'spec';
    const validate = validators[kind];
    expect(validate(valueOf(join(REPO, 'specs', file))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(examples)('specs/%s points editors at its schema and is plain YAML (no leniency needed)', (file) => {
    const text = readFileSync(join(REPO, 'specs', file), 'utf8');
    const kind = file === 'bot.yaml' ? 'bot' : 'spec';
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=../docs/schema/${kind}.schema.json`);
    expect(parseDocument(text).errors).toEqual([]);
  });
});

async function loaderProblem(kind: SchemaKind, dir: string, file: string): Promise<Problem> {
  try {
    if (kind === 'spec') await loadSpecs([file], dir, { env: {} });
    else if (kind === 'bot') await loadBotDefinition(file, dir);
    else await loadConfig(join(dir, file), file, runConfigOptions());
  } catch (error) {
    if (error instanceof InputError) return error.problems[0]!;
    throw error;
  }
  throw new Error(`${file}: the loader accepted it`);
}

describe.each(SCHEMA_KINDS)('broken %s fixtures', (kind) => {
  const dir = join(FIXTURES, 'schema-broken', kind);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s: the loader says what its header says, and the schema agrees where it can see', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const loader = /^# loader: (.*)$/m.exec(text)![1];
    const schema = /^# schema: (rejects|accepts)/m.exec(text)![1];
    const problem = await loaderProblem(kind, dir, file);
    expect(`${problem.line}:${problem.column} ${problem.message}`).toBe(loader);
    expect(validators[kind](valueOf(join(dir, file))) ? 'accepts' : 'rejects').toBe(schema);
  });

  it('has fixtures of both sorts', () => {
    const headers = files.map((f) => /^# schema: (\w+)/m.exec(readFileSync(join(dir, f), 'utf8'))![1]);
    expect(headers).toContain('rejects');
    expect(headers).toContain('accepts');
  });
});

describe('config.schema.json', () => {
  // every YAML example of docs/config.md, and what init writes: an editor must not flag any of them
  const doc = readFileSync(join(REPO, 'docs/config.md'), 'utf8');
  const examples = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('accepts every example of docs/config.md and the file init writes', () => {
    expect(examples.length).toBeGreaterThan(0);
    const initConfig = scaffoldFiles('specs').find((f) => f.path === 'clova-regress.config.yaml')!.text;
    for (const text of [...examples, initConfig]) {
      const value = parseDocument(text).toJS() as unknown;
      expect(validators.config(value), `${JSON.stringify(validators.config.errors)}\n${text}`).toBe(true);
    }
  });

  it('rejects a misspelt key at the top level and in a target, and accepts both spellings of an option', () => {
    expect(validators.config({ maxFailurs: 3 })).toBe(false);
    expect(validators.config({ targets: { mock: { mock: 'bot.yaml', rsp: 20 } } })).toBe(false);
    expect(validators.config({ targets: { beta: { url: 'https://x', secretEnv: 'BETA SECRET' } } })).toBe(false);
    expect(
      validators.config({
        maxFailures: 3,
        'request-retries': 1,
        targets: { s: { url: 'https://x', secretEnv: 'S_KEY', rps: 20 } },
      }),
    ).toBe(true);
  });
});
