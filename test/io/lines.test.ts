/** The line reader under the results file: lines longer than a read chunk, CRLF, no final newline. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLineBatches } from '../../src/io/lines.js';
import { tempProject } from '../helpers/temp.js';

async function lines(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readLineBatches(path)) out.push(...batch);
  return out;
}

describe('readLineBatches', () => {
  it('yields every line whole, however long, with \\r\\n or \\n endings', async () => {
    const dir = tempProject();
    const long = 'x'.repeat(2_500_000) + '한국어';
    writeFileSync(join(dir, 'f'), `first\r\n${long}\nthird\n\nlast`);
    expect((await lines(join(dir, 'f'))).map((l) => (l.length > 100 ? `${l.length}:${l.slice(-3)}` : l))).toEqual([
      'first',
      `${long.length}:한국어`,
      'third',
      '',
      'last',
    ]);
  });

  it('yields nothing for an empty file and no extra line after a final newline', async () => {
    const dir = tempProject({ empty: '', one: 'only\n' });
    expect(await lines(join(dir, 'empty'))).toEqual([]);
    expect(await lines(join(dir, 'one'))).toEqual(['only']);
  });
});
