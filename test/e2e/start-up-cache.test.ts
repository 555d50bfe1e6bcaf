/**
 * The start-up cache (dist/cli.cjs, written by .ci/bundle-cli.mjs from .ci/cli-loader.cjs): V8's
 * compiled code of the CLI, kept between runs. Whoever can write it can run code as the user, so
 * it is used only in a folder of the user's own that others cannot enter; anything else, and a
 * cache that is damaged, costs speed only. Needs `npm run build` (the bundle), as every e2e test.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, textReply } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const COMMAND = ['schema', 'bot'];

/** A home for the cache: the user's cache folder (XDG_CACHE_HOME) and the temp folder, both empty. */
function cacheHome() {
  const dir = tempProject();
  const xdg = join(dir, 'xdg');
  const tmp = join(dir, 'tmp');
  mkdirSync(xdg);
  mkdirSync(tmp);
  return { xdg, tmp, env: { XDG_CACHE_HOME: xdg, TMPDIR: tmp } };
}

const SECRET = 'start-up-Secret-Key-0123456789';
const withBot = scriptedBotPerTest(SECRET);

/**
 * Preloaded into the CLI: at exit, prints the public Node builtins first loaded after the first
 * V8 flag was set (process.moduleLoadList is in load order).
 */
const LATE_BUILTINS_HOOK = `
const v8 = require('node:v8');
const set = v8.setFlagsFromString;
let loadedBefore;
v8.setFlagsFromString = (flag) => {
  loadedBefore ??= process.moduleLoadList.length;
  return set(flag);
};
process.on('exit', () => {
  const late = process.moduleLoadList.slice(loadedBefore ?? Infinity).filter((m) => /^NativeModule (?!internal\\/)/.test(m));
  process.stderr.write('late builtins: ' + JSON.stringify(late.map((m) => m.slice('NativeModule '.length))) + '\\n');
});
`;

const files = (folder: string) => (existsSync(folder) ? readdirSync(folder) : []);
const mode = (path: string) => statSync(path).mode & 0o777;

