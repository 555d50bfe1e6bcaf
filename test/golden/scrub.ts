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
/** An SGR colour code, for the console with --color. */
const SGR = String.raw`(?:\u001b\[\d+m)`;
/** A date-time: ISO (`2026-01-02T03:04:05.678Z`), JUnit's (`2026-01-02T03:04:05`), the drift line's (`2026-01-02 03:04:05Z`). */
const DATE_TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z?(?![\d.])/g;

function replaceAll(text: string, value: string, by: string): string {
  return value === '' ? text : text.split(value).join(by);
}

/** The exact values and date-times, for every output. */
function scrubKnown(text: string, v: Volatile): string {
  let out = text;
  // longest first: a folder inside another is replaced whole
  for (const dir of [...v.dirs].sort((a, b) => b.length - a.length)) out = replaceAll(out, dir, '<dir>');
  for (const host of v.hosts) out = replaceAll(out, host, '127.0.0.1:<port>');
  for (const id of v.runIds) out = replaceAll(out, id, '<run-id>');
  return out.replace(DATE_TIME, '<time>');
}

/** The console of `run` (--color on or off): each dialogue line's time, and the summary's. */
export function scrubConsole(text: string, v: Volatile): string {
  return scrubKnown(text, v)
    .replace(new RegExp(String.raw`^(  ${SGR}?[✓✗!~]${SGR}? .* ${SGR}?)${DUR}(${SGR}?)$`, 'gm'), '$1<duration>$2')
    .replace(new RegExp(String.raw`\(${DUR}, (\d+ requests?(?:, \d+ throttled)?); step latency p50 ${DUR}, p99 ${DUR}\)`, 'g'), '(<duration>, $1; step latency p50 <duration>, p99 <duration>)');
}

/** JUnit XML: the `time` attributes (run, suite, case) and the suite's timestamp. */
export function scrubJunit(text: string, v: Volatile): string {
  return scrubKnown(text, v).replace(/ time="\d+(?:\.\d+)?"/g, ' time="<seconds>"');
}

/** The Markdown summary: the duration cell of the totals table. */
export function scrubMarkdown(text: string, v: Volatile): string {
  return scrubKnown(text, v).replace(new RegExp(String.raw`^(\|(?: \d+ \|){6}) ${DUR} (\| \d+ \|)$`, 'gm'), '$1 <duration> $2');
}

/** The HTML report: the run's duration, each dialogue's, and each reply's latency. */
export function scrubHtml(text: string, v: Volatile): string {
  return scrubKnown(text, v)
    .replace(new RegExp(String.raw`<div class="num time"><b>${DUR}</b>`, 'g'), '<div class="num time"><b><duration></b>')
    .replace(new RegExp(String.raw`<span class="took">${DUR}</span>`, 'g'), '<span class="took"><duration></span>')
    .replace(new RegExp(String.raw`(<div class="facts">[^<]*· )${DUR}</div>`, 'g'), '$1<duration></div>');
}

/** Colour codes made visible (ESC as ␛), so a golden file reads in any editor; refuses a text that already holds ␛. */
export function showEscapes(text: string): string {
  if (text.includes('␛')) throw new Error('the output holds ␛ itself: showEscapes would be ambiguous');
  return text.replaceAll('\u001b', '␛');
}
