/**
 * Installing clova-regress as users will while it is not on a registry: a packed tarball and a git
 * URL, each into an empty project, then `npx clova-regress init` and `run` there. The installs
 * fetch the dependencies from npm's cache first (--prefer-offline: `npm ci` filled it), so they
 * reach the registry only for what the cache lacks. Slow by nature: generous timeouts, no timing.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { type CommandResult, runCommand, said } from '../helpers/npm.js';
import { tempProject } from '../helpers/temp.js';

const INSTALL_MS = 300_000;
const COMMAND_MS = 90_000;
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; bin: object };
const LAUNCHER = 'bin/clova-regress.cjs';
const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

describe('the launcher bin/clova-regress.cjs', () => {
  it('is the package bin and is committed executable, so every fresh clone can run it', () => {
    expect(pkg.bin).toEqual({ 'clova-regress': LAUNCHER });
    const entry = execFileSync('git', ['ls-files', '-s', LAUNCHER], { cwd: REPO, encoding: 'utf8' });
    expect(entry.split(' ')[0]).toBe('100755');
    expect(readFileSync(join(REPO, LAUNCHER), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('says in one line to run `npm run build` (exit 2) when dist/ is missing', async () => {
    const dir = tempProject();
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(REPO, LAUNCHER), join(dir, LAUNCHER));
    const result = await runCommand(process.execPath, [join(dir, LAUNCHER), 'run'], command(dir));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^clova-regress: not built \(.*dist.cli\.cjs is missing\): run `npm run build` in /);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it("runs the bundle's loader, or tsc's own entry when tsc ran alone since: never code older than the build", async () => {
    const dir = tempProject({
      'package.json': '{ "type": "module" }',
      'dist/cli.cjs': "process.stdout.write('bundle ' + process.argv.slice(2).join(' '));",
      'dist/cli.js': "process.stdout.write('tsc ' + process.argv.slice(2).join(' '));",
    });
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(REPO, LAUNCHER), join(dir, LAUNCHER));
    const runs = async () =>
      (await runCommand(process.execPath, [join(dir, LAUNCHER), 'run', 'x'], command(dir))).stdout;
    const at = (file: string, seconds: number) => utimesSync(join(dir, file), seconds, seconds);
    at('dist/cli.js', 1_000);
    at('dist/cli.cjs', 1_000); // a packed tarball gives every file one date
    expect(await runs()).toBe('bundle run x');
    at('dist/cli.js', 2_000);
    expect(await runs()).toBe('tsc run x');
    rmSync(join(dir, 'dist/cli.cjs'));
    expect(await runs()).toBe('tsc run x');
  });
});

describe('installed from a packed tarball (npm pack)', () => {
  let packDir = '';
  let tarball = '';
  let files: { path: string; mode: number }[] = [];

  beforeAll(async () => {
    packDir = mkdtempSync(join(tmpdir(), 'clova-regress-pack-'));
    // --ignore-scripts: the suite built dist/ first (`npm test`); rebuilding it here (prepare) would
    // rewrite dist/ under the other test files' feet. A user's `npm pack` runs prepare: same output.
    const args = ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir];
    const packed = await runCommand('npm', args, command(REPO));
    expect(packed.code, said(packed)).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string; mode: number }[] }[];
    tarball = join(packDir, info!.filename);
    files = info!.files;
  }, COMMAND_MS);

  afterAll(() => {
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  it('ships the CLI, the library and its types, docs with the JSON Schemas, examples; no sources or tests', () => {
    const paths = files.map((f) => f.path);
    const schemas = ['docs/schema/spec.schema.json', 'docs/schema/bot.schema.json'];
    const library = ['dist/index.js', 'dist/index.d.ts'];
    const docs = ['README.md', 'docs/install.md', 'docs/cli.md'];
    for (const needed of [
      LAUNCHER,
      'dist/cli.cjs',
      'dist/cli-bundle.cjs',
      ...library,
      ...schemas,
      ...docs,
      'specs/bot.yaml',
    ]) {
      expect(paths, needed).toContain(needed);
    }
    const unwanted = paths.filter((p) => /^(src|test|bench|node_modules|\.ci)\/|\.map$|\.tsbuildinfo$/.test(p));
    expect(unwanted).toEqual([]);
    expect(files.find((f) => f.path === LAUNCHER)!.mode & 0o111).not.toBe(0);
  });

  it(
    'installs into an empty project, where `npx clova-regress init` then `run` pass',
    async () => {
      const project = emptyProject();
      const installed = await npmInstall(project, tarball);
      expect(installed.code, said(installed)).toBe(0);
      await expectWorkingInstall(project);
    },
    INSTALL_MS + 3 * COMMAND_MS,
  );
});

describe('installed from a git URL (npm install git+file://…)', () => {
  // npm clones the repository, installs its devDependencies and runs `prepare` (tsc) in the clone,
  // then installs what `npm pack` would ship: the same path a `git+https://` URL takes.
  it(
    'builds on install and runs `init` then `run` in an empty project',
    async () => {
      const repo = snapshotRepository();
      const project = emptyProject();
      const url = `git+${pathToFileURL(repo).href}`;
      const installed = await npmInstall(project, url);
      expect(installed.code, said(installed)).toBe(0);
      expect(existsSync(join(project, 'node_modules/clova-regress/dist/cli.cjs')), 'prepare built dist/').toBe(true);
      await expectWorkingInstall(project);
    },
    INSTALL_MS + 3 * COMMAND_MS,
  );
});

function command(cwd: string): { cwd: string; timeoutMs: number } {
  return { cwd, timeoutMs: COMMAND_MS };
}

function npmInstall(project: string, spec: string): Promise<CommandResult> {
  return runCommand('npm', ['install', ...INSTALL_FLAGS, spec], { cwd: project, timeoutMs: INSTALL_MS });
}

/** `npx clova-regress …` in the user's project, as the docs say to run it. */
function npx(project: string, ...args: string[]): Promise<CommandResult> {
  return runCommand('npx', ['clova-regress', ...args], command(project));
}

