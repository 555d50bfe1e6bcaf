/** Every spec key in the schema language is documented in docs/spec-format.md; every coverage/validate/init flag in docs/cli.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specDefinitions, specRoot } from '../../src/spec/spec-schema.js';
import type { SchemaNode } from '../../src/spec/schema-dsl.js';
import { REPO } from '../helpers/cli.js';

function keysOf(node: SchemaNode, out: Set<string>): void {
  if (node.kind === 'object') for (const [key, f] of Object.entries(node.fields)) (out.add(key), keysOf(f.node, out));
  else if (node.kind === 'union') for (const o of node.options) keysOf(o, out);
  else if (node.kind === 'array') keysOf(node.items, out);
}

describe('documentation', () => {
  it('docs/spec-format.md names every key of the spec format', () => {
    const keys = new Set<string>();
    keysOf(specRoot, keys);
    for (const node of Object.values(specDefinitions)) keysOf(node, keys);
    const doc = readFileSync(join(REPO, 'docs/spec-format.md'), 'utf8');
    const missing = [...keys].filter((k) => !new RegExp(`[\`{\\s,]${k}[\`}:,\\s]`).test(doc));
    expect(missing).toEqual([]);
  });

  it('docs/cli.md names every option of validate, init, coverage and schema', async () => {
    const doc = readFileSync(join(REPO, 'docs/cli.md'), 'utf8');
    const flags = ['--format', '--dir', '--scenarios', '--column', '--sheet', '--results', '--json', '--markdown', '--min-coverage', '--out'];
    expect(flags.filter((f) => !doc.includes(`\`${f}`))).toEqual([]);
  });
});
