/**
 * Problems with input files (specs, bot definitions) as data with a source span, in the manner of
 * Hurl's runner errors: decided where found, rendered in one place (renderProblem).
 */

export interface SourcePos {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export interface Problem extends SourcePos {
  /** A stable code for tools (`unknown-key`, `yaml-syntax`, `bad-regex`, …). */
  code: string;
  message: string;
  /** What to do about it ("did you mean `scenarioName`?"). */
  hint?: string;
  /** Characters to underline from `column`; 1 when unknown. */
  length?: number;
  /** A warning is worth a look but stops nothing (`validate` notes); absent means an error. */
  severity?: 'error' | 'warning';
  /** The problem is the path itself (it does not exist): no line in it to point at. */
  pathOnly?: boolean;
}

/** `file:line:column`, or just the file when the problem has no position inside it. */
export function problemLocation(p: Problem): string {
  return p.pathOnly ? p.file : `${p.file}:${p.line}:${p.column}`;
}

/** Thrown by loaders when an input file is unusable; carries every problem found, not only the first. */
export class InputError extends Error {
  readonly problems: Problem[];
  /** Source text by file, so renderers can show the offending line. */
  readonly sources: ReadonlyMap<string, string>;

  constructor(problems: Problem[], sources: ReadonlyMap<string, string> = new Map()) {
    super(problems.map((p) => (p.pathOnly ? p.message : `${problemLocation(p)}: ${p.message}`)).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
    this.sources = sources;
  }
}

/**
 * Hurl-style rendering: a title, the location, the source line with a caret, and the hint.
 *
 *   error: unknown key `scenarioNmae`
 *     --> specs/shop.yaml:12:11
 *      |
 *   12 |           scenarioNmae: Products
 *      |           ^^^^^^^^^^^^ did you mean `scenarioName`?
 */
export function renderProblem(problem: Problem, source?: string | readonly string[]): string {
  // a missing path names itself in the message: a `--> spec/:1:1` under it would point nowhere
  if (problem.pathOnly)
    return [
      `${problem.severity ?? 'error'}: ${problem.message}`,
      ...(problem.hint ? [`  = ${problem.hint}`] : []),
    ].join('\n');
  const location = problemLocation(problem);
  const lines = [`${problem.severity ?? 'error'}: ${problem.message}`, `  --> ${location}`];
  const text = (typeof source === 'string' ? sourceLines(source) : source)?.[problem.line - 1];
  if (text !== undefined) {
    const gutter = String(problem.line).length;
    const pad = ' '.repeat(gutter);
    const caretPad = ' '.repeat(Math.max(0, problem.column - 1));
    const caret = '^'.repeat(Math.max(1, Math.min(problem.length ?? 1, text.length - problem.column + 1)));
    lines.push(
      `${pad} |`,
      `${problem.line} | ${text}`,
      `${pad} | ${caretPad}${caret}${problem.hint ? ` ${problem.hint}` : ''}`,
    );
  } else if (problem.hint) {
    lines.push(`  = ${problem.hint}`);
  }
  return lines.join('\n');
}

/** At most this many problems are rendered; the rest are counted (a generated spec can hold 100,000). */
export const MAX_RENDERED_PROBLEMS = 50;

/** The lines of a source, split once per source however many problems point into it. */
const splitSources = new WeakMap<object, Map<string, string[]>>();

function sourceLines(source: string): string[] {
  return source.split(/\r?\n/);
}

/** `problems` rendered against their sources, the first MAX_RENDERED_PROBLEMS of them, in linear time. */
export function renderProblems(problems: readonly Problem[], sources: ReadonlyMap<string, string>): string[] {
  let cache = splitSources.get(sources);
  if (!cache) splitSources.set(sources, (cache = new Map()));
  const blocks: string[] = [];
  for (const problem of problems.slice(0, MAX_RENDERED_PROBLEMS)) {
    const source = sources.get(problem.file);
    let lines = source === undefined ? undefined : cache.get(problem.file);
    if (source !== undefined && !lines) cache.set(problem.file, (lines = sourceLines(source)));
    blocks.push(renderProblem(problem, lines));
  }
  const rest = problems.length - MAX_RENDERED_PROBLEMS;
  if (rest > 0) blocks.push(`… and ${rest} more problem${rest === 1 ? '' : 's'} not shown`);
  return blocks;
}

/** Every problem (the first 50), then a closing line saying what was not done because of them. */
export function renderInputError(error: InputError, consequence = 'nothing was run'): string {
  const blocks = renderProblems(error.problems, error.sources);
  const count = error.problems.length;
  blocks.push(`${count} problem${count === 1 ? '' : 's'} found; ${consequence}.`);
  return blocks.join('\n\n');
}

/** "did you mean" for a mistyped name: the closest candidate within a small edit distance. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let bestDistance = allowed + 1;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    // a length apart by more than allowed cannot be within it: skip the table (hot with 100,000 typos)
    if (Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment): a swap of two letters costs one. */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  // three rolling rows: the swap rule looks two rows back
  let before = new Int32Array(cols);
  let previous = new Int32Array(cols);
  let current = new Int32Array(cols);
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      current[j] = v;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
