/** The report command's work, loaded only when `report` runs. */
import { counted } from '../render/text.js';
import { replayResultsFile } from '../results/replay.js';
import { JsonResultsReporter } from '../reporters/json.js';
import { HtmlReporter } from '../reporters/html/html.js';
import { MarkdownReporter } from '../reporters/markdown.js';
import { JunitReporter } from '../reporters/junit.js';
import { ResultsFileError } from '../results/results-file.js';
import { redactedWriter } from '../io/output.js';
import { registerSecret } from '../io/redact.js';
import { EXIT } from '../results/exit-code.js';
import { reportUnexpected } from './errors.js';
import { consoleStreamFor, prepareReports, settleReports } from './report-wiring.js';
import type { ReportArgs } from './report.js';
import { stopSuffix } from '../render/stop-note.js';

export async function reportFromCli(argv: ReportArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const stdout = redactedWriter(consoleStreamFor(argv));
  const stderr = redactedWriter(process.stderr);
  registerSecret(env.CLOVA_SECRET_KEY);
  const cwd = process.cwd();
  const wiring = { env, cwd, stdout, stderr, ...(argv.junit ? { junit: argv.junit } : {}), otherFiles: { 'the results file': argv.results } };
  try {
    const reports = await prepareReports(argv, wiring);
    if (typeof reports === 'number') return reports;
    const outcome = await replayResultsFile(argv.results, reports.reporters, reports.annotators);
    const c = outcome.summary.counts;
    const lines = [`Run ${outcome.header.info.runId} of ${outcome.header.info.startedAt}: ${c.passed} passed, ${c.failed} failed, ${counted(c.errored, 'error')}${c.flaky ? `, ${c.flaky} flaky` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}${outcome.summary.notRun ? `, ${outcome.summary.notRun} not run` : ''}${stopSuffix(outcome.summary)}`];
    const failed = new Set(outcome.failures.map((f) => f.reporter));
    // the reporters that write a file (the others only collect, for sections of those files)
    const writers = reports.reporters.filter((r) => r instanceof JsonResultsReporter || r instanceof HtmlReporter || r instanceof MarkdownReporter || r instanceof JunitReporter);
    for (const r of writers) if (!failed.has(r.name)) lines.push(`Wrote ${r.name}`);
    stdout(`${lines.join('\n')}\n`);
    for (const failure of outcome.failures) stderr(`clova-regress: report not written — ${failure.reporter}: ${failure.message}\n`);
    return await settleReports(reports, argv, outcome.failures.length ? EXIT.output : EXIT.ok, wiring);
  } catch (error) {
    if (error instanceof ResultsFileError) {
      stderr(`clova-regress: ${error.message}\n`);
      return EXIT.usage;
    }
    reportUnexpected(error);
    return EXIT.internal;
  }
}
