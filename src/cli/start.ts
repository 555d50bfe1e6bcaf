/**
 * The command line's start: `--version` at once, else yargs and the commands. src/cli.ts calls it
 * under tsc's build; the bundle (.ci/bundle-cli.mjs) calls it from its own entry, which has no
 * top-level await (a CommonJS bundle, for V8's code cache).
 */
import { setFlagsFromString } from 'node:v8';
import { TOOL_VERSION } from '../version.js';

/**
 * undici parses replies with llhttp (WASM). V8 moves a WASM function to its optimising tier once it
 * has run a "budget" of code, and llhttp's parser spends the default one within the first 3 replies:
 * a short run then waits ~100 ms at exit for a compile it never uses (Node finishes V8's background
 * work before exiting). 100× the default still tiers up within a few dozen replies, so long runs
 * keep the optimised parser. Read when undici instantiates the module, so set before any command.
 * dist/cli.cjs (the bundle's loader) sets the same flag before compiling: keep the two equal.
 */
export const WASM_TIERING_FLAG = '--wasm-tiering-budget=180000000';

export async function start(args: string[]): Promise<void> {
  // Loading yargs costs more than Node's own start-up; `--version` must stay instant for scripts.
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    process.stdout.write(`${TOOL_VERSION}\n`);
    return;
  }
  setFlagsFromString(WASM_TIERING_FLAG);
  await main(args);
}

async function main(argv: string[]): Promise<void> {
  const { guardClosedOutput } = await import('../io/output.js');
  guardClosedOutput(process.stdout);
  guardClosedOutput(process.stderr);
  const [{ default: yargs }, { commandModules }, { reportUsageError }, { setUpEnvironment }] = await Promise.all([
    import('yargs'),
    import('./commands.js'),
    import('./errors.js'),
    import('./env-setup.js'),
  ]);
  const cli = yargs(joinStdoutValues(argv))
    .scriptName('clova-regress')
    .usage('$0 <command> [options]\n\nConversation regression tests for CLOVA Chatbot.');
  for (const command of commandModules()) cli.command(command);
  cli
    // before any command reads the environment or a spec: the env file, which ${env.X} values are masked
    .middleware((parsed) => setUpEnvironment(parsed, (message) => reportUsageError(message, undefined)))
    .demandCommand(1, 'Name a command: run, mock, …')
    .recommendCommands()
    .strict()
    .version(TOOL_VERSION)
    .alias('v', 'version')
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => reportUsageError(message, error, argv[0]));
  skipHelpCache(cli);
  await cli.parseAsync();
}

/** yargs reads a lone `-` as a positional, not as a flag's value: `--json -` becomes `--json=-`. */
function joinStdoutValues(argv: string[]): string[] {
  // report flags that take `-` for standard output (a function-local: main runs before module constants are set)
  const STDOUT_FLAGS = new Set(['--json', '--junit', '--html', '--markdown']);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    if (STDOUT_FLAGS.has(argv[i]!) && argv[i + 1] === '-') out.push(`${argv[i++]}=-`);
    else out.push(argv[i]!);
  }
  return out;
}

/**
 * Before running a command, yargs renders its whole help text and keeps it, to print should the
 * command fail later: 130–330 ms for `run`'s options, on every run. Our failures print one line
 * and point at --help (reportUsageError), so that text is never shown; --help still renders its
 * own. Through yargs's internal methods: if a version lacks them, the cache simply stays.
 */
function skipHelpCache(cli: object): void {
  type Usage = { cacheHelpMessage?: () => void };
  const usage = (cli as { getInternalMethods?: () => { getUsageInstance?: () => Usage } })
    .getInternalMethods?.()
    .getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
