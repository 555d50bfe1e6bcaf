#!/usr/bin/env node
/**
 * dist/cli.cjs after `npm run build` (.ci/bundle-cli.mjs writes it from this file), which the
 * command, bin/clova-regress.cjs, runs. It runs the bundled command line, dist/cli-bundle.cjs,
 * through vm.Script with a V8 code cache: compiling the bundle's code was a third of `run`'s
 * start-up, and Node 20 has no compile cache of its own (module.enableCompileCache, which the
 * command turns on, is Node 22.1+). CommonJS, as the command is: an ES module entry makes Node set
 * up its ESM loader and a facade for each builtin imported, ~3 % of a 1-dialogue `run`.
 *
 * The cache is V8's compiled code, so whoever can write it can run code as the user: it lives in a
 * folder of this user's only (mode 0700, owned by them, not a symlink: checked before every use),
 * never in a shared one. A cache that cannot be read is skipped without a word; one that cannot
 * be written (no private folder to be had, a full disk) costs one warning line on stderr and
 * nothing else; NODE_DISABLE_COMPILE_CACHE turns it off (as it does Node's own). One file per command (`run`
 * keeps the functions `run` compiled), named for our version, the bundle's content hash, the Node
 * version and the architecture; V8 itself rejects a cache made by another V8 or under other flags.
 */
'use strict';
const { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { homedir, tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

// filled in by .ci/bundle-cli.mjs: our version and the bundle's content hash
const KEY = '__CLI_CACHE_KEY__';
// a cache file each, the names from src/cli/option-types.ts (filled in too); anything else shares one
const COMMANDS = JSON.parse('__CLI_COMMANDS__');
const bundlePath = join(__dirname, 'cli-bundle.cjs');

/**
 * The Node builtins that the commands which talk to a bot load as they start, required before
 * startBundle sets its V8 flags. A flag set at run time changes the hash that V8 checks every
 * code cache against, Node's own cache of its builtins included, so each builtin first loaded
 * after the flags is compiled from its source: ~40 M instructions, an eighth of a 1-dialogue
 * `run` (valgrind), ~4 ms. One missing here is only slower; test/e2e/start-up-cache.test.ts
 * checks that `run` loads no other (stream, util and the like are loaded by then).
 */
const EARLY_BUILTINS = ['assert', 'crypto', 'diagnostics_channel', 'fs/promises', 'net'];
// the commands that talk to a bot (src/cli/option-parts.ts talksToBot, filled in too), and `mock`,
// which serves one
const BOT_COMMANDS = new Set([...JSON.parse('__CLI_BOT_COMMANDS__'), 'mock']);
/**
 * What serving the built-in mock adds: node:http, and node:cluster (with child_process and dgram)
 * and node:dns, which a server's listen loads. Early only when the command line looks like the mock's: a
 * guess from the flags and CLOVA_INVOKE_URL, as a config file's default target is not read here.
 * Either wrong guess costs ~3 % of a start (24 M instructions saved for a mock, 5-10 M spent
 * for a URL).
 */
const MOCK_BUILTINS = ['http', 'cluster', 'dns'];
const named = (flag) => args.some((a) => a === flag || a.startsWith(`${flag}=`));
const servesMock = () =>
  args[0] === 'mock' ||
  named('--mock') ||
  !(named('--url') || named('--target') || named('--config') || process.env.CLOVA_INVOKE_URL);

// `--version` must stay instant for scripts (src/cli/start.ts answers it the same way under tsc's
// build): the version from package.json, without reading the bundle
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  startBundle();
}

function packageVersion() {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
  } catch {
    return '0.0.0';
  }
}

