/**
 * Replaces what changes from run to run — and nothing else — so a golden file shows every real
 * change. Values known exactly (run ids, the mock's host:port, the temp folder) are replaced where
 * they occur; times and durations only in the places each output prints them. Whatever is not
 * named here stays, so a changed count, verdict, message, diff or markup fails the comparison.
 */

export interface Volatile {
  /** Run ids of the runs shown (the run's own, a baseline's): also inside userIds. */
  runIds: string[];
  /** `127.0.0.1:<port>` of each mock bot the runs talked to. */
  hosts: string[];
  /** Absolute temp folders (project folders). */
  dirs: string[];
}

/** A duration as formatDuration prints it: `5.31 ms`, `45 ms`, `1.20 s`, `10.1 s`, `2 min 5 s`. */
const DUR = String.raw`(?:\d+(?:\.\d+)? (?:ms|s)|\d+ min \d+ s)`;
/** A number of milliseconds in the results file. */
const MS = String.raw`\d+(?:\.\d+)?`;
/** An SGR colour code, for the console with --color. */
const SGR = String.raw`(?:\u001b\[\d+m)`;
/**
 * A date-time: ISO (`2026-01-02T03:04:05.678Z`), JUnit's (`2026-01-02T03:04:05`), the drift
 * line's (`2026-01-02 03:04:05Z`).
 */
const DATE_TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z?(?![\d.])/g;

const re = (source: string, flags = 'g') => new RegExp(source, flags);

/** The exact values and date-times, for every output. */
function scrubKnown(text: string, v: Volatile): string {
  let out = text;
  // longest first: a folder inside another is replaced whole
  for (const dir of [...v.dirs].sort((a, b) => b.length - a.length)) out = out.replaceAll(dir, '<dir>');
  for (const host of v.hosts) out = out.replaceAll(host, '127.0.0.1:<port>');
  for (const id of v.runIds) out = out.replaceAll(id, '<run-id>');
  return out.replace(DATE_TIME, '<time>');
}

/** The console of `run` (--color on or off): each dialogue line's time, and the summary's. */
export function scrubConsole(text: string, v: Volatile): string {
  const dialogueLine = re(String.raw`^(  ${SGR}?[✓✗!~]${SGR}? .* ${SGR}?)${DUR}(${SGR}?)$`, 'gm');
  const summary = re(String.raw`\(${DUR}, (\d+ requests?(?:, \d+ throttled)?); step latency p50 ${DUR}, p99 ${DUR}\)`);
  return scrubKnown(text, v)
    .replace(dialogueLine, '$1<duration>$2')
    .replace(summary, '(<duration>, $1; step latency p50 <duration>, p99 <duration>)');
}

/** JUnit XML: the `time` attributes (run, suite, case) and the suite's timestamp. */
export function scrubJunit(text: string, v: Volatile): string {
  return scrubKnown(text, v).replace(/ time="\d+(?:\.\d+)?"/g, ' time="<seconds>"');
}

/** The Markdown summary: the duration cell of the totals table. */
export function scrubMarkdown(text: string, v: Volatile): string {
  const totals = re(String.raw`^(\|(?: \d+ \|){6}) ${DUR} (\| \d+ \|)$`, 'gm');
  return scrubKnown(text, v).replace(totals, '$1 <duration> $2');
}

/** The HTML report: the run's duration, each dialogue's, and each reply's latency. */
export function scrubHtml(text: string, v: Volatile): string {
  return scrubKnown(text, v)
    .replace(re(String.raw`<div class="num time"><b>${DUR}</b>`), '<div class="num time"><b><duration></b>')
    .replace(re(String.raw`<span class="took">${DUR}</span>`), '<span class="took"><duration></span>')
    .replace(re(String.raw`(<div class="facts">[^<]*· )${DUR}</div>`), '$1<duration></div>');
}

/**
 * The JSON results file, as written (its line layout kept): the times of the run, each dialogue,
 * attempt and step (`startedAt`, `endedAt`, `durationMs`), each reply's `latencyMs`, the
 * epoch-ms `timestamp` of each request and reply (also inside the signed `body` text) and the
 * step-latency percentiles (their count stays).
 */
export function scrubResults(text: string, v: Volatile): string {
  const percentiles = re(String.raw`"stepLatencyMs":\{"count":(\d+),"p50":${MS},"p95":${MS},"p99":${MS},"max":${MS}\}`);
  return scrubKnown(text, v)
    .replace(re(String.raw`"(durationMs|latencyMs)":${MS}(?=[,}])`), '"$1":"<ms>"')
    .replace(/"timestamp":\d{13}(?=[,}])/g, '"timestamp":"<epoch-ms>"')
    .replace(/\\"timestamp\\":\d{13}(?=[,}])/g, '\\"timestamp\\":\\"<epoch-ms>\\"')
    .replace(percentiles, '"stepLatencyMs":{"count":$1,"p50":"<ms>","p95":"<ms>","p99":"<ms>","max":"<ms>"}');
}

/**
 * Colour codes made visible (ESC as ␛), so a golden file reads in any editor; refuses a text
 * that already holds ␛ (the golden would be ambiguous).
 */
export function showEscapes(text: string): string {
  if (text.includes('␛')) throw new Error('the output holds ␛ itself: showEscapes would be ambiguous');
  return text.replaceAll('\u001b', '␛');
}
