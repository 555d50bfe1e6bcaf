/**
 * `clova-regress merge <results.json…>`: the shards of a run (or any runs) rebuilt into one, and
 * the same reports a single run writes — JUnit, JSON, HTML, Markdown — written from it, with the
 * failures and the totals on the console. The heavy modules load only when the command runs.
 */
import { resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { reportFlagOptions, type ReportFlags } from './report-flags.js';

export interface MergeArgs extends ReportFlags {
  results: string[];
  junit?: string;
  failOnFlaky: boolean;
  allowPartial: boolean;
  color?: boolean;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <results..>',
  describe: 'Merge results files (e.g. the shards of a run) into one run and write its reports',
  builder: (y: Argv) =>
    y
      .positional('results', { describe: 'Results files written by `run --json`, one per shard', type: 'string', array: true, demandOption: true })
      .option('junit', { type: 'string', group: 'Reports:', describe: 'Write a JUnit XML report' })
      // unlike `report`, the step summary stays on by default: the merge job is where a sharded run is whole
      .options(reportFlagOptions)
      .option('fail-on-flaky', { type: 'boolean', default: false, describe: 'Exit 1 when a dialogue passed only on a retry' })
      .option('allow-partial', { type: 'boolean', default: false, describe: 'Merge even when shards are missing (or from an older clova-regress): their dialogues count as not run, and the exit code is never 0' })
      .option('color', { describe: 'Colour the console output (default: when it is a terminal and NO_COLOR is unset)', type: 'boolean' }) as unknown as Argv<MergeArgs>,
  handler: async (argv: ArgumentsCamelCase<MergeArgs>) => {
    process.exitCode = await mergeFromCli(argv);
  },
};

/** Exit codes as for a run over the same dialogues (0, 1, 3), 4 when a report was not written, 2 for unusable files or an incomplete set of shards; a partial merge is at best 3. */
export async function mergeFromCli(argv: MergeArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [{ mergeResultsFiles, MergeError }, { ResultsFileError }, { ConsoleReporter }, { redactedWriter, wantsColor }, { registerSecret }, { EXIT, exitCodeFor }, { prepareReports, settleReports, fileReporters, consoleStreamFor }, { reportUnexpected }, { preferCompactHeap }] = await Promise.all([
    import('../results/merge.js'),
    import('../results/results-file.js'),
    import('../reporters/console.js'),
    import('../io/output.js'),
    import('../io/redact.js'),
    import('../results/exit-code.js'),
    import('./report-wiring.js'),
    import('./errors.js'),
    import('../io/heap.js'),
  ]);
  const consoleStream = consoleStreamFor(argv);
  const stdout = redactedWriter(consoleStream);
  const stderr = redactedWriter(process.stderr);
  registerSecret(env.CLOVA_SECRET_KEY);
  preferCompactHeap();
  const cwd = process.cwd();
  const given = new Map<string, string>();
  for (const path of argv.results) {
    const full = resolve(cwd, path);
    if (given.has(full)) {
      stderr(`clova-regress: ${path} is given twice: its dialogues would count twice\n`);
      return EXIT.usage;
    }
    given.set(full, path);
  }
  const wiring = { env, cwd, stdout, stderr, ...(argv.junit ? { junit: argv.junit } : {}), otherFiles: Object.fromEntries(argv.results.map((r, i) => [`results file ${i + 1}`, r])) };
  try {
    const reports = await prepareReports(argv, wiring);
    if (typeof reports === 'number') return reports;
    const onConsole = new ConsoleReporter({ write: stdout, color: argv.color ?? wantsColor(consoleStream), listPassed: false, replayed: true });
    const merged = await mergeResultsFiles(argv.results, [onConsole, ...reports.reporters], reports.annotators, { allowPartial: argv.allowPartial === true });
    for (const note of merged.notes) stderr(`clova-regress: note: ${note}\n`);
    const written = fileReporters(reports.reporters).filter((r) => !merged.failures.some((f) => f.reporter === r.name)).map((r) => `Wrote ${r.name}`);
    stdout(`Merged ${argv.results.length} results file${argv.results.length === 1 ? '' : 's'} into run ${merged.info.runId}${written.length ? `\n${written.join('\n')}` : ''}\n`);
    for (const failure of merged.failures) stderr(`clova-regress: report not written — ${failure.reporter}: ${failure.message}\n`);
    const code = exitCodeFor({ summary: merged.summary, reporterFailures: merged.failures.length, failOnFlaky: argv.failOnFlaky });
    return await settleReports(reports, argv, code, wiring);
  } catch (error) {
    if (error instanceof ResultsFileError || error instanceof MergeError) {
      stderr(`clova-regress: ${error.message}\n`);
      return EXIT.usage;
    }
    reportUnexpected(error);
    return EXIT.internal;
  }
}
