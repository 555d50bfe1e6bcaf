#!/usr/bin/env node
/**
 * `npm run build`, after tsc: bundles the command line into dist/cli-bundle.cjs, and writes its
 * loader (.ci/cli-loader.cjs) to dist/cli.cjs, which the command (bin/clova-regress.cjs) runs, so a
 * start-up reads four files instead of ~380 modules and, from the second run of a command on,
 * compiles none of them: the loader runs the bundle through vm.Script with V8's code cache
 * (docs/performance.md). dist/cli.js, dist/index.js and the .d.ts files stay tsc's: the command
 * runs tsc's dist/cli.js instead when it is newer than the loader (tsc ran alone since), slower
 * but never stale.
 *
 * One CommonJS file, as vm.Script runs scripts, not ES modules: src/cli.ts's `await import()`s
 * become functions that run a module's top level on first use, so what a command does not use is
 * compiled lazily (V8 only pre-parses it) and never run. The bundle sits beside cli.js:
 * `new URL('../package.json', import.meta.url)` (src/version.ts) resolves from the same depth.
 */
import { build } from 'esbuild';
import { jsYamlEdits } from './js-yaml-edits.mjs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const BUNDLE = 'cli-bundle.cjs';
// what earlier builds left: code-split chunks (cli-*-HASH.js) and the bundle
const EARLIER = /^(cli-.+-[A-Z0-9]{8}\.js|cli-bundle\.cjs)(\.map)?$/;

for (const name of readdirSync(dist)) if (EARLIER.test(name)) rmSync(`${dist}/${name}`);

/**
 * yargs finds its locale files (and the project's package.json) from its own file's URL. Bundled,
 * that URL would be dist/'s, so `LANG=de_DE` help would lose its translations: point it back at the
 * installed yargs (a dependency, so found from dist/ wherever npm put it). The first
 * require.resolve of a process costs 2-3 ms (Node sets up its package-exports resolution): the
 * node_modules folders above dist/ are looked in first, as require does, and the folder found is
 * made real as require.resolve makes it; require.resolve only when none has it (NODE_PATH).
 */
const YARGS_URL = `(() => {
  const { existsSync, realpathSync } = __cliRequire('node:fs');
  const { dirname, join } = __cliRequire('node:path');
  const { fileURLToPath, pathToFileURL } = __cliRequire('node:url');
  // the bundle's own URL from the loader (a shim below declares a __dirname of its own)
  for (let dir = dirname(fileURLToPath(__importMetaUrl)); ; dir = dirname(dir)) {
    const yargs = join(dir, 'node_modules', 'yargs');
    if (existsSync(join(yargs, 'package.json'))) return pathToFileURL(join(realpathSync(yargs), 'lib/platform-shims/esm.mjs')).href;
    if (dirname(dir) === dir) break;
  }
  return new URL('lib/platform-shims/esm.mjs', pathToFileURL(__cliRequire.resolve('yargs'))).href;
})()`;
const yargsOwnUrl = {
  name: 'yargs-own-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => ({
      contents:
        // __cliRequire: the loader's require, from the banner below (the shim has a `require` of its own)
        `const __yargsShimUrl = ${YARGS_URL};\n` +
        readFileSync(args.path, 'utf8').replaceAll('import.meta.url', '__yargsShimUrl'),
      loader: 'js',
    }));
  },
};

