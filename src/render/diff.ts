/**
 * Text diffs for reports: a word diff for one-line texts, a line diff (with the changed words
 * marked inside changed lines) for longer ones. Both are capped in size and time: a diff of two
 * unrelated megabyte replies helps nobody, so it is dropped rather than shown as noise.
 */
import { diffLines, diffWords, type Change } from 'diff';
import { span, type Span, type StyledLine } from './styled.js';

// CJK text has no spaces between words: a word segmenter keeps a Korean diff from being one token.
// Made on the first diff: building one loads ICU's word rules (~7 ms), which a passing run never needs.
let segmenter: Intl.Segmenter | undefined;
const DIFF_TIMEOUT_MS = 250;
const MAX_DIFF_CHARS = 50_000;
/** Unchanged lines kept around each change in a line diff. */
const CONTEXT_LINES = 2;
const MAX_DIFF_LINES = 60;

export function wordChanges(a: string, b: string): Change[] | undefined {
  if (a.length + b.length > MAX_DIFF_CHARS) return undefined;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  return diffWords(a, b, { intlSegmenter: segmenter, timeout: DIFF_TIMEOUT_MS });
}

/** Share of non-space characters two texts have in common (0…1), by word diff. */
export function similarity(a: string, b: string, changes = wordChanges(a, b)): number {
  if (!changes) return 0;
  const size = (t: string) => t.replace(/\s/g, '').length;
  const common = changes.filter((c) => !c.added && !c.removed).reduce((n, c) => n + size(c.value), 0);
  return common / Math.max(1, size(a), size(b));
}

/** Worth showing: the texts share enough that marking the difference beats showing both. */
export function diffIsUseful(a: string, b: string): boolean {
  return a !== b && similarity(a, b) >= 0.25;
}

/** One line: common words plain, removed words `del`, added words `ins`. */
export function wordDiffLine(expected: string, actual: string): StyledLine | undefined {
  const changes = wordChanges(expected, actual);
  if (!changes) return undefined;
  return changes.map((c) => span(c.value, c.removed ? 'del' : c.added ? 'ins' : undefined));
}

interface Row {
  kind: ' ' | '-' | '+' | '…';
  spans: Span[];
}

/** `- expected` / `+ actual` / `  same` lines, changed words emphasised, long unchanged runs folded. */
export function lineDiffLines(expected: string, actual: string): StyledLine[] | undefined {
  if (expected.length + actual.length > MAX_DIFF_CHARS) return undefined;
  const changes = diffLines(expected, actual, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) return undefined;
  const rows: Row[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const lines = splitLines(change.value);
    const next = changes[i + 1];
    if (change.removed && next?.added) {
      // a changed block: pair its lines up and mark the words that changed within each pair
      const added = splitLines(next.value);
      lines.forEach((l, j) => rows.push({ kind: '-', spans: emphasised(l, added[j], 'removed') }));
      added.forEach((l, j) => rows.push({ kind: '+', spans: emphasised(l, lines[j], 'added') }));
      i++;
      continue;
    }
    const kind = change.removed ? '-' : change.added ? '+' : ' ';
    for (const l of lines)
      rows.push({ kind, spans: [span(l, kind === '-' ? 'delLine' : kind === '+' ? 'insLine' : undefined)] });
  }
  return render(fold(rows));
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function emphasised(text: string, other: string | undefined, side: 'removed' | 'added'): Span[] {
  const base = side === 'removed' ? 'delLine' : 'insLine';
  if (other === undefined || !diffIsUseful(text, other)) return [span(text, base)];
  const changes = side === 'removed' ? wordChanges(text, other) : wordChanges(other, text);
  if (!changes) return [span(text, base)];
  const own = changes.filter((c) => (side === 'removed' ? !c.added : !c.removed));
  return own.map((c) => span(c.value, c.added || c.removed ? (side === 'removed' ? 'delEmph' : 'insEmph') : base));
}

/** Keeps CONTEXT_LINES of unchanged lines around each change; the rest becomes "… N unchanged lines". */
function fold(rows: Row[]): Row[] {
  const keep = rows.map(() => false);
  rows.forEach((r, i) => {
    if (r.kind === ' ') return;
    for (let j = Math.max(0, i - CONTEXT_LINES); j <= Math.min(rows.length - 1, i + CONTEXT_LINES); j++) keep[j] = true;
  });
  const out: Row[] = [];
  for (let i = 0; i < rows.length;) {
    if (keep[i]) {
      out.push(rows[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && !keep[j]) j++;
    const n = j - i;
    out.push(n === 1 ? rows[i]! : { kind: '…', spans: [span(`… ${n} unchanged lines`, 'dim')] });
    i = j;
  }
  if (out.length > MAX_DIFF_LINES) {
    const more = out.length - MAX_DIFF_LINES;
    return [...out.slice(0, MAX_DIFF_LINES), { kind: '…', spans: [span(`… ${more} more diff lines`, 'dim')] }];
  }
  return out;
}

function render(rows: Row[]): StyledLine[] {
  return rows.map((r) => {
    if (r.kind === '…') return r.spans;
    const marker = r.kind === '-' ? span('- ', 'delLine') : r.kind === '+' ? span('+ ', 'insLine') : span('  ');
    return [marker, ...r.spans];
  });
}

/**
 * Expected vs actual text as a diff, or nothing when a diff would not help (unrelated texts, too
 * large). One-line texts get a word diff on one line; anything longer a line diff.
 */
export function textDiff(expected: string, actual: string): StyledLine[] {
  if (!diffIsUseful(expected, actual)) return [];
  if (!expected.includes('\n') && !actual.includes('\n')) {
    const words = wordDiffLine(expected, actual);
    return words ? [[span('diff:     ', 'dim'), ...words]] : [];
  }
  const lines = lineDiffLines(expected, actual);
  return lines ? [[span('diff (- expected, + actual):', 'dim')], ...lines.map((l) => [span('  '), ...l])] : [];
}

/** Why two texts that look alike are not equal, when it is something a diff cannot show. */
export function invisibleDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  if (expected.trim() === actual.trim()) return 'they differ only in leading or trailing whitespace';
  if (expected.replace(/\s+/g, ' ').trim() === actual.replace(/\s+/g, ' ').trim())
    return 'they differ only in whitespace (spaces, tabs or line breaks)';
  if (expected.normalize('NFC') === actual.normalize('NFC'))
    return 'they differ only in Unicode normalization (NFC vs NFD)';
  if (expected.toLowerCase() === actual.toLowerCase()) return 'they differ only in letter case';
  return undefined;
}
