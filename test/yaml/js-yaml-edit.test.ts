/**
 * The command's bundle parses YAML with js-yaml edited where it is bundled (.ci/js-yaml-edits.mjs:
 * its parser state written out, so that every state has one shape). The edit must change nothing
 * a parse gives: the same events on every example spec and fixture, on thousands of mutated
 * specs, and the same errors, which name the file and honour `maxDepth` as before.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { applyTextMutation, PROPERTY, textMutation } from '../reliability/mutate.js';

type ParseEvents = (input: string, options?: { filename?: string; maxDepth?: number }) => unknown[];

const INSTALLED = join(REPO, 'node_modules/js-yaml/dist/js-yaml.mjs');
let installed: ParseEvents;
let edited: ParseEvents;

beforeAll(async () => {
  const edits = (await import(pathToFileURL(join(REPO, '.ci/js-yaml-edits.mjs')).href)) as {
    editJsYaml(text: string): string;
  };
  const file = join(mkdtempSync(join(tmpdir(), 'clova-regress-js-yaml-')), 'js-yaml.mjs');
  const text = readFileSync(INSTALLED, 'utf8');
  const changed = edits.editJsYaml(text);
  expect(changed).not.toBe(text);
  writeFileSync(file, changed.replace(/^\/\/# sourceMappingURL=.*$/m, '')); // the map is the installed file's
  installed = ((await import(pathToFileURL(INSTALLED).href)) as { parseEvents: ParseEvents }).parseEvents;
  edited = ((await import(pathToFileURL(file).href)) as { parseEvents: ParseEvents }).parseEvents;
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}
const corpus = [...yamlFiles(join(REPO, 'specs')), ...yamlFiles(join(REPO, 'test/fixtures'))].map((f) =>
  readFileSync(f, 'utf8'),
);

/** The events, or the error's message, of one parse. */
function outcome(parse: ParseEvents, text: string, options?: { filename?: string; maxDepth?: number }): unknown {
  try {
    return { events: parse(text, options) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('js-yaml as the command bundles it', () => {
  it('gives the same events on every example spec and fixture', () => {
    expect(corpus.length).toBeGreaterThan(20);
    for (const text of corpus) expect(outcome(edited, text, {})).toEqual(outcome(installed, text, {}));
  });

  it('gives the same events or the same error on mutated specs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpus), textMutation, (text, mutation) => {
        const mutated = applyTextMutation(text, mutation);
        expect(outcome(edited, mutated, {})).toEqual(outcome(installed, mutated, {}));
      }),
      PROPERTY,
    );
  });

  it('names the file in its errors and honours maxDepth, as installed', () => {
    const broken = 'suite: x\ndialogues: [a, b\n';
    const named = outcome(edited, broken, { filename: 'specs/broken.yaml' }) as { error?: string };
    expect(named.error).toContain('specs/broken.yaml');
    expect(named).toEqual(outcome(installed, broken, { filename: 'specs/broken.yaml' }));
    const deep = 'a:\n  b:\n    c:\n      d: 1\n';
    const shallow = outcome(edited, deep, { maxDepth: 2 }) as { error?: string };
    expect(shallow.error).toContain('maxDepth');
    expect(shallow).toEqual(outcome(installed, deep, { maxDepth: 2 }));
    expect(outcome(edited, deep, {})).toEqual(outcome(installed, deep, {}));
  });
});
