/**
 * Every output of a command, made in one place from its flags (after Playwright's
 * createReporters): the console and progress line, the file reports (JUnit, JSON, HTML, Markdown
 * and the GitHub step summary), the baseline annotator and `--update`'s collector — and, after the
 * run, the "Wrote …" lines, `--update` applied and the drift gate. Loaded only by handlers.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { MarkdownLinks } from '../reporters/markdown-links.js';
import type { Annotator, Reporter, ReporterFailure } from '../results/event-stream.js';
import { JsonResultsReporter } from '../reporters/json.js';
import { ConsoleReporter } from '../reporters/console.js';
import { ProgressReporter, StatusTerminal } from '../reporters/progress.js';
// the reporters, baseline and coverage load only when their flag is given: a bare `run` starts
// without them
import type { BaselineDrift } from '../drift/baseline.js';
import type { CoverageCollector } from '../coverage/report-sections.js';
import { ResultsFileError } from '../results/results-file.js';
import type { ObservationCollector } from '../record/record.js';
import { LastRunRecorder } from '../run/last-run.js';
import { EXIT } from '../results/exit-code.js';
import { ReportWriteError } from '../io/write-report.js';
import { STDOUT_PATH } from '../io/report-target.js';
import { wantsColor } from '../io/output.js';
import { InputError, renderInputError } from '../diagnostics/problem.js';
import { printRecording, recordProgress } from './record-output.js';
import { progressMode } from './run-scale.js';
import type { CommandIo } from './handle.js';
import type { DESCRIPTION_CHOICES } from './options.js';

export type ReportMode = 'run' | 'report' | 'merge' | 'record';

/** The output flags a command was given (each command has some of them). */
export interface OutputFlags {
  junit?: string | undefined;
  json?: string | undefined;
  html?: string | undefined;
  markdown?: string | undefined;
  stepSummary?: boolean;
  baseline?: string | undefined;
  failOnDrift?: boolean;
  scenarios?: string[] | undefined;
  markdownLinkBase?: string | undefined;
  markdownHtmlUrl?: string | undefined;
  update?: boolean;
  recordDescription?: (typeof DESCRIPTION_CHOICES)[number];
  color?: boolean | undefined;
  quiet?: boolean;
  progress?: boolean | undefined;
  /** Run options stored in the JSON results header (`run`). */
  resultsOptions?: Record<string, unknown>;
  /** Other files the command reads or writes, by what they are: no report may name one of them. */
  otherFiles?: Record<string, string | undefined>;
}

export interface Outputs {
  reporters: Reporter[];
  annotators: Annotator[];
  /** Where the console's own lines go (the live progress line's terminal under `run`). */
  write: (text: string) => void;
  terminal?: StatusTerminal;
  baseline?: BaselineDrift;
  collector?: ObservationCollector;
  lastRun?: LastRunRecorder;
}

/** A report flag's path made absolute; `-` (standard output) stays `-`. */
export function reportPath(cwd: string, path: string): string {
  return path === STDOUT_PATH ? STDOUT_PATH : resolve(cwd, path);
}

/** Where the console's lines go: stderr when a report owns standard output (`--json -`), so they cannot corrupt it. */
export function consoleStreamFor(flags: Pick<OutputFlags, 'junit' | 'json' | 'html' | 'markdown'>): NodeJS.WriteStream {
  return [flags.junit, flags.json, flags.html, flags.markdown].includes(STDOUT_PATH) ? process.stderr : process.stdout;
}

/** The run options worth keeping in the results header: what shapes the results. */
export function resultsOptions(args: object): Record<string, unknown> {
  const keys = [
    'paths',
    'concurrency',
    'timeout',
    'requestRetries',
    'retries',
    'shard',
    'grep',
    'grepInvert',
    'tag',
    'lastFailed',
    'maxFailures',
    'rps',
    'baseline',
    'repeatEach',
    'minPassRate',
    'forbidOnly',
  ];
  const all = args as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => all[k] !== undefined && all[k] !== false).map((k) => [k, all[k]]));
}

/** Loaded only to record or --update: the record code brings the `yaml` package, a plain run needs neither. */
async function newCollector(kind: 'record' | 'update'): Promise<ObservationCollector> {
  const { ObservationCollector } = await import('../record/record.js');
  return new ObservationCollector(kind);
}

