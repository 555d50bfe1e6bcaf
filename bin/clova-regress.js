#!/usr/bin/env node
// The installed command. Committed with its run bit (git mode 100755) because tsc writes dist/
// without one, and npm/npx link the command to this file: it stays runnable after every clone
// and build. It only finds the compiled CLI and hands over to it.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps V8's compiled code of dist/ in its cache dir (the OS temp folder) between runs;
// Node 20 has no such call. A cache that cannot be written costs speed only: never an error.
try {
  module.enableCompileCache?.();
} catch {
  // start without the cache
}

// The one place that names the compiled CLI (move src/cli.ts, change this line).
const entry = new URL('../dist/cli.js', import.meta.url);

if (existsSync(entry)) {
  await import(entry.href);
} else {
  const root = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');
  // One line, no stack: a git install whose prepare script was not allowed to run ends up here too.
  const missing = fileURLToPath(entry);
  process.stderr.write(`clova-regress: not built (${missing} is missing): run \`npm run build\` in ${root}` +
    ' (installed from git? its prepare script must run: docs/install.md)\n');
  process.exitCode = 2;
}
