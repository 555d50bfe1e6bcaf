/**
 * From report flags to reporters, and back to an exit code: the file reporters (JSON, HTML,
 * Markdown and the GitHub step summary), the baseline annotator, and `--update`'s collector, set
 * up before a run (or a replay) and settled after it. Loaded only by command handlers.
 */
import { resolve } from 'node:path';
import type { Annotator, Reporter } from '../results/event-stream.js';
import { JsonResultsReporter } from '../reporters/json.js';
// the reporters, baseline and coverage load only when their flag is given: a bare `run` starts
// without them (junit-report-builder alone is a 788 KB bundle)
import type { BaselineDrift } from '../drift/baseline.js';
import { ResultsFileError } from '../results/results-file.js';
import { ObservationCollector, writeRecordings } from '../record/record.js';
import { EXIT } from '../results/exit-code.js';
import { ReportWriteError } from '../io/write-report.js';
import { STDOUT_PATH } from '../io/report-target.js';
import type { ReportFlags, UpdateFlags } from './report-flags.js';
import { printRecording } from './record-output.js';
import type { CoverageCollector } from '../coverage/report-sections.js';
import { InputError, renderInputError } from '../diagnostics/problem.js';

export interface PreparedReports {
  reporters: Reporter[];
  annotators: Annotator[];
  baseline?: BaselineDrift;
  collector?: ObservationCollector;
}

export interface WiringContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Run options stored in the JSON results header. */
  options?: Record<string, unknown>;
  /** `report` also writes JUnit through here; `run` has its own. */
  junit?: string;
  /** Other files the command writes, by flag: checked against these reports' paths. */
  otherFiles?: Record<string, string | undefined>;
}

/** A report flag's path made absolute; `-` (standard output) stays `-`. */
export function reportPath(cwd: string, path: string): string {
  return path === STDOUT_PATH ? STDOUT_PATH : resolve(cwd, path);
}

/** Where the console's lines go: stderr when a report owns standard output (`--json -`), so they cannot corrupt it. */
export function consoleStreamFor(flags: { junit?: string | undefined; json?: string | undefined; html?: string | undefined; markdown?: string | undefined }): NodeJS.WriteStream {
  return [flags.junit, flags.json, flags.html, flags.markdown].includes(STDOUT_PATH) ? process.stderr : process.stdout;
}

/** The run options worth keeping in the results header: what shapes the results. */
export function resultsOptions(argv: object): Record<string, unknown> {
  const keys = ['paths', 'concurrency', 'timeout', 'requestRetries', 'retries', 'shard', 'grep', 'grepInvert', 'tag', 'lastFailed', 'maxFailures', 'rps', 'baseline'];
  const all = argv as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => all[k] !== undefined && all[k] !== false).map((k) => [k, all[k]]));
}

