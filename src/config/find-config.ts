/**
 * Where the config file is: `--config <file>`, else the first `clova-regress.config.yaml` (or
 * `.yml`) in the working folder or above it. The search stops at the folder holding `.git` (the
 * project's root) or at the filesystem root, as Playwright's and Vitest's do.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CONFIG_FILE_NAMES = ['clova-regress.config.yaml', 'clova-regress.config.yml'] as const;

export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      if (isFile(file)) return file;
    }
    // a worktree's `.git` is a file, a clone's a folder: either marks the project root
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
