#!/usr/bin/env node
/**
 * Against Botium 1.15 (issue 12's row "sequential, same mock, wall"): the same N 3-step dialogues
 * (open → send "products" → send "Product A", each reply checked) run by Botium — sequentially,
 * through its BotDriver and built-in SIMPLEREST connector, one .convo.txt per dialogue
 * (bench/botium-driver.mjs) — and by clova-regress (`run`, 100 dialogues per file) at its default
 * concurrency and at -j 64, all against the minimal-signing mock (bench/minimal-mock.mjs). Wall
 * time is spawn to exit of each process (loading Botium or our CLI and the dialogues included);
 * the figure is Botium's best wall ÷ clova-regress's best, over `repeats` rounds of the three in turn.
 *
 * botium-core@1.15 (the newest 1.15.x) is installed with npm from the registry once, into
 * $XDG_CACHE_HOME/clova-regress-bench (or ~/.cache/…), never into the repository; the step is
 * skipped with a message when it cannot be. Before timing, two control runs prove Botium checks:
 * a wrong expectation must fail, and a wrong signing key must fail with every request refused by
 * the mock; the timed run must send 3N requests, none badly signed.
 *
 *   node bench/botium.mjs [--dialogues 1000] [--repeats 3]   (after `npm run build`; or from run.mjs)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, optionReader, spread } from './measure.mjs';
import { ROOT, SECRET, settle, startCapturedMinimalMock } from './mocks.mjs';
import { runner, writeSpecs } from './runner.mjs';

const SPEC = 'botium-core@1.15';
const OPEN_EVENT = 'OPEN_EVENT'; // the user message bench/botium-driver.mjs sends as the open event

/** The installed botium-core folder, installing it first when needed; or { skipped: why }. */
export function ensureBotium(log) {
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'clova-regress-bench', 'botium-1.15');
  const dir = join(cache, 'node_modules', 'botium-core');
  const version = () => {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  };
  if (!version()?.startsWith('1.15.')) {
    log(`  installing ${SPEC} into ${cache} (npm, once; install scripts not run)…`);
    mkdirSync(cache, { recursive: true });
    if (!existsSync(join(cache, 'package.json'))) writeFileSync(join(cache, 'package.json'), '{ "private": true }\n');
    const npm = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', SPEC], {
      cwd: cache,
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (npm.status !== 0 || !version()?.startsWith('1.15.')) {
      const lines = (npm.error?.message ?? npm.stderr ?? '')
        .split('\n')
        .map((l) => l.replace(/^npm (error|ERR!) /, ''));
      const why = lines
        .filter((l) => l.trim())
        .slice(0, 2)
        .join('; ');
      return { skipped: `${SPEC} could not be installed (${why || `npm exit ${npm.status}`})` };
    }
  }
  return { dir, version: version() };
}

/** `count` Botium convos, one file each; `wrong` puts a wrong expectation in the last step of each. */
function writeConvos(work, count, wrong = false) {
  const dir = join(work, `convos-${count}${wrong ? '-wrong' : ''}`);
  mkdirSync(dir, { recursive: true });
  const last = wrong ? 'Our bestselling drip tea' : 'Our bestselling drip coffee';
  for (let k = 0; k < count; k++) {
    const text =
      `dialogue ${k}\n\n#me\n${OPEN_EVENT}\n\n#bot\nWelcome to the CLOVA shop\n\n` +
      `#me\nproducts\n\n#bot\nWe have three products\n\n#me\nProduct A\n\n#bot\n${last}\n`;
    writeFileSync(join(dir, `dialogue-${String(k).padStart(5, '0')}.convo.txt`), text);
  }
  return dir;
}

