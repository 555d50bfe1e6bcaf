/**
 * Scenario and chat type coverage, as data. Static coverage reads the specs: which scenarios their
 * `scenarioName` expectations name — a plain name covers itself, a `contains` or regex every
 * inventory scenario it matches, `anyOf` the union, `not` nothing (it says what must not answer).
 * Observed coverage reads a run's results: which scenarios actually answered, how often. Rows
 * follow the inventory; names outside it are listed apart, since they are typos, renamed
 * scenarios, or a stale inventory.
 */
import type { SourcePos } from '../diagnostics/problem.js';
import type { Dialogue, TextMatcher } from '../dialogues/types.js';
import type { DialogueResult, PlannedDialogue, PlannedExpectation } from '../results/model.js';
import { describeMatcher, matchText } from '../match/text-matcher.js';
import { hasTemplate } from '../dialogues/variables.js';
import type { RoutingTable } from './routing.js';

/** The chat types the service reports; the chat type table always lists these. */
export const CHAT_TYPES = ['TEXT', 'IMAGECARD', 'MULTILINKS', 'SINGLEFORM', 'NOANSWER', 'STICKER'] as const;

export type CoverageStatus = 'covered' | 'expected-not-observed' | 'observed-only' | 'untested';

export interface CoverageRow {
  name: string;
  /** Dialogues with a step expecting it (a data-driven dialogue counts once). */
  expectedBy: number;
  /** Replies that came from it; absent without results. */
  observed?: number;
  status: CoverageStatus;
}

export interface CoverageSection {
  rows: CoverageRow[];
  total: number;
  expected: number;
  observed?: number;
  covered: number;
  /** Percentages of `total`, one decimal. `covered` only with results (expected and observed). */
  percent: { expected: number; observed?: number; covered?: number };
}

export interface CoverageReport {
  inventory: { files: string[]; scenarios: number };
  /** The results files observed coverage comes from (empty: the run being reported). */
  results?: string[];
  scenarios: CoverageSection;
  chatTypes: CoverageSection;
  /** Scenario names the specs expect or the bot answered with that the inventory does not list. */
  outside: {
    expected: Array<{ name: string; expectedBy: number; at: SourcePos }>;
    observed: Array<{ name: string; observed: number }>;
  };
  /** Expectations that cannot be resolved before running (captured values, env variables unset here). */
  unresolved: Array<{ matcher: string; at: SourcePos }>;
  /** The figure `--min-coverage` compares: covered % with results, else expected %. */
  coverage: number;
  routing?: RoutingTable;
}

/** Rank in the tables people read: gaps first (untested, then expected but never seen), then the rest. */
const GAP_RANK: Record<CoverageStatus, number> = {
  untested: 0,
  'expected-not-observed': 1,
  'observed-only': 2,
  covered: 2,
};

/**
 * The rows as the console, Markdown and HTML tables show them: untested scenarios first, then
 * those expected but never observed, the rest in inventory order (stable). The JSON keeps the
 * inventory's order.
 */
export function gapsFirst(rows: readonly CoverageRow[]): CoverageRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => GAP_RANK[a.r.status] - GAP_RANK[b.r.status] || a.i - b.i)
    .map((x) => x.r);
}

interface Expectation {
  dialogue: string;
  matcher: TextMatcher;
  at: SourcePos;
}

/** What the specs expect, per dimension; matchers are resolved once every name is known. */
export class ExpectedTally {
  readonly scenarios: Expectation[] = [];
  readonly chatTypes: Expectation[] = [];
  readonly unresolved: CoverageReport['unresolved'] = [];

  /** A dialogue of the specs (the `coverage` command reads them). */
  add(dialogue: Dialogue): void {
    const key = groupKey(dialogue);
    for (const step of dialogue.steps) {
      for (const field of ['scenarioName', 'chatType'] as const) {
        const matcher = step.expect[field];
        if (matcher) this.expect(key, field, matcher, step.expectPos[field] ?? step.pos);
      }
    }
  }

  /** A dialogue of a run's plan, which carries its expectations (reporters read no spec files). */
  addPlanned(planned: PlannedDialogue & { expects: PlannedExpectation[] }): void {
    const key = groupKey(planned);
    for (const e of planned.expects)
      this.expect(key, e.field, e.matcher, { file: e.file ?? planned.file, line: e.line, column: e.column });
  }

  private expect(dialogue: string, field: 'scenarioName' | 'chatType', matcher: TextMatcher, at: SourcePos): void {
    // captured values (and env variables unset here) are unknown before running
    if (mentionsTemplate(matcher)) this.unresolved.push({ matcher: `${field}: ${describeMatcher(matcher)}`, at });
    else (field === 'scenarioName' ? this.scenarios : this.chatTypes).push({ dialogue, matcher, at });
  }
}

/** A data-driven dialogue counts once: its phrasings share the group's name. */
function groupKey(d: { suite: string; name: string; group?: { name: string } }): string {
  return `${d.suite} › ${d.group?.name ?? d.name}`;
}

function mentionsTemplate(m: TextMatcher): boolean {
  switch (m.op) {
    case 'equals':
    case 'contains':
      return hasTemplate(m.value);
    case 'regex':
      return hasTemplate(m.pattern);
    case 'not':
      return mentionsTemplate(m.matcher);
    case 'anyOf':
      return m.matchers.some(mentionsTemplate);
  }
}