/**
 * undici's index.js loads all of undici (fetch, WebSocket, cookies, mocks, caches: ~1.2 MB, and
 * Node's own copy of undici through `globalThis.Headers`) where the client uses Pool and ProxyAgent
 * (src/client/dispatcher.ts). This entry is index.js's first lines for those two: the same classes;
 * ProxyAgent's modules run on its first use (most runs have no proxy), and only then is the request
 * API mixed into Dispatcher as index.js does (the proxy's CONNECT tunnel uses it; the client itself
 * only dispatches). Should a new undici move these files, the build fails here rather than
 * bundling something else.
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
        "exports.Pool = require('undici/lib/dispatcher/pool');",
        // a getter: the proxy's modules (and the request API its tunnel needs) run only when a proxy
        // applies; esbuild's imports read the property where it is used
        "Object.defineProperty(exports, 'ProxyAgent', {",
        '  enumerable: true,',
        '  get() {',
        "    const Dispatcher = require('undici/lib/dispatcher/dispatcher');",
        "    if (!Dispatcher.prototype.request) Object.assign(Dispatcher.prototype, require('undici/lib/api'));",
        "    return require('undici/lib/dispatcher/proxy-agent');",
        '  },',
        '});',
      ].join('\n'),
      resolveDir: args.pluginData,
      loader: 'js',
    }));
  },
};

/**
 * Edits of undici's own files, each a text that must still be there (the build fails otherwise):
 * - its Client loads its HTTP/2 half at start (node:http2, and with it node:tls: ~8 ms of CPU)
 *   though it is used only when a TLS server picks h2: required on first use instead;
 * - it requires node:http at load for two things a plain run never needs: `IncomingMessage`, to
 *   tell one apart when it destroys a stream body, and `http.maxHeaderSize`, the default when a
 *   pool names none (ours names it: src/client/dispatcher.ts). node:http brings its server,
 *   client and agent along (~2 ms of CPU per start): both read it on first use instead.
 */
const UNDICI_EDITS = [
  {
    file: join('lib', 'dispatcher', 'client.js'),
    edits: [
      [
        "const connectH2 = require('./client-h2.js')",
        "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)",
      ],
      ["const http = require('node:http')\n", ''],
      [
        'const getDefaultNodeMaxHeaderSize = http &&\n  http.maxHeaderSize &&',
        "const getDefaultNodeMaxHeaderSize = () => maxHeaderSizeOf(require('node:http'))()\n" +
          'const maxHeaderSizeOf = (http) => http &&\n  http.maxHeaderSize &&',
      ],
    ],
  },
  {
    file: join('lib', 'core', 'util.js'),
    edits: [
      ["const { IncomingMessage } = require('node:http')\n", ''],
      ['.constructor === IncomingMessage)', ".constructor === require('node:http').IncomingMessage)"],
    ],
  },
];
const undiciEdits = {
  name: 'undici-edits',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]undici[\\/]lib[\\/](dispatcher[\\/]client|core[\\/]util)\.js$/ }, (args) => {
      const { file, edits } = UNDICI_EDITS.find((e) => args.path.endsWith(join('undici', e.file)));
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of edits) {
        if (!text.includes(from)) throw new Error(`bundle-cli: undici's ${file} no longer has: ${from}`);
        text = text.replace(from, to);
      }
      return { contents: text, loader: 'js' };
    });
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
 * Imports that a plain `run` never uses, though modules it loads name them: each becomes a getter
 * that requires the real module on first use, so its top level does not run at start-up (esbuild's
 * imports of a CommonJS module read its properties where they are used). esbuild cannot see what a
 * CommonJS stub exports, so the build checks each importer's import line against `names`.
 * - `yaml` (~270 KB, ~10 ms): the positioned parser, called only when the fast parser gives up on
 *   a file or a problem needs its exact position.
 * - `fflate` (builds its inflate tables and loads worker_threads) and `node:zlib`: reading .xlsx
 *   phrasing tables.
 * - `node:tls` (and its secure-context modules): trusted roots, read when --ca/--cert is given;
 *   undici loads it itself for an https URL.
 * - `node:worker_threads` (~1.5 ms): the second thread that loads a plan of 8 MB or more.
 */