describe('the start-up cache', () => {
  it('is made on the first run in a private folder and used by the next, with the same output', async () => {
    const home = cacheHome();
    const folder = join(home.xdg, 'clova-regress');
    mkdirSync(folder, { mode: 0o700 });
    // another build's cache of the same command goes; another command's stays
    const node = `node${process.version}-${process.arch}`;
    writeFileSync(join(folder, `cli-0.0.1-0123456789abcdef-${node}-schema.cache`), 'old');
    writeFileSync(join(folder, `cli-0.0.1-0123456789abcdef-${node}-run.cache`), 'old');
    const first = await runCli(COMMAND, { env: home.env });
    expect(first.code).toBe(0);
    expect(mode(folder)).toBe(0o700);
    const made = files(folder).filter((f) => !f.endsWith('-run.cache'));
    expect(files(folder)).toContain(`cli-0.0.1-0123456789abcdef-${node}-run.cache`);
    expect(made).toHaveLength(1);
    expect(mode(join(folder, made[0]!))).toBe(0o600);
    const written = statSync(join(folder, made[0]!)).mtimeMs;
    const second = await runCli(COMMAND, { env: home.env });
    expect(second).toEqual(first);
    expect(files(folder).filter((f) => !f.endsWith('-run.cache'))).toEqual(made);
    // V8 took it: a cache that is missing or rejected is written anew at exit
    expect(statSync(join(folder, made[0]!)).mtimeMs).toBe(written);
  });

  it('is never read or written in a folder others may write to, nor through a symlink', async () => {
    for (const open of ['world-writable', 'symlink'] as const) {
      const home = cacheHome();
      const folder = join(home.xdg, 'clova-regress');
      if (open === 'world-writable') {
        mkdirSync(folder);
        chmodSync(folder, 0o777);
        writeFileSync(join(folder, 'planted'), 'x'); // stays the folder's only file: nothing is written here
      } else {
        const elsewhere = join(home.tmp, 'elsewhere');
        mkdirSync(elsewhere, { mode: 0o700 });
        symlinkSync(elsewhere, folder);
      }
      const result = await runCli(COMMAND, { env: home.env });
      expect(result.code, open).toBe(0);
      expect(result.stderr, open).toBe('');
      if (open === 'world-writable') expect(files(folder), open).toEqual(['planted']);
      else expect(files(join(home.tmp, 'elsewhere')), open).toEqual([]);
      // the private folder in the temp folder instead
      const fallback = files(home.tmp).filter((f) => f.startsWith('clova-regress-'));
      expect(fallback, open).toHaveLength(1);
      expect(mode(join(home.tmp, fallback[0]!)), open).toBe(0o700);
    }
  });

  it('a damaged or unwritable cache costs nothing but speed (and a warning); NODE_DISABLE_COMPILE_CACHE writes none', async () => {
    const home = cacheHome();
    const clean = await runCli(COMMAND, { env: home.env });
    const folder = join(home.xdg, 'clova-regress');
    const [name] = files(folder);
    writeFileSync(join(folder, name!), 'not a V8 code cache');
    expect(await runCli(COMMAND, { env: home.env })).toEqual(clean);

    // nowhere to write it (each candidate's parent is a file): one warning line, the same output
    const blocked = tempProject({ file: 'x' });
    const env = { XDG_CACHE_HOME: join(blocked, 'file', 'xdg'), TMPDIR: join(blocked, 'file', 'tmp') };
    const warned = await runCli(COMMAND, { env });
    expect({ ...warned, stderr: '' }).toEqual(clean);
    expect(warned.stderr).toMatch(/^clova-regress: warning: start-up cache not written: no folder of this user's own/);
    expect(warned.stderr.trim().split('\n')).toHaveLength(1);

    const off = cacheHome();
    const result = await runCli(COMMAND, { env: { ...off.env, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(result).toEqual(clean);
    expect(files(off.xdg)).toEqual([]);
    expect(files(off.tmp)).toEqual([]);
  });

  it('keeps what start-up compiled after a run long enough for V8 to flush idle bytecode', async () => {
    // written at exit: without care it lacked every function idle since start-up, and each
    // later start compiled them again (150 ms, not 100, after a first run of 30,000 dialogues)
    const spec = (count: number) =>
      'suite: cache\ndialogues:\n' +
      Array.from(
        { length: count },
        (_, k) =>
          `  - name: d${k}\n    steps:\n      - send: store hours\n        expect: { scenarioName: Store hours }\n`,
      ).join('');
    const project = tempProject({ 'one.yaml': spec(1), 'many.yaml': spec(600) });
    const cacheSize = async (file: string, nodeArgs: string[]) => {
      const home = cacheHome();
      const args = ['run', join(project, file), '--mock', 'specs/bot.yaml', '-q', '--no-progress'];
      const result = await runCli(args, { env: home.env, nodeArgs, timeoutMs: 60_000 });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const folder = join(home.xdg, 'clova-regress');
      const [name] = files(folder);
      return statSync(join(folder, name!)).size;
    };
    const short = await cacheSize('one.yaml', []);
    // V8's own stress flag: idle bytecode goes at the first full collection, not after several
    const long = await cacheSize('many.yaml', ['--stress-flush-code']);
    expect(long).toBeGreaterThan(short * 0.9);
  });

  it('has Node load every builtin a run needs from its own cache, before any V8 flag is set', async () => {
    // a flag set at run time makes V8 refuse Node's cache of every builtin loaded after it
    // (.ci/cli-loader.cjs): each one is compiled from source, a few ms of each start
    const bot = await withBot((req) => ({ json: textReply(req.body.userId, 'Store hours', 'Open 10-20.') }));
    const project = tempProject({
      'hook.cjs': LATE_BUILTINS_HOOK,
      'one.yaml': 'suite: s\ndialogues:\n  - name: d\n    steps:\n      - send: store hours\n',
    });
    const env = { ...cacheHome().env, CLOVA_SECRET_KEY: SECRET };
    for (const target of [
      ['--url', bot.url],
      ['--mock', 'specs/bot.yaml'],
    ]) {
      const args = ['run', join(project, 'one.yaml'), ...target, '-q', '--no-progress'];
      const result = await runCli(args, { env, nodeArgs: ['--require', join(project, 'hook.cjs')] });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stderr, target[0]).toBe('late builtins: []\n');
    }
  });
});