/** What a run's replies came from: counts per scenario and chat type (the last attempt of each dialogue). */
export class ObservedTally {
  readonly scenarios = new Map<string, number>();
  readonly chatTypes = new Map<string, number>();

  add(result: DialogueResult): void {
    for (const step of result.steps) {
      const turn = step.turn;
      if (!turn) continue;
      if (turn.scenarioName) bump(this.scenarios, turn.scenarioName);
      for (const type of turn.chatTypes) bump(this.chatTypes, type);
    }
  }

  /** One reply seen outside a run (a state of an `explore` tree). */
  addReply(scenarioName: string | null, chatTypes: string[]): void {
    if (scenarioName) bump(this.scenarios, scenarioName);
    for (const type of chatTypes) bump(this.chatTypes, type);
  }
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** The names a matcher covers among `names`; a plain name counts even when `names` lacks it (reported apart). */
export function coveredNames(matcher: TextMatcher, names: readonly string[]): string[] {
  switch (matcher.op) {
    case 'equals':
      // "" asserts that no scenario answered (a welcome reply)
      return matcher.value === '' ? [] : [matcher.value];
    case 'contains':
    case 'regex':
      return names.filter((n) => matchText(matcher, n));
    case 'not':
      return [];
    case 'anyOf':
      return [...new Set(matcher.matchers.flatMap((m) => coveredNames(m, names)))];
  }
}

export interface CoverageInputs {
  inventoryFiles: string[];
  inventory: readonly string[];
  expected: ExpectedTally;
  observed?: ObservedTally;
  resultsFiles?: string[];
  routing?: RoutingTable;
}

export function buildCoverage(inputs: CoverageInputs): CoverageReport {
  const { inventory, expected, observed } = inputs;
  const scenarioHits = resolveAll(expected.scenarios, inventory);
  const inInventory = new Set(inventory);
  const outsideExpected = [...scenarioHits.entries()]
    .filter(([name]) => !inInventory.has(name))
    .map(([name, hit]) => ({ name, expectedBy: hit.dialogues.size, at: hit.at }));
  const outsideObserved = observed
    ? [...observed.scenarios.entries()]
        .filter(([name]) => !inInventory.has(name))
        .map(([name, n]) => ({ name, observed: n }))
    : [];

  // chat types have no inventory: the service's list, plus any a spec names or a reply carried
  const typeNames = new Set<string>(CHAT_TYPES);
  for (const e of expected.chatTypes) if (e.matcher.op === 'equals') typeNames.add(e.matcher.value);
  for (const type of observed?.chatTypes.keys() ?? []) typeNames.add(type);
  const typeHits = resolveAll(expected.chatTypes, [...typeNames]);

  const scenarios = section(inventory, scenarioHits, observed?.scenarios);
  const chatTypes = section([...typeNames], typeHits, observed?.chatTypes);
  return {
    inventory: { files: inputs.inventoryFiles, scenarios: inventory.length },
    ...(inputs.resultsFiles ? { results: inputs.resultsFiles } : {}),
    scenarios,
    chatTypes,
    outside: { expected: outsideExpected, observed: outsideObserved },
    unresolved: expected.unresolved,
    coverage: observed ? scenarios.percent.covered! : scenarios.percent.expected,
    ...(inputs.routing ? { routing: inputs.routing } : {}),
  };
}

function resolveAll(
  expectations: Expectation[],
  names: readonly string[],
): Map<string, { dialogues: Set<string>; at: SourcePos }> {
  const hits = new Map<string, { dialogues: Set<string>; at: SourcePos }>();
  for (const e of expectations) {
    for (const name of coveredNames(e.matcher, names)) {
      const hit = hits.get(name) ?? { dialogues: new Set<string>(), at: e.at };
      hit.dialogues.add(e.dialogue);
      hits.set(name, hit);
    }
  }
  return hits;
}

function section(
  names: readonly string[],
  hits: Map<string, { dialogues: Set<string> }>,
  observed: Map<string, number> | undefined,
): CoverageSection {
  const rows = names.map((name): CoverageRow => {
    const expectedBy = hits.get(name)?.dialogues.size ?? 0;
    if (!observed) return { name, expectedBy, status: expectedBy > 0 ? 'covered' : 'untested' };
    const seen = observed.get(name) ?? 0;
    const status: CoverageStatus =
      expectedBy > 0 ? (seen > 0 ? 'covered' : 'expected-not-observed') : seen > 0 ? 'observed-only' : 'untested';
    return { name, expectedBy, observed: seen, status };
  });
  const total = rows.length;
  const count = (test: (r: CoverageRow) => boolean) => rows.filter(test).length;
  const expected = count((r) => r.expectedBy > 0);
  const pct = (n: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);
  if (!observed) return { rows, total, expected, covered: expected, percent: { expected: pct(expected) } };
  const seen = count((r) => (r.observed ?? 0) > 0);
  const covered = count((r) => r.status === 'covered');
  return {
    rows,
    total,
    expected,
    observed: seen,
    covered,
    percent: { expected: pct(expected), observed: pct(seen), covered: pct(covered) },
  };
}
