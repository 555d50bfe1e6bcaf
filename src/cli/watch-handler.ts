/** `run --watch` wiring: each cycle is a whole `run` (its reports, its last-run record) on some paths. */
import { redactedWriter } from '../io/output.js';
import { chooseTarget } from './choose-target.js';
import { configureRun, runConfigured } from './run-handler.js';
import type { RunArgs } from './run.js';
import { watchRuns } from './watch.js';

export async function watchFromCli(typed: RunArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // the config file is read once, as the command line is: each cycle runs the same options
  const configured = await configureRun(typed, env, process.argv.slice(2));
  if (!configured.ok) {
    redactedWriter(process.stderr)(configured.message);
    return configured.code;
  }
  const { argv, bot } = configured;
  const runFromCli = (args: RunArgs, environment: NodeJS.ProcessEnv) => runConfigured(args, environment, bot);
  const target = chooseTarget(argv, env, bot);
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