const LAZY_IMPORTS = [
  {
    importer: 'src/yaml/yaml-source.ts',
    module: 'yaml',
    names: ['isAlias', 'isMap', 'isScalar', 'isSeq', 'parseAllDocuments'],
  },
  { importer: 'src/tables/zip.ts', module: 'fflate', names: ['Unzip', 'UnzipInflate', 'unzipSync'] },
  { importer: 'src/tables/zip.ts', module: 'node:zlib', names: ['crc32'] },
  { importer: 'src/client/network.ts', module: 'node:tls', names: ['rootCertificates'] },
  {
    importer: 'src/run/plan-threads.ts',
    module: 'node:worker_threads',
    names: ['MessageChannel', 'receiveMessageOnPort', 'Worker'],
  },
];
for (const { importer, module, names } of LAZY_IMPORTS) {
  const line = new RegExp(`import \\{([^}]*)\\} from '${module}';`).exec(readFileSync(join(root, importer), 'utf8'));
  const used = (line?.[1] ?? '').split(',').map((n) => n.trim().split(' as ')[0]);
  const missing = used.filter((n) => n && !n.startsWith('type ') && !names.includes(n));
  if (!line || missing.length) {
    throw new Error(`bundle-cli: ${importer} imports ${missing} of ${module} (or none): see LAZY_IMPORTS`);
  }
}
const lazyImports = {
  name: 'lazy-imports',
  setup(b) {
    b.onResolve({ filter: /^(yaml|fflate|node:zlib|node:tls|node:worker_threads)$/ }, (args) => {
      const lazy = LAZY_IMPORTS.find((l) => l.module === args.path && args.importer === join(root, l.importer));
      return lazy && { path: `${lazy.importer}:${lazy.module}`, namespace: 'lazy-imports', pluginData: lazy };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-imports' }, ({ pluginData: lazy }) => ({
      contents: [
        'let real;',
        `const load = () => (real ??= require(${JSON.stringify(lazy.module)}));`,
        ...lazy.names.map(
          (name) => `Object.defineProperty(exports, '${name}', { enumerable: true, get: () => load().${name} });`,
        ),
      ].join('\n'),
      resolveDir: join(root, dirname(lazy.importer)),
      loader: 'js',
    }));
  },
};

// the entry: src/cli.ts without its top-level await (a CommonJS bundle has none)
const entry = "import { start } from './cli/start.ts';\nvoid start(process.argv.slice(2));\n";

// both bundles: one CommonJS file each; our code is ES modules, so import.meta.url is a name each
// bundle's banner defines
const BUNDLED = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.url': '__importMetaUrl' },
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...BUNDLED,
  stdin: { contents: entry, resolveDir: `${root}src`, sourcefile: 'cli-bundle-entry.ts', loader: 'ts' },
  outfile: `${dist}/${BUNDLE}`,
  // strict mode, and import.meta.url from the loader's wrapper
  banner: { js: "'use strict';\nconst __cliRequire = require;" },
  plugins: [yargsOwnUrl, undiciSlim, undiciEdits, jsYamlEdits, lazyStringWidth, lazyImports],
});

// The thread that loads big plans beside the main one (src/run/plan-threads.ts looks for it beside
// the bundle first): bundled too, for the same js-yaml, and one file to read instead of its ~60
// modules. It is started as a file, without the loader's code cache.
await build({
  ...BUNDLED,
  entryPoints: [`${root}src/run/plan-worker.ts`],
  outfile: `${dist}/plan-worker.cjs`,
  banner: { js: "'use strict';\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [jsYamlEdits, lazyImports],
});

// ASCII only, so the loader reads it as latin1 into a one-byte string (read as UTF-8 with any other
// character, it became a two-byte string: 6-8 ms to decode, twice the memory). esbuild escapes
// every string and regex; what it leaves are a few comments, escaped here like the rest.
const bundled = readFileSync(`${dist}/${BUNDLE}`, 'utf8');
const ascii = bundled.replace(/[^\0-\x7f]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
writeFileSync(`${dist}/${BUNDLE}`, ascii);

// the loader, keyed to this bundle: a cache made for other code is never even read
const version = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
const hash = createHash('sha256').update(ascii).digest('hex').slice(0, 16);
const loader = readFileSync(`${root}.ci/cli-loader.cjs`, 'utf8');
for (const placeholder of ['__CLI_CACHE_KEY__', '__CLI_COMMANDS__', '__CLI_BOT_COMMANDS__']) {
  if (!loader.includes(placeholder)) throw new Error(`bundle-cli: .ci/cli-loader.cjs lost its ${placeholder} placeholder`);
}
// the command names as the options table declares them, and those that talk to a bot (tsc's
// output of them, built just before)
const { COMMAND_NAMES } = await import(pathToFileURL(`${dist}/cli/option-types.js`).href);
const { talksToBot } = await import(pathToFileURL(`${dist}/cli/option-parts.js`).href);
writeFileSync(
  `${dist}/cli.cjs`,
  loader
    .replace('__CLI_CACHE_KEY__', `${version}-${hash}`)
    .replace('__CLI_COMMANDS__', JSON.stringify(COMMAND_NAMES))
    .replace('__CLI_BOT_COMMANDS__', JSON.stringify(Object.keys(talksToBot))),
);
