#!/usr/bin/env node
// The installed command. Committed with its run bit (git mode 100755) because tsc writes dist/
// without one, and npm/npx link the command to this file: it stays runnable after every clone
// and build. It only finds the compiled CLI and hands over to it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
