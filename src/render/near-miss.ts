/**
 * Where a text fell short of a matcher: for a regex, the longest prefix of the pattern that still
 * matches and what the text holds where the rest should match; for `contains`, the longest part
 * of the needle found, else the closest line; for `not`, what matched. Plus the near misses a
 * human would spot (case, the s flag, an anchor) as hints.
 */
import type { TextMatcher } from '../dialogues/types.js';
import { describeMatcher, matchText, regexExec } from '../match/text-matcher.js';
import { similarity, wordDiffLine } from './diff.js';
import { span, type StyledLine } from './styled.js';
import { monotonicMs } from '../io/clock.js';

/** Analysis reads at most this much of a reply: enough to find the spot, bounded in time. */
const MAX_TEXT = 10_000;
const MAX_PATTERN = 500;
const SNIPPET = 40;
/**
 * Time the regex hints of one step may take, all tries together: a prefix of a quadratic pattern
 * is as slow as the pattern (seconds on 10,000 characters), and hundreds of prefixes are tried.
 */
const HINT_BUDGET_MS = 200;

export function shortfall(matcher: TextMatcher, text: string): StyledLine[] {
  const subject = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  switch (matcher.op) {
    case 'regex':
      return regexShortfall(matcher.pattern, matcher.flags, subject);
    case 'contains':
      return containsShortfall(matcher.value, subject);
    case 'not':
      return notShortfall(matcher.matcher, subject);
    case 'anyOf':
      return matcher.matchers.slice(0, 4).flatMap((m) => {
        const detail = shortfall(m, subject);
        return detail.length
          ? [[span(`${label('for')}${describeMatcher(m)}`, 'dim')], ...detail.map((l) => [span('  '), ...l])]
          : [];
      });
    case 'equals':
      return [];
  }
}

/** `label:` padded to the width of `expected:`, as the mismatch block aligns. */
function label(name: string): string {
  return `${name}:`.padEnd(10);
}

function regexShortfall(pattern: string, flags: string, text: string): StyledLine[] {
  const out: StyledLine[] = [];
  const deadline = monotonicMs() + HINT_BUDGET_MS;
  const hint = regexHint(pattern, flags, text, deadline);
  if (pattern.length <= MAX_PATTERN) {
    const best = longestMatchingPrefix(pattern, flags, text, deadline);
    if (best) {
      const end = best.index + best.length;
      out.push([
        span(label('matched'), 'dim'),
        span(`/${best.prefix}/`, 'expected'),
        span(` matches ${JSON.stringify(clip(text.slice(best.index, end)))} at ${where(text, best.index)}`),
      ]);
      out.push([
        span(label('then'), 'dim'),
        span(`/${pattern.slice(best.prefix.length)}/`, 'expected'),
        span(' should match '),
        span(snippetAt(text, end), 'actual'),
      ]);
    } else {
      out.push([span(label('matched'), 'dim'), span('no part of the pattern matches the text')]);
    }
  }
  if (hint) out.push([span(label('hint'), 'dim'), span(hint, 'warn')]);
  return out;
}

