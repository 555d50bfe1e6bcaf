/**
 * Golden files, after Vitest's `__snapshots__` and Hurl's `tests_failed/*.err`: an output is
 * compared whole with the file that pins it. `UPDATE_GOLDEN=1` rewrites them (see README.md).
 * A missing golden fails the test; outside CI it is also written, to be reviewed and committed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = fileURLToPath(new URL('./__golden__/', import.meta.url));

/** Asserts `actual` equals the golden file `name` (in `dir`), or (UPDATE_GOLDEN=1) rewrites that file. */
export function expectGolden(name: string, actual: string, dir = GOLDEN_DIR): void {
  const path = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) {
    // never created silently: CI fails without writing; locally it is written, and still fails once
    if (!process.env.CI) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
    }
    const how = process.env.CI ? 'not written in CI' : 'written now: review it and commit it';
    throw new Error(`golden file ${name} is missing (${how}); UPDATE_GOLDEN=1 regenerates all (test/golden/README.md)`);
  }
  const golden = readFileSync(path, 'utf8');
  expect(actual, `differs from ${path}; if the change is meant, UPDATE_GOLDEN=1 rewrites it`).toBe(golden);
}
