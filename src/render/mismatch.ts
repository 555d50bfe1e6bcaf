/**
 * Expected vs actual for one step, as styled lines every output renders: the Hurl-style block per
 * mismatch (field and spec position, aligned `expected:` / `actual:`), then whatever explains it —
 * a text diff, where a regex or `contains` fell short, the closest button, a missing key. And the
 * field-by-field table (every expectation of the step, held or not) for Markdown and HTML.
 */
import type { Mismatch } from '../match/expectations.js';
import { LIST_FIELDS } from '../match/expectations.js';
import { describeMatcher, describeNumberMatcher, matchText } from '../match/text-matcher.js';
import { BUBBLE_FIELDS, bubbleButtonTitles, bubbleInformation } from '../match/bubble-expectations.js';
import { selectJson } from '../match/json-expectations.js';
import type { Turn } from '../protocol/turn.js';
import type { StepResult } from '../results/model.js';
import { closestName } from '../diagnostics/problem.js';
import { invisibleDifference, textDiff } from './diff.js';
import { shortfall } from './near-miss.js';
import { span, type StyledLine } from './styled.js';
import { quote, truncate } from './text.js';

/** An actual value longer than this is cut in the `actual:` line (the diff and JSON keep more). */
const MAX_ACTUAL_CHARS = 1_000;

export function mismatchLines(m: Mismatch, turn?: Turn): StyledLine[] {
  const head: StyledLine = [span(m.field, 'bold')];
  if (m.pos) head.push(span(` (${m.pos.file}:${m.pos.line}:${m.pos.column})`, 'dim'));
  return [
    head,
    [span('  expected: '), span(m.expected, 'expected')],
    [span('  actual:   '), span(truncate(quote(m.actual), MAX_ACTUAL_CHARS, 'value'), 'actual')],
    ...mismatchDetail(m, turn).map((l) => [span('  '), ...l]),
  ];
}

/** What explains a mismatch beyond expected/actual; nothing when expected/actual say it all. */
export function mismatchDetail(m: Mismatch, turn?: Turn): StyledLine[] {
  const matcher = m.matcher;
  if (typeof m.actual === 'string' && matcher) {
    if (matcher.op === 'equals') {
      const invisible = invisibleDifference(matcher.value, m.actual);
      const diff = textDiff(matcher.value, m.actual);
      return invisible ? [...diff, [span('hint:     ', 'dim'), span(invisible, 'warn')]] : diff;
    }
    return shortfall(matcher, m.actual);
  }
  if (Array.isArray(m.actual) && matcher) {
    if (m.field.startsWith('information.') && m.actual.length === 0 && turn)
      return missingInformation(m.field.slice('information.'.length), turn);
    if (matcher.op === 'not') {
      const found = m.actual.filter((v) => !matchesNothing(v, m));
      return found.length ? [[span('found:    ', 'dim'), span(quote(found.slice(0, 5)), 'actual')]] : [];
    }
    if (matcher.op === 'equals' || matcher.op === 'contains') {
      const closest = closestName(matcher.value, m.actual);
      if (closest !== undefined)
        return [
          [span('closest:  ', 'dim'), span(JSON.stringify(closest), 'actual'), ...closeness(matcher.value, closest)],
        ];
    }
  }
  return [];
}

function closeness(expected: string, closest: string): StyledLine {
  const invisible = invisibleDifference(expected, closest);
  return invisible ? [span(` — ${invisible}`, 'warn')] : [];
}

// a `not` list mismatch lists every value; the ones the inner matcher matched are the culprits
function matchesNothing(value: string, m: Mismatch): boolean {
  const inner = m.matcher?.op === 'not' ? m.matcher.matcher : undefined;
  if (!inner) return true;
  return !matchText(inner, value);
}

function missingInformation(key: string, turn: Turn): StyledLine[] {
  const keys = Object.keys(turn.information);
  const guess = closestName(key, keys);
  const line: StyledLine = [span('hint:     ', 'dim'), span(`the reply has no \`${key}\` information`, 'warn')];
  if (guess) line.push(span(`; did you mean \`${guess}\`?`, 'warn'));
  else if (keys.length) line.push(span(`; it has ${keys.map((k) => `\`${k}\``).join(', ')}`, 'dim'));
  return [line];
}

/** One row of the field-by-field table. */
export interface FieldRow {
  field: string;
  ok: boolean;
  expected: string;
  /** The reply's value, quoted (cut for a table cell). */
  actual: string;
  /** The mismatches of this field (list expectations can have several). */
  mismatches: Mismatch[];
}

const MAX_CELL_CHARS = 300;

/** Every expectation of a step that was checked against a reply, in the order written, held or not. */
export function fieldRows(step: StepResult): FieldRow[] {
  const mismatches = step.status === 'failed' ? step.mismatches : [];
  const rows: FieldRow[] = [];
  const turn = step.turn;
  const add = (field: string, expected: string, actual: string | string[] | number | null) => {
    const own = mismatches.filter((m) => m.field === field);
    rows.push({ field, ok: own.length === 0, expected, actual: cell(quote(actual)), mismatches: own });
  };
  if (turn) {
    for (const key of Object.keys(step.expect) as Array<keyof StepResult['expect']>) {
      switch (key) {
        case 'scenarioName':
          add(key, describeMatcher(step.expect.scenarioName!), turn.scenarioName);
          break;
        case 'chatType':
          add(key, describeMatcher(step.expect.chatType!), turn.chatTypes);
          break;
        case 'description':
          add(key, describeMatcher(step.expect.description!), turn.text);
          break;
        case 'information':
          for (const [name, matcher] of Object.entries(step.expect.information ?? {}))
            add(
              `information.${name}`,
              describeMatcher(matcher),
              Object.hasOwn(turn.information, name) ? turn.information[name]! : [],
            );
          break;
        case 'score':
          add(key, describeNumberMatcher(step.expect.score!), turn.score);
          break;
        case 'latencyMs':
          add(key, describeNumberMatcher(step.expect.latencyMs!), turn.latencyMs);
          break;
        case 'bubbles':
          step.expect.bubbles!.forEach((item, i) => {
            const bubble = turn.bubbles[i];
            if (!bubble)
              return add(
                `bubbles[${i}]`,
                'a bubble',
                turn.bubbles.map((b) => b.type),
              );
            for (const field of Object.keys(BUBBLE_FIELDS) as Array<keyof typeof BUBBLE_FIELDS>) {
              if (item[field])
                add(`bubbles[${i}].${field}`, describeMatcher(item[field]), BUBBLE_FIELDS[field](bubble));
            }
            if (item.buttons)
              add(`bubbles[${i}].buttons`, item.buttons.map(describeMatcher).join(', '), bubbleButtonTitles(bubble));
            for (const [name, matcher] of Object.entries(item.information ?? {}))
              add(`bubbles[${i}].information.${name}`, describeMatcher(matcher), bubbleInformation(bubble, name));
          });
          break;
        case 'json':
          for (const entry of step.expect.json!)
            add(`json ${entry.path}`, describeMatcher(entry.matcher), selectJson(turn.raw, entry.path));
          break;
        default:
          add(key, (step.expect[key] ?? []).map(describeMatcher).join(', '), LIST_FIELDS[key].read(turn));
      }
    }
  }
  // mismatches no expectation key explains (a click that found no button)
  for (const m of mismatches) {
    if (!rows.some((r) => r.field === m.field))
      rows.push({ field: m.field, ok: false, expected: m.expected, actual: cell(quote(m.actual)), mismatches: [m] });
  }
  return rows;
}

function cell(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}
