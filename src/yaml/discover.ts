/** Which files a list of paths names: files as given, folders searched for *.yaml and *.yml. */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { InputError } from '../diagnostics/problem.js';

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** True when found by searching a folder rather than named. */
  discovered: boolean;
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist']);

export async function discoverFiles(paths: string[], cwd: string): Promise<FoundFile[]> {
  const found = new Map<string, FoundFile>();
  for (const given of paths) {
    const absolute = resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new InputError([
        {
          file: given,
          line: 1,
          column: 1,
          code: 'not-found',
          message: `no such file or folder: ${given}`,
          pathOnly: true,
        },
      ]);
    }
    if (info.isDirectory()) {
      for (const file of await walk(absolute)) if (!found.has(file)) found.set(file, { path: file, discovered: true });
    } else {
      found.set(absolute, { path: absolute, discovered: false });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...(await walk(full)));
    } else if (/\.ya?ml$/i.test(entry.name)) {
      files.push(full);
    }
  }
  return files;
}

/** A path as users see it in messages and reports: relative to the working directory, `/`-separated. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  const shown = rel === '' || rel.startsWith('..') ? absolute : rel;
  return shown.split(sep).join('/');
}

/** A bot definition rather than a spec: it has scenarios or a welcome, and no dialogues. */
export function isBotDefinition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return !('dialogues' in value) && ('scenarios' in value || 'welcome' in value);
}
