#!/usr/bin/env node
/**
 * The command line: yargs commands only. Each command parses its flags, calls the library and sets
 * the exit code; nothing here decides a verdict.
 */
import { TOOL_VERSION } from './version.js';

const args = process.argv.slice(2);
// Loading yargs costs more than Node's own start-up; `--version` must stay instant for scripts.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${TOOL_VERSION}\n`);
} else {
  await main(args);
}

async function main(argv: string[]): Promise<void> {
  const { guardClosedOutput } = await import('./io/output.js');
  guardClosedOutput(process.stdout);
  guardClosedOutput(process.stderr);
  const [{ default: yargs }, { runCommand }, { mockCommand }, { validateCommand }, { initCommand }, { schemaCommand }, { coverageCommand }, { reportUsageError }] = await Promise.all([
    import('yargs'),
    import('./cli/run.js'),
    import('./cli/mock.js'),
    import('./cli/validate.js'),
    import('./cli/init.js'),
    import('./cli/schema.js'),
    import('./cli/coverage.js'),
    import('./cli/errors.js'),
  ]);
  // the report commands, in a list of their own so the lists above stay easy to merge
  const [{ reportCommand }, { recordCommand }, { mergeCommand }] = await Promise.all([import('./cli/report.js'), import('./cli/record.js'), import('./cli/merge.js')]);
  const { exploreCommand } = await import('./cli/explore.js');
  const cli = yargs(joinStdoutValues(argv))
    .scriptName('clova-regress')
    .usage('$0 <command> [options]\n\nConversation regression tests for CLOVA Chatbot.')
    .command(runCommand)
    .command(mockCommand)
    .command(reportCommand)
    .command(recordCommand)
    .command(exploreCommand)
    .command(mergeCommand)
    .command(validateCommand)
    .command(initCommand)
    .command(coverageCommand)
    .command(schemaCommand)
    // before any command reads a spec: which ${env.X} values are masked
    .middleware(async (parsed) => (await import('./cli/mask-env-flag.js')).applyMaskEnv(parsed['mask-env']))
    .demandCommand(1, 'Name a command: run, mock, …')
    .recommendCommands()
    .strict()
    .version(TOOL_VERSION)
    .alias('v', 'version')
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail(reportUsageError);
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
  const usage = (cli as { getInternalMethods?: () => { getUsageInstance?: () => Usage } }).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