/** The reporters and annotators of a command, or an exit code after printing why they cannot be. */
export async function createReporters(flags: OutputFlags, mode: ReportMode, io: CommandIo): Promise<Outputs | number> {
  if (mode === 'record') {
    const collector = await newCollector('record');
    return { reporters: [recordProgress(io.stdout), collector], annotators: [], write: io.stdout, collector };
  }
  const out: Outputs = { reporters: [], annotators: [], write: io.stdout };
  if (mode === 'run') {
    const live = progressMode(flags.progress, io.consoleStream.isTTY === true, io.env);
    out.terminal = new StatusTerminal(io.stdout, live === 'live', () => io.consoleStream.columns || 80);
    out.write = out.terminal.write;
    // first, so its line is cleared before the console reporter prints the summary
    if (live !== 'off') out.reporters.push(new ProgressReporter({ terminal: out.terminal }));
  }
  if (mode !== 'report') {
    const color = flags.color ?? wantsColor(io.consoleStream);
    // a replayed run lists its failures only: the passes were seen when it ran
    const listing = mode === 'run' ? { listPassed: !flags.quiet } : { listPassed: false, replayed: true };
    out.reporters.push(new ConsoleReporter({ write: out.write, color, ...listing }));
  }
  const files = await fileReporters(flags, io);
  if (typeof files === 'number') return files;
  out.reporters.push(...files.reporters);
  out.annotators.push(...files.annotators);
  if (files.baseline) out.baseline = files.baseline;
  if (flags.update) {
    out.collector = await newCollector('update');
    out.reporters.push(out.collector);
  }
  if (mode === 'run') {
    out.lastRun = new LastRunRecorder(io.cwd);
    out.reporters.push(out.lastRun);
  }
  return out;
}

type FileOutputs = Pick<Outputs, 'reporters' | 'annotators' | 'baseline'>;

async function fileReporters(flags: OutputFlags, io: CommandIo): Promise<FileOutputs | number> {
  if (flags.failOnDrift && !flags.baseline) {
    io.stderr('clova-regress: --fail-on-drift needs --baseline <previous results.json> to compare with\n');
    return EXIT.usage;
  }
  const reportFlags = [
    ['--json', flags.json],
    ['--html', flags.html],
    ['--markdown', flags.markdown],
    ['--junit', flags.junit],
  ];
  const named = [...reportFlags, ...Object.entries(flags.otherFiles ?? {})];
  const seen = new Map<string, string>();
  for (const [flag, path] of named.filter((o): o is [string, string] => typeof o[1] === 'string')) {
    const full = reportPath(io.cwd, path);
    if (seen.has(full)) {
      const both = `${seen.get(full)} and ${flag} name the same file (${path})`;
      io.stderr(`clova-regress: ${both}: give each report its own file\n`);
      return EXIT.usage;
    }
    seen.set(full, flag);
  }
  const out: FileOutputs = { reporters: [], annotators: [] };
  if (flags.baseline) {
    try {
      // the path as given: messages name the file the way the user wrote it
      const { BaselineDrift } = await import('../drift/baseline.js');
      out.baseline = await BaselineDrift.load(flags.baseline);
    } catch (error) {
      if (!(error instanceof ResultsFileError)) throw error;
      io.stderr(`clova-regress: --baseline: ${error.message}\n`);
      return EXIT.usage;
    }
    out.annotators.push(out.baseline);
  }
  if (flags.junit) {
    const { JunitReporter } = await import('../reporters/junit.js');
    out.reporters.push(new JunitReporter(reportPath(io.cwd, flags.junit)));
  }
  if (flags.json) {
    const header = flags.resultsOptions ? { options: flags.resultsOptions } : {};
    out.reporters.push(new JsonResultsReporter(reportPath(io.cwd, flags.json), header));
  }
  const stepSummary = flags.stepSummary ? io.env.GITHUB_STEP_SUMMARY || undefined : undefined;
  // scenario coverage (--scenarios) and NLU routing: sections of the HTML and Markdown reports
  let coverage: CoverageCollector | undefined;
  if (flags.html || flags.markdown || stepSummary) {
    try {
      const { CoverageCollector, readInventories } = await import('../coverage/report-sections.js');
      const inventories = await readInventories(flags.scenarios, io.cwd);
      coverage = new CoverageCollector(inventories ? { inventories } : {});
      out.reporters.push(coverage);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr(`${renderInputError(error).replace(/nothing was run\.$/, 'nothing was run (--scenarios).')}\n`);
      return EXIT.usage;
    }
  }
  if (flags.html) {
    const { HtmlReporter } = await import('../reporters/html/html.js');
    const sections = coverage ? { sections: coverage.htmlSections } : {};
    out.reporters.push(new HtmlReporter(reportPath(io.cwd, flags.html), sections));
  }
  if (flags.markdown || stepSummary) {
    const { MarkdownReporter } = await import('../reporters/markdown.js');
    const path = flags.markdown ? { path: reportPath(io.cwd, flags.markdown) } : {};
    const links = await markdownLinks(flags, io, stepSummary !== undefined);
    if (typeof links === 'number') return links;
    const sections = coverage ? { sections: coverage.markdownSections } : {};
    out.reporters.push(new MarkdownReporter({ ...path, ...(stepSummary ? { stepSummary } : {}), ...sections, links }));
  }
  return out;
}

