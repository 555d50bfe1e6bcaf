#!/usr/bin/env node
// The installed command. Committed with its run bit (git mode 100755) because tsc writes dist/
// without one, and npm/npx link the command to this file: it stays runnable after every clone
// and build. It only finds the compiled CLI and hands over to it. CommonJS, as the CLI's loader
// is: an ES module entry costs Node its ESM loader on every start (.ci/cli-loader.cjs).
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

// Node 22.1+ keeps V8's compiled code of dist/ in its cache dir (the OS temp folder) between runs;
// Node 20 has no such call. A cache that cannot be written costs speed only: never an error.
try {
  require('node:module').enableCompileCache?.();
} catch {
  // start without the cache
}

// The one place that names the compiled CLI: the bundle's loader, which `npm run build` writes
// after tsc, or tsc's own entry when it is newer (tsc ran alone since: slower, never stale). Move
// src/cli.ts, change these lines.
const dist = join(__dirname, '..', 'dist');
const loader = join(dist, 'cli.cjs');
const compiled = join(dist, 'cli.js');
const modified = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs;
const [bundled, built] = [modified(loader), modified(compiled)];

if (bundled !== undefined && !(built > bundled)) {
  require(loader);
} else if (built !== undefined) {
  import(pathToFileURL(compiled).href);
} else {
  // One line, no stack: a git install whose prepare script was not allowed to run ends up here too.
  process.stderr.write(
    `clova-regress: not built (${loader} is missing): run \`npm run build\` in ${join(__dirname, '..')}` +
      ' (installed from git? its prepare script must run: docs/install.md)\n',
  );
  process.exitCode = 2;
}