function emptyProject(): string {
  const manifest = { name: 'a-chatbot-project', version: '1.0.0', private: true };
  return tempProject({ 'package.json': JSON.stringify(manifest) });
}

/** The checkout as it is now (tracked files, uncommitted edits included) as a one-commit repository. */
function snapshotRepository(): string {
  const repo = tempProject();
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const path of tracked) {
    if (!existsSync(join(REPO, path))) continue; // deleted in the working tree
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    copyFileSync(join(REPO, path), join(repo, path)); // keeps the mode: the launcher stays 100755
  }
  // whatever the developer's git config says about identity and signing
  const identity = ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false'];
  const git = (...args: string[]): string =>
    execFileSync('git', [...identity, ...args], { cwd: repo, encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A', '--force'); // tracked files only were copied: add them even where .gitignore matches
  git('commit', '-q', '--no-verify', '-m', 'snapshot');
  expect(git('ls-files', '-s', LAUNCHER).split(' ')[0]).toBe('100755');
  return repo;
}

async function expectWorkingInstall(project: string): Promise<void> {
  const bin = join(project, 'node_modules/.bin/clova-regress');
  expect(realpathSync(bin)).toBe(realpathSync(join(project, 'node_modules/clova-regress', LAUNCHER)));
  expect(statSync(bin).mode & 0o111, 'the command is executable').not.toBe(0);

  const version = await npx(project, '--version');
  expect(version.code, said(version)).toBe(0);
  expect(version.stdout).toBe(`${pkg.version}\n`);

  const init = await npx(project, 'init');
  expect(init.code, said(init)).toBe(0);
  // the schema line init writes points into the installed package: the file is there
  for (const file of ['specs/example.yaml', 'specs/bot.yaml']) {
    const first = readFileSync(join(project, file), 'utf8').split('\n')[0]!;
    const schema = resolve(dirname(join(project, file)), first.replace(/^# yaml-language-server: \$schema=/, ''));
    expect(existsSync(schema), `${file}: ${first}`).toBe(true);
    expect((JSON.parse(readFileSync(schema, 'utf8')) as { $schema?: string }).$schema).toMatch(/json-schema/);
  }

  const run = await npx(project, 'run');
  expect(run.code, said(run)).toBe(0);
  expect(run.stdout).toMatch(/\b[1-9]\d* passed, 0 failed, 0 errors\b/);
}
