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
}

/** Thrown by loaders when an input file is unusable; carries every problem found, not only the first. */
export class InputError extends Error {
  readonly problems: Problem[];
  /** Source text by file, so renderers can show the offending line. */
  readonly sources: ReadonlyMap<string, string>;

  constructor(problems: Problem[], sources: ReadonlyMap<string, string> = new Map()) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
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
export function renderProblem(problem: Problem, source?: string): string {
  const location = `${problem.file}:${problem.line}:${problem.column}`;
  const lines = [`${problem.severity ?? 'error'}: ${problem.message}`, `  --> ${location}`];
  const text = source?.split(/\r?\n/)[problem.line - 1];
  if (text !== undefined) {
    const gutter = String(problem.line).length;
    const pad = ' '.repeat(gutter);
    const caretPad = ' '.repeat(Math.max(0, problem.column - 1));
    const caret = '^'.repeat(Math.max(1, Math.min(problem.length ?? 1, text.length - problem.column + 1)));
    lines.push(`${pad} |`, `${problem.line} | ${text}`, `${pad} | ${caretPad}${caret}${problem.hint ? ` ${problem.hint}` : ''}`);
  } else if (problem.hint) {
    lines.push(`  = ${problem.hint}`);
  }
  return lines.join('\n');
}

/** Every problem, then a closing line saying what was not done because of them. */
export function renderInputError(error: InputError, consequence = 'nothing was run'): string {
  const blocks = error.problems.map((p) => renderProblem(p, error.sources.get(p.file)));
  const count = error.problems.length;
  blocks.push(`${count} problem${count === 1 ? '' : 's'} found; ${consequence}.`);
  return blocks.join('\n\n');
}

/** "did you mean" for a mistyped name: the closest candidate within a small edit distance. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Damerau-Levenshtein distance (optimal string alignment): a swap of two letters costs one. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
