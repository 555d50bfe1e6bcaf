/** `run --watch` wiring: each cycle is a whole `run` (its reports, its last-run record) on some paths. */
import { chooseTarget, runFromCli } from './run-handler.js';
import type { RunArgs } from './run.js';
import { watchRuns } from './watch.js';

export async function watchFromCli(argv: RunArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const target = chooseTarget(argv, env);
  // a bad target is reported by the first run, as without --watch; the watch then ends
  if (typeof target === 'string') return runFromCli(argv, env);
  return watchRuns({
    roots: argv.paths,
    extraFiles: target.kind === 'mock' ? [target.botFile] : [],
    clearScreen: process.stdout.isTTY === true,
    input: process.stdin,
    write: (text) => void process.stdout.write(text),
    runOnce: (request) => {
      if (request.kind === 'files') return runFromCli({ ...argv, paths: request.files, lastFailed: false }, env);
      return runFromCli({ ...argv, lastFailed: request.kind === 'failed' }, env);
    },
  });
}