/** One Botium process over `convos`: its JSON line, the wall time and what the mock saw. */
async function botiumRun(botiumDir, convos, mock, secret = SECRET) {
  const before = { count: mock.count, bad: mock.bad };
  const started = performance.now();
  // a minimal env (no BOTIUM_* capabilities) and a cwd with no botium.json: only our capabilities
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bench/botium-driver.mjs'), botiumDir, convos, mock.url, OPEN_EVENT],
    {
      cwd: join(convos, '..'),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CLOVA_SECRET_KEY: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const wallS = (performance.now() - started) / 1000;
  await settle(); // the mock's last report
  if (code !== 0) throw new Error(`Botium exited ${code}: ${err.slice(-1500)}`);
  return { ...JSON.parse(out), wallS, requests: mock.count - before.count, bad: mock.bad - before.bad };
}

/** The section: the controls, then `repeats` rounds of Botium, clova-regress (default -j), clova-regress -j 64. */
export async function botiumSection({ mock, work, count, repeats, log }) {
  const botium = ensureBotium(log);
  if (botium.skipped) {
    log(`  Botium: skipped — ${botium.skipped}`);
    return botium;
  }
  const controls = 5;
  const wrong = await botiumRun(botium.dir, writeConvos(work, controls, true), mock);
  const badKey = await botiumRun(botium.dir, writeConvos(work, controls), mock, `${SECRET}-wrong`);
  const problems = [];
  if (wrong.failed !== controls || !/expected to match/.test(wrong.firstError ?? '')) {
    problems.push(`a wrong expectation did not fail every convo (${JSON.stringify(wrong)})`);
  }
  if (badKey.failed !== controls || badKey.bad !== controls) {
    problems.push(`a wrong key was not refused (${badKey.bad} refused, ${badKey.failed} failed)`);
  }
  if (problems.length) return notCompared(problems, log);
  // the timed runs, in turn: Botium, clova-regress at its default concurrency, at -j 64
  const convos = writeConvos(work, count);
  const dir = writeSpecs(work, count);
  const walls = { botium: [], default: [], j64: [] };
  for (let i = 0; i < repeats; i++) {
    const run = await botiumRun(botium.dir, convos, mock);
    if (run.passed !== count || run.requests !== 3 * count || run.bad !== 0) {
      problems.push(`a timed run: ${run.passed} of ${count} passed, ${run.requests} requests, ${run.bad} refused`);
      return notCompared(problems, log);
    }
    walls.botium.push(run.wallS);
    walls.default.push((await runner(mock, dir, count, { connections: null })).wallS);
    await settle();
    walls.j64.push((await runner(mock, dir, count, { connections: 64 })).wallS);
    await settle();
  }
  rmSync(dir, { recursive: true, force: true });
  const best = Object.fromEntries(Object.entries(walls).map(([k, xs]) => [k, Math.min(...xs)]));
  const ratio = { default: best.botium / best.default, j64: best.botium / best.j64 };
  log(
    `  Botium ${botium.version} (BotDriver, SIMPLEREST, sequential): ${fmt(count)} dialogues, ` +
      `${fmt(3 * count)} signed requests each run, none refused: ${spread(walls.botium, 2, false)} s wall ` +
      `(${fmt((best.botium * 1000) / count, 2)} ms per dialogue, start-up included); controls: wrong expectation ${wrong.failed}/` +
      `${controls} failed, wrong key ${badKey.failed}/${controls} failed (${badKey.bad} refused); its start-up, ` +
      `from the ${controls}-dialogue control: ${fmt(wrong.wallS, 2)} s wall`,
  );
  log(
    `  clova-regress on the same ${fmt(count)} dialogues, wall: default concurrency ` +
      `${spread(walls.default, 2, false)} s, -j 64 ${spread(walls.j64, 2, false)} s`,
  );
  log(
    `  Botium wall ÷ clova-regress wall (best ÷ best): ${fmt(ratio.default, 1)}× (default concurrency), ` +
      `${fmt(ratio.j64, 1)}× (-j 64)`,
  );
  return { version: botium.version, count, botiumWallS: best.botium, ratio };
}

function notCompared(problems, log) {
  log(`  Botium: NOT COMPARED — ${problems.join('; ')}`);
  return { skipped: `Botium's checks did not hold: ${problems.join('; ')}` };
}

// standalone: its own minimal mock (replies captured from the built-in one)
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = optionReader(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'clova-regress-bench-botium-'));
  let mock;
  try {
    mock = await startCapturedMinimalMock(work);
    const log = (line) => process.stdout.write(`${line}\n`);
    await botiumSection({
      mock,
      work,
      count: Number(flag('dialogues', '1000')),
      repeats: Number(flag('repeats', '3')),
      log,
    });
  } finally {
    mock?.child.kill();
    rmSync(work, { recursive: true, force: true });
  }
}