/** The longest pattern prefix that is a valid regex and matches with a non-empty match, if any. */
export function longestMatchingPrefix(
  pattern: string,
  flags: string,
  text: string,
  deadline = monotonicMs() + HINT_BUDGET_MS,
): { prefix: string; index: number; length: number } | undefined {
  for (let k = pattern.length - 1; k >= 2; k--) {
    // never split an atom from its quantifier: `\d` matching says nothing about `\d{2}`
    if (/[*+?{]/.test(pattern[k]!)) continue;
    const prefix = pattern.slice(0, k);
    let re: RegExp;
    try {
      re = new RegExp(prefix, flags.replace(/[gy]/g, ''));
    } catch {
      continue;
    }
    let m: RegExpExecArray | null;
    try {
      m = regexExec(re, text, deadline);
    } catch {
      return undefined; // out of time: no hint rather than a stalled report
    }
    if (m && m[0].length > 0) return { prefix, index: m.index, length: m[0].length };
  }
  return undefined;
}

function regexHint(pattern: string, flags: string, text: string, deadline: number): string | undefined {
  const matches = (p: string, f: string) => {
    try {
      return regexExec(new RegExp(p, f), text, deadline) !== null;
    } catch {
      return false;
    }
  };
  if (!flags.includes('i') && matches(pattern, `${flags}i`)) return `it matches ignoring case: /${pattern}/${flags}i`;
  if (!flags.includes('s') && pattern.includes('.') && text.includes('\n') && matches(pattern, `${flags}s`)) {
    return `it matches with the s flag, where . also matches a line break: /${pattern}/${flags}s`;
  }
  if (pattern.startsWith('^') && matches(pattern.slice(1), flags))
    return 'it matches without the ^ anchor: the text does not start there';
  if (pattern.endsWith('$') && !pattern.endsWith('\\$') && matches(pattern.slice(0, -1), flags))
    return 'it matches without the $ anchor: the text goes on after it';
  return undefined;
}

function containsShortfall(needle: string, text: string): StyledLine[] {
  const lower = text.toLowerCase().indexOf(needle.toLowerCase());
  if (lower !== -1) {
    return [
      [
        span(label('hint'), 'dim'),
        span(
          `it is there in other letter case at ${where(text, lower)}: ${JSON.stringify(text.slice(lower, lower + needle.length))}`,
          'warn',
        ),
      ],
    ];
  }
  let k = Math.min(needle.length - 1, MAX_PATTERN);
  while (k >= 3 && !text.includes(needle.slice(0, k))) k--;
  if (k >= 3 && k >= needle.length / 3) {
    const at = text.indexOf(needle.slice(0, k));
    return [
      [
        span(label('found'), 'dim'),
        span(JSON.stringify(needle.slice(0, k)), 'expected'),
        span(` at ${where(text, at)} (the first ${k} of ${needle.length} characters)`),
      ],
      [
        span(label('then'), 'dim'),
        span(JSON.stringify(clip(needle.slice(k))), 'expected'),
        span(' expected, the text has '),
        span(snippetAt(text, at + k), 'actual'),
      ],
    ];
  }
  const closest = closestLine(needle, text);
  if (closest) {
    const words = wordDiffLine(needle, closest.text);
    if (words) return [[span(label('closest'), 'dim'), ...words, span(`  (line ${closest.line})`, 'dim')]];
  }
  return [[span(label('found'), 'dim'), span('nothing like it in the text')]];
}

/** The line of `text` sharing the most words with `needle`, when it shares a fair amount. */
function closestLine(needle: string, text: string): { text: string; line: number } | undefined {
  let best: { text: string; line: number; score: number } | undefined;
  text
    .split('\n')
    .slice(0, 200)
    .forEach((l, i) => {
      if (l.length > 2_000) return;
      const score = similarity(needle, l);
      if (!best || score > best.score) best = { text: l, line: i + 1, score };
    });
  return best && best.score >= 0.25 ? best : undefined;
}

function notShortfall(inner: TextMatcher, text: string): StyledLine[] {
  const at = locate(inner, text);
  if (at === undefined) return [];
  return [
    [
      span(label('matched'), 'dim'),
      span(describeMatcher(inner), 'expected'),
      span(' matches '),
      span(snippetAt(text, at), 'actual'),
      span(` at ${where(text, at)}`),
    ],
  ];
}

/** Where a matcher matches a text (start offset), when that is a place. */
function locate(matcher: TextMatcher, text: string): number | undefined {
  switch (matcher.op) {
    case 'equals':
      return text === matcher.value ? 0 : undefined;
    case 'contains': {
      const i = text.indexOf(matcher.value);
      return i === -1 ? undefined : i;
    }
    case 'regex': {
      try {
        return regexExec(new RegExp(matcher.pattern, matcher.flags), text, monotonicMs() + HINT_BUDGET_MS)?.index;
      } catch {
        return undefined;
      }
    }
    case 'anyOf':
      try {
        for (const m of matcher.matchers) if (matchText(m, text)) return locate(m, text);
      } catch {
        // a regex past its time limit: no place to show
      }
      return undefined;
    case 'not':
      return undefined;
  }
}

/** `line:column` of an offset, 1-based. */
export function where(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

function snippetAt(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the text';
  return JSON.stringify(clip(text.slice(offset, offset + SNIPPET + 1)));
}

function clip(text: string): string {
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text;
}