/**
 * The Markdown summary's links: spec lines (flag, else GitHub Actions' variables) and the HTML
 * report — `--markdown-html-url` when given, else the `--html` file of the same run relative to the
 * `--markdown` file, only when no step summary is written: the step summary is read on GitHub, where
 * a relative path leads nowhere, and the two stay the same text.
 */
async function markdownLinks(flags: OutputFlags, io: CommandIo, stepSummary: boolean): Promise<MarkdownLinks | number> {
  const { checkLinkUrl, sourceLinkBase } = await import('../reporters/markdown-links.js');
  const usage = (message: string) => {
    io.stderr(`clova-regress: ${message}\n`);
    return EXIT.usage;
  };
  const source = sourceLinkBase(flags.markdownLinkBase, io.env);
  if ('error' in source) return usage(source.error);
  let html: string | undefined;
  if (flags.markdownHtmlUrl !== undefined) {
    const checked = checkLinkUrl(flags.markdownHtmlUrl);
    if ('error' in checked) return usage(`--markdown-html-url ${checked.error}`);
    html = checked.url.replace(/#.*$/, '');
  } else if (
    !stepSummary &&
    flags.html &&
    flags.html !== STDOUT_PATH &&
    flags.markdown &&
    flags.markdown !== STDOUT_PATH
  ) {
    const from = dirname(reportPath(io.cwd, flags.markdown));
    html = relative(from, reportPath(io.cwd, flags.html)).split(sep).map(encodeURIComponent).join('/');
  }
  return { ...(source.base ? { source: source.base } : {}), ...(html ? { html } : {}) };
}

/** "Wrote …" for each report that wrote its files: those that say what they write (`writes`) and did not fail. */
export function wroteLines(reporters: Reporter[], failures: ReporterFailure[]): string[] {
  const failed = new Set(failures.map((f) => f.reporter));
  return reporters.filter((r) => (r.writes?.length ?? 0) > 0 && !failed.has(r.name)).map((r) => `Wrote ${r.name}`);
}

/** Each report not written, one line on stderr. */
export function reportFailures(failures: ReporterFailure[], io: CommandIo): void {
  for (const { reporter, message } of failures) {
    io.stderr(`clova-regress: report not written — ${reporter}: ${message}\n`);
  }
}

/** After the run: apply `--update`, then gate on drift. Returns the exit code to use. */
export async function settleReports(outputs: Outputs, flags: OutputFlags, exitCode: number, io: CommandIo) {
  let code = exitCode;
  if (outputs.collector && flags.update && code !== EXIT.interrupted) {
    try {
      const description = flags.recordDescription ?? 'auto';
      const { writeRecordings } = await import('../record/record.js');
      const outcome = await writeRecordings(outputs.collector, { cwd: io.cwd, mode: { kind: 'update' }, description });
      const none = 'No failed expectation could be updated.';
      printRecording(outcome, { verb: 'Updated', none, write: outputs.write, showPatch: true });
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      io.stderr(`clova-regress: --update: ${error.message}\n`);
      if (code === EXIT.ok || code === EXIT.errored) code = EXIT.output;
    }
  }
  if (flags.failOnDrift && outputs.baseline?.drifted) {
    io.stderr('clova-regress: replies drifted from the baseline (--fail-on-drift)\n');
    // drift counts as a failed expectation: above errors and unwritten reports, below an interruption
    if (code === EXIT.ok || code === EXIT.errored || code === EXIT.output) code = EXIT.failed;
  }
  return code;
}
