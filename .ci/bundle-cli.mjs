#!/usr/bin/env node
/**
 * `npm run build`, after tsc: bundles the command line into dist/cli-bundle.cjs, and writes its
 * loader (.ci/cli-loader.mjs) over tsc's own dist/cli.js, so a start-up reads three files instead of
 * ~380 modules and, from the second run of a command on, compiles none of them: the loader runs
 * the bundle through vm.Script with V8's code cache (docs/performance.md). dist/index.js and the
 * .d.ts files stay tsc's, for the library. tsc alone still gives a working dist/cli.js, only a
 * slower one.
 *
 * One CommonJS file, as vm.Script runs scripts, not ES modules: src/cli.ts's `await import()`s
 * become functions that run a module's top level on first use, so what a command does not use is
 * compiled lazily (V8 only pre-parses it) and never run. The bundle sits beside cli.js:
 * `new URL('../package.json', import.meta.url)` (src/version.ts) resolves from the same depth.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const BUNDLE = 'cli-bundle.cjs';
// what earlier builds left: code-split chunks (cli-*-HASH.js) and the bundle
const EARLIER = /^(cli-.+-[A-Z0-9]{8}\.js|cli-bundle\.cjs)(\.map)?$/;

for (const name of readdirSync(dist)) if (EARLIER.test(name)) rmSync(`${dist}/${name}`);

/**
 * yargs finds its locale files (and the project's package.json) from its own file's URL. Bundled,
 * that URL would be dist/'s, so `LANG=de_DE` help would lose its translations: point it back at the
 * installed yargs (a dependency, so resolvable from dist/ wherever npm put it).
 */
const yargsOwnUrl = {
  name: 'yargs-own-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => ({
      contents:
        // __cliRequire: the loader's require, from the banner below (the shim has a `require` of its own)
        'const __yargsShimUrl = new URL("lib/platform-shims/esm.mjs", ' +
          '__cliRequire("node:url").pathToFileURL(__cliRequire.resolve("yargs"))).href;\n' +
        readFileSync(args.path, 'utf8').replaceAll('import.meta.url', '__yargsShimUrl'),
      loader: 'js',
    }));
  },
};

/**
 * undici's index.js loads all of undici (fetch, WebSocket, cookies, mocks, caches: ~1.2 MB, and
 * Node's own copy of undici through `globalThis.Headers`) where the client uses Pool and ProxyAgent
 * (src/client/dispatcher.ts). This entry is index.js's first lines for those two: the same classes,
 * the same request API mixed into Dispatcher (ProxyAgent's CONNECT tunnel uses it), ProxyAgent's
 * modules evaluated on its first use (most runs have no proxy). Should a new
 * undici move these files, the build fails here rather than bundling something else.
 */
const undiciSlim = {
  name: 'undici-slim',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) =>
      args.importer.endsWith(join('src', 'client', 'dispatcher.ts'))
        ? { path: 'undici-slim', namespace: 'undici-slim', pluginData: dirname(args.importer) }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'undici-slim' }, (args) => ({
      contents: [
        "const Dispatcher = require('undici/lib/dispatcher/dispatcher');",
        "Object.assign(Dispatcher.prototype, require('undici/lib/api'));",
        "exports.Pool = require('undici/lib/dispatcher/pool');",
        // a getter: the proxy's modules run only when a proxy applies (esbuild's imports read through it)
        "Object.defineProperty(exports, 'ProxyAgent', {",
        "  enumerable: true,",
        "  get: () => require('undici/lib/dispatcher/proxy-agent'),",
        '});',
      ].join('\n'),
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

/**
 * string-width (yargs, cliui and wrap-ansi each bring a copy) builds an Intl.Segmenter and `\\p{RGI_Emoji}`
 * regular expressions when it loads: ~25 ms of CPU per start, where yargs measures strings only to
 * render --help (src/cli.ts skips its help cache). Each copy is required on its first call
 * instead: esbuild runs a required module's top level when it is first required.
 */
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      // relative to the checkout: the name shows in the bundle's comments, the build's folder should not
      return { path: relative(root, real.path), namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents:
        'let width;\n' +
        'export default function stringWidth(input, options) {\n' +
        `  width ??= require(${JSON.stringify(`./${basename(args.path)}`)}).default;\n` +
        '  return width(input, options);\n}\n',
      resolveDir: dirname(join(root, args.path)),
      loader: 'js',
    }));
  },
};

/**
 * The `yaml` package (~270 KB, ~10 ms to evaluate) is the positioned parser: src/yaml/yaml-source.ts
 * uses it only when the fast parser gives up on a file or a problem needs its exact position, so a
 * plain `run` never calls it. There, its named imports become functions that require the package on
 * their first call (its node entry is CommonJS, so every importer shares one copy of it).
 */
const YAML_SOURCE_USES = ['isAlias', 'isMap', 'isScalar', 'isSeq', 'parseAllDocuments'];
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) =>
      args.importer.endsWith(join('src', 'yaml', 'yaml-source.ts'))
        ? { path: 'yaml-lazy', namespace: 'lazy-yaml', pluginData: dirname(args.importer) }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, (args) => ({
      contents: [
        'let yaml;',
        ...YAML_SOURCE_USES.map(
          (name) => `export function ${name}(...args) {\n  yaml ??= require('yaml');\n  return yaml.${name}(...args);\n}`,
        ),
      ].join('\n'),
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

// the entry: src/cli.ts without its top-level await (a CommonJS bundle has none)
const entry = "import { start } from './cli/start.ts';\nvoid start(process.argv.slice(2));\n";

await build({
  stdin: { contents: entry, resolveDir: `${root}src`, sourcefile: 'cli-bundle-entry.ts', loader: 'ts' },
  outfile: `${dist}/${BUNDLE}`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // our code is ES modules: strict mode, and import.meta.url from the loader's wrapper
  banner: { js: "'use strict';\nconst __cliRequire = require;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  plugins: [yargsOwnUrl, undiciSlim, lazyStringWidth, lazyYaml],
  sourcemap: true,
  logLevel: 'warning',
});

// the loader, keyed to this bundle: a cache made for other code is never even read
const version = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
const hash = createHash('sha256').update(readFileSync(`${dist}/${BUNDLE}`)).digest('hex').slice(0, 16);
const loader = readFileSync(`${root}.ci/cli-loader.mjs`, 'utf8');
if (!loader.includes('__CLI_CACHE_KEY__')) throw new Error('bundle-cli: .ci/cli-loader.mjs lost its key placeholder');
writeFileSync(`${dist}/cli.js`, loader.replace('__CLI_CACHE_KEY__', `${version}-${hash}`));