/** The bundled CLI, compiled from this command's cache when there is a good one. */
function startBundle() {
  if (BOT_COMMANDS.has(args[0])) {
    for (const name of EARLY_BUILTINS) require(`node:${name}`);
    if (servesMock()) for (const name of MOCK_BUILTINS) require(`node:${name}`);
  }
  // V8 takes a cache only under the flags it was made with, and the CLI sets the first two while it
  // runs (src/cli/start.ts, src/io/heap.ts): set them before compiling, so that made and used agree.
  // The third: the cache is written at exit, and after a long run V8 has flushed the bytecode of
  // functions idle since start-up (parsing flags, loading specs), so a first run of 30,000
  // dialogues left a cache without them (690 KB, not 1.2 MB) and every later start took 150 ms,
  // not 100. Keeping the bundle's bytecode costs a few MB at most.
  for (const flag of ['--wasm-tiering-budget=180000000', '--heap-growing-percent=20', '--no-flush-bytecode']) {
    setFlagsFromString(flag);
  }
  const cacheFile = cachePath(args[0]);
  const cached = cacheFile && readOwnFile(cacheFile);
  // a CommonJS module's wrapper, with what ESM code needed from import.meta; the bundle is ASCII
  // (.ci/bundle-cli.mjs), and latin1 reads it into a one-byte string without decoding
  const source = readFileSync(bundlePath, 'latin1');
  const wrapped = `(function (exports, require, module, __filename, __dirname, __importMetaUrl) {${source}\n})`;
  const script = new vm.Script(wrapped, {
    filename: bundlePath,
    cachedData: cached,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cacheFile && (!cached || script.cachedDataRejected)) {
    // at exit, so the cache holds the functions this command compiled lazily as it ran
    process.once('exit', () => writeCache(cacheFile, script));
  }
  const bundle = { exports: {} };
  const run = script.runInThisContext();
  const url = pathToFileURL(bundlePath).href;
  run(bundle.exports, createRequire(bundlePath), bundle, bundlePath, dirname(bundlePath), url);
}

/** This command's cache file in this user's private folder, or undefined to go without. */
function cachePath(command) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE || typeof process.getuid !== 'function') return undefined;
  const name = COMMANDS.includes(command) ? command : 'other';
  const folders = [join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'clova-regress')];
  folders.push(join(tmpdir(), `clova-regress-${process.getuid()}`));
  for (const folder of folders) {
    if (privateFolder(folder)) return join(folder, `cli-${KEY}-node${process.version}-${process.arch}-${name}.cache`);
  }
  warn(`no folder of this user's own for it (tried ${folders.join(', ')})`);
  return undefined;
}

/** A cache that cannot be written is a warning, never a failure: the run goes on, only slower. */
function warn(why) {
  process.stderr.write(
    `clova-regress: warning: start-up cache not written: ${why}; runs start slower (NODE_DISABLE_COMPILE_CACHE=1 turns it off)\n`,
  );
}

/** The folder exists (made if need be), is a real folder, is ours, and no one else may enter it. */
function privateFolder(folder) {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const info = lstatSync(folder);
    return info.isDirectory() && info.uid === process.getuid() && (info.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** A regular file of ours (not a link), or undefined. */
function readOwnFile(file) {
  try {
    const info = lstatSync(file);
    return info.isFile() && info.uid === process.getuid() ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Written whole or not at all: a temporary file beside it, then renamed over it. The same
 * command's caches from other builds of ours go (each build has its own: ~1 MB apiece).
 */
function writeCache(file, compiled) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, compiled.createCachedData(), { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
    const folder = dirname(file);
    const suffix = file.slice(file.lastIndexOf('-node')); // this Node, this command
    for (const other of readdirSync(folder)) {
      if (other.startsWith('cli-') && other.endsWith(suffix) && join(folder, other) !== file) {
        rmSync(join(folder, other), { force: true });
      }
    }
  } catch (error) {
    // the cache only costs speed; leave no temporary file behind
    warn(`${error.code ?? error.message} writing ${file}`);
    try {
      rmSync(temp, { force: true });
    } catch {
      // nothing more to do
    }
  }
}
