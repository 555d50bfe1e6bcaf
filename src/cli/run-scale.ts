/**
 * The run command's selection, listing, progress and interrupt handling: flags → library options,
 * and the terminal and signal plumbing the library leaves to the CLI.
 */
import { relative } from 'node:path';
import { readLastRun, LAST_RUN_FILE } from '../run/last-run.js';
import { parseShard } from '../run/shard.js';
import { isAutoShard, shardFromCi } from '../run/shard-auto.js';
import { forbidOnly } from './run-habits.js';
import type { Selection } from '../run/select.js';
import type { PlannedDialogue } from '../results/model.js';
import { EXIT } from '../results/exit-code.js';
import type { ArgsOf } from './options.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: number; message: string; toStdout?: boolean };

/** The selection flags as a Selection; `--last-failed` reads the previous run's record. */
type SelectionArgs = Pick<ArgsOf<'run'>, 'grep' | 'grepInvert' | 'tag' | 'shard' | 'lastFailed' | 'forbidOnly'>;

export async function selectionFromArgs(
  argv: SelectionArgs,
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Outcome<Selection>> {
  const selection: Selection = {};
  if (forbidOnly(argv.forbidOnly, env)) selection.forbidOnly = true;
  const last = <T>(value: T | T[] | undefined): T | undefined =>
    Array.isArray(value) ? value[value.length - 1] : value;
  const grep = last(argv.grep);
  const grepInvert = last(argv.grepInvert);
  if (grep !== undefined) selection.grep = String(grep);
  if (grepInvert !== undefined) selection.grepInvert = String(grepInvert);
  if (argv.tag !== undefined) selection.tags = (Array.isArray(argv.tag) ? argv.tag : [argv.tag]).map(String);
  const shard = last(argv.shard);
  if (shard !== undefined) {
    try {
      selection.shard = isAutoShard(String(shard)) ? shardFromCi(String(shard), env) : parseShard(String(shard));
    } catch (error) {
      return { ok: false, code: EXIT.usage, message: (error as Error).message };
    }
  }
  if (argv.lastFailed) {
    let record;
    try {
      record = await readLastRun(cwd);
    } catch (error) {
      return { ok: false, code: EXIT.usage, message: (error as Error).message };
    }
    const where = relative(process.cwd(), `${cwd}/${LAST_RUN_FILE}`) || LAST_RUN_FILE;
    if (!record)
      return {
        ok: false,
        code: EXIT.usage,
        message: `--last-failed: no previous run recorded here (${where}); run once without it first`,
      };
    if (record.failed.length === 0)
      return {
        ok: false,
        code: EXIT.ok,
        message: `The last run (${record.runId}) had no failures: nothing to re-run.`,
        toStdout: true,
      };
    selection.only = new Set(record.failed);
  }
  return { ok: true, value: selection };
}

/** `--list`: the dialogues a run would execute, one a line, then a count. */
export function renderListing(planned: PlannedDialogue[], shard?: string, onlyMarked = 0): string {
  const lines = ['Listing dialogues:'];
  for (const d of planned)
    lines.push(
      `  ${d.file}${d.line ? `:${d.line}` : ''} › ${d.suite} › ${d.name}${d.tags.length ? ` ${d.tags.map((t) => `@${t}`).join(' ')}` : ''}`,
    );
  const files = new Set(planned.map((d) => d.file)).size;
  const steps = planned.reduce((sum, d) => sum + d.steps, 0);
  lines.push(
    `Total: ${planned.length} dialogue${planned.length === 1 ? '' : 's'} (${steps} step${steps === 1 ? '' : 's'}) in ${files} file${files === 1 ? '' : 's'}${shard ? `, shard ${shard}` : ''}`,
  );
  if (onlyMarked > 0) {
    const marked = onlyMarked === 1 ? '1 dialogue is' : `${onlyMarked} dialogues are`;
    lines.push(`${marked} marked \`only\`: the others are not selected.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Progress display mode: live on a terminal outside CI, plain lines otherwise, or none. */
export function progressMode(
  flag: boolean | undefined,
  isTTY: boolean,
  env: NodeJS.ProcessEnv,
): 'live' | 'plain' | 'off' {
  if (flag === false) return 'off';
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return isTTY && !ci && env.TERM !== 'dumb' ? 'live' : 'plain';
}

export interface InterruptTrap {
  signal: AbortSignal;
  dispose(): void;
}

/** Signals that stop a run: Ctrl-C, a CI job's cancel, a closed terminal (SIGHUP). */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** After a stop signal, the most a graceful stop may take before the process exits anyway. */
export const STOP_GRACE_MS = 5_000;

/**
 * Ctrl-C, SIGTERM and SIGHUP: the first stops the run (the library finishes in-flight work briefly
 * and writes every report, marked interrupted); a second exits at once. Whatever the phase —
 * loading, running, writing — the process ends within STOP_GRACE_MS of the first: a write stuck on
 * a hung file system or a pipe nobody reads must not keep a cancelled CI job alive. Exit hooks
 * still remove temporary files.
 */
export function trapInterrupts(notify: (text: string) => void, beforeExit: () => void): InterruptTrap {
  const controller = new AbortController();
  const exitNow = () => {
    beforeExit();
    process.exit(EXIT.interrupted);
  };
  const onSignal = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      notify(
        `\n${name === 'SIGINT' ? 'Ctrl-C' : name}: stopping — no new dialogues; requests in flight get 2 s, then the reports are written. Press Ctrl-C again to quit at once.\n`,
      );
      controller.abort();
      // unref: a run that ends on its own in time exits without waiting for this
      setTimeout(() => {
        notify(
          `clova-regress: still not stopped ${STOP_GRACE_MS / 1000} s after ${name}: exiting; reports not yet written are left as they were\n`,
        );
        exitNow();
      }, STOP_GRACE_MS).unref();
      return;
    }
    exitNow();
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of STOP_SIGNALS) process.off(name, onSignal);
    },
  };
}