/** Reporters and annotators for the flags, or an exit code after printing why they cannot be. */
export async function prepareReports(flags: ReportFlags & Partial<UpdateFlags>, ctx: WiringContext): Promise<PreparedReports | number> {
  if (flags.failOnDrift && !flags.baseline) {
    ctx.stderr('clova-regress: --fail-on-drift needs --baseline <previous results.json> to compare with\n');
    return EXIT.usage;
  }
  const outputs = [['--json', flags.json], ['--html', flags.html], ['--markdown', flags.markdown], ['--junit', ctx.junit], ...Object.entries(ctx.otherFiles ?? {})].filter((o): o is [string, string] => typeof o[1] === 'string');
  const seen = new Map<string, string>();
  for (const [flag, path] of outputs) {
    const full = reportPath(ctx.cwd, path);
    if (seen.has(full)) {
      ctx.stderr(`clova-regress: ${seen.get(full)} and ${flag} name the same file (${path}): give each report its own file\n`);
      return EXIT.usage;
    }
    seen.set(full, flag);
  }
  const prepared: PreparedReports = { reporters: [], annotators: [] };
  if (flags.baseline) {
    try {
      // the path as given: messages name the file the way the user wrote it
      const { BaselineDrift } = await import('../drift/baseline.js');
      prepared.baseline = await BaselineDrift.load(flags.baseline);
    } catch (error) {
      if (!(error instanceof ResultsFileError)) throw error;
      ctx.stderr(`clova-regress: --baseline: ${error.message}\n`);
      return EXIT.usage;
    }
    prepared.annotators.push(prepared.baseline);
  }
  if (ctx.junit) {
    const { JunitReporter } = await import('../reporters/junit.js');
    prepared.reporters.push(fileReporter(new JunitReporter(reportPath(ctx.cwd, ctx.junit))));
  }
  if (flags.json) prepared.reporters.push(fileReporter(new JsonResultsReporter(reportPath(ctx.cwd, flags.json), ctx.options ? { options: ctx.options } : {})));
  const stepSummary = flags.stepSummary ? ctx.env.GITHUB_STEP_SUMMARY || undefined : undefined;
  // scenario coverage (--scenarios) and NLU routing: sections of the HTML and Markdown reports
  let coverage: CoverageCollector | undefined;
  if (flags.html || flags.markdown || stepSummary) {
    try {
      const { CoverageCollector, readInventories } = await import('../coverage/report-sections.js');
      const inventories = await readInventories(flags.scenarios, ctx.cwd);
      const paths = Array.isArray(ctx.options?.paths) ? (ctx.options.paths as string[]) : ['specs'];
      coverage = new CoverageCollector({ paths, cwd: ctx.cwd, ...(inventories ? { inventories } : {}) });
      prepared.reporters.push(coverage);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      ctx.stderr(`${renderInputError(error).replace(/nothing was run\.$/, 'nothing was run (--scenarios).')}\n`);
      return EXIT.usage;
    }
  }
  if (flags.html) {
    const { HtmlReporter } = await import('../reporters/html/html.js');
    prepared.reporters.push(fileReporter(new HtmlReporter(reportPath(ctx.cwd, flags.html), coverage ? { sections: coverage.htmlSections } : {})));
  }
  if (flags.markdown || stepSummary) {
    const { MarkdownReporter } = await import('../reporters/markdown.js');
    prepared.reporters.push(fileReporter(new MarkdownReporter({ ...(flags.markdown ? { path: reportPath(ctx.cwd, flags.markdown) } : {}), ...(stepSummary ? { stepSummary } : {}), ...(coverage ? { sections: coverage.markdownSections } : {}) })));
  }
  if (flags.update) {
    prepared.collector = new ObservationCollector('update');
    prepared.reporters.push(prepared.collector);
  }
  return prepared;
}

/** The reporters that write a file: the others (coverage, --update's collector) only gather, for sections of those files. */
export function fileReporters(reporters: Reporter[]): Reporter[] {
  return reporters.filter((r) => writesFile.has(r));
}

/** Marked where they are made, so the report classes load only when their flag is given. */
const writesFile = new WeakSet<Reporter>();

function fileReporter<R extends Reporter>(reporter: R): R {
  writesFile.add(reporter);
  return reporter;
}

/** After the run: apply `--update`, then gate on drift. Returns the exit code to use. */
export async function settleReports(prepared: PreparedReports, flags: ReportFlags & Partial<UpdateFlags>, exitCode: number, ctx: WiringContext): Promise<number> {
  let code = exitCode;
  if (prepared.collector && code !== EXIT.interrupted) {
    try {
      const outcome = await writeRecordings(prepared.collector, { cwd: ctx.cwd, mode: { kind: 'update' }, description: flags.recordDescription ?? 'auto' });
      printRecording(outcome, { verb: 'Updated', none: 'No failed expectation could be updated.', write: ctx.stdout, showPatch: true });
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      ctx.stderr(`clova-regress: --update: ${error.message}\n`);
      if (code === EXIT.ok || code === EXIT.errored) code = EXIT.output;
    }
  }
  if (flags.failOnDrift && prepared.baseline?.drifted) {
    ctx.stderr('clova-regress: replies drifted from the baseline (--fail-on-drift)\n');
    // drift counts as a failed expectation: above errors and unwritten reports, below an interruption
    if (code === EXIT.ok || code === EXIT.errored || code === EXIT.output) code = EXIT.failed;
  }
  return code;
}
