/**
 * The shape of a regular expression, for two decisions about catastrophic backtracking:
 *
 *  - `backtrackingRisk` (load time): does the pattern hold a construct that makes a backtracking
 *    engine such as V8's try exponentially many ways on a text that almost matches? Like
 *    safe-regex we look at repetition inside repetition (star height > 1), but we let it pass when
 *    each inner repetition is delimited by something it cannot match — `(\w+\s)+` is linear,
 *    `(\w+\s?)+` is not — and like the "quantified overlapping disjunction" rule of Davis et al.
 *    (the study behind vuln-regex-detector) we refuse a repeated alternation whose branches can
 *    match the same text, `(.|\s)*`. Tools that decide exactly (recheck) build the automaton;
 *    this is a deliberately small check for the textbook cases, and the runtime time limit in
 *    match/text-matcher.ts covers whatever it lets through.
 *  - `backtrackingDegree` (run time): an upper bound on the polynomial degree of the match time,
 *    so short texts can skip the guarded (slower) path safely.
 *
 * The pattern has already compiled, so the parser is lenient: it only needs the structure.
 */

type Node =
  | { type: 'char'; source: string } // one character: a literal, an escape such as \d, a class, `.`
  | { type: 'assert' } // ^ $ \b \B: zero width
  | { type: 'backref' }
  | { type: 'group'; look: boolean; source: string; alternatives: Node[][] }
  | { type: 'repeat'; min: number; max: number; child: Node; source: string };

/** Above this many repetitions a bounded quantifier counts as unbounded (safe-regex's `(a+){10}`). */
const MANY = 10;

/** A risk found: what to tell the author, in words. */
export interface BacktrackingRisk {
  message: string;
}

export function backtrackingRisk(pattern: string, flags: string): BacktrackingRisk | undefined {
  const tree = parsePattern(pattern, flags);
  const sets = new CharSets(pattern, flags);
  let found: BacktrackingRisk | undefined;
  walk(tree, (node) => {
    if (found || node.type !== 'repeat' || node.max <= MANY) return;
    found = nestedRepeat(node, sets) ?? overlappingAlternatives(node, sets);
  });
  return found;
}

/**
 * For a flat pattern — no repetition holding another repetition, an alternation or a
 * backreference — the match time is at most about length^degree, with degree 1 + unbounded
 * repetitions + backreferences. Anything else may be exponential even when `backtrackingRisk`
 * found nothing (`((a)\2?)+` is `(a|aa)+` in disguise): its degree is Infinity.
 */
export function backtrackingDegree(pattern: string, flags: string): number {
  let degree = 1;
  walk(parsePattern(pattern, flags), (node) => {
    if (node.type === 'backref') degree++;
    if (node.type !== 'repeat') return;
    if (node.max > MANY) degree++;
    let complex = false;
    walk([node.child], (inner) => {
      if (inner === node.child && inner.type !== 'repeat') return;
      if (
        inner.type === 'repeat' ||
        inner.type === 'backref' ||
        (inner.type === 'group' && inner.alternatives.length > 1)
      )
        complex = true;
    });
    if (node.child.type === 'group' && node.child.alternatives.length > 1) complex = true;
    if (complex) degree = Infinity;
  });
  return degree;
}

/** `(a+)+`: an inner repetition that the outer one can split in many ways, with nothing to stop it. */
function nestedRepeat(outer: Extract<Node, { type: 'repeat' }>, sets: CharSets): BacktrackingRisk | undefined {
  for (const { inner, siblings } of innerRepeats(outer.child, [])) {
    const chars = sets.of(inner);
    // a mandatory sibling the inner repetition cannot match fixes where each round ends
    const delimited = siblings.some((s) => minLength(s) > 0 && !sets.overlap(chars, sets.of(s)));
    if (!delimited) {
      return {
        message: `\`${inner.source}\` repeats inside \`${outer.source}\`, which repeats too, so a text that almost matches is tried in exponentially many ways (the run could hang); repeat once (\`(a+)+\` → \`a+\`), or end each round with a character the inner part cannot match (\`(\\w+\\s)+\`)`,
      };
    }
  }
  return undefined;
}

/** `(a|a?)+`, `(.|\s)*`: a repeated alternation whose branches can take the same text. */
function overlappingAlternatives(
  outer: Extract<Node, { type: 'repeat' }>,
  sets: CharSets,
): BacktrackingRisk | undefined {
  const group = outer.child;
  if (group.type !== 'group' || group.look || group.alternatives.length < 2) return undefined;
  const branches = group.alternatives.map((seq) => ({ source: seq.map(sourceOf).join(''), seq }));
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) {
      const a = branches[i]!;
      const b = branches[j]!;
      if (a.source === b.source || singleCharOverlap(a.seq, b.seq, sets) || singleCharOverlap(b.seq, a.seq, sets)) {
        return {
          message: `the alternatives \`${a.source}\` and \`${b.source}\` of \`${outer.source}\` can match the same text, so a text that almost matches is tried in exponentially many ways (the run could hang); make them exclusive, or use one character class (\`(.|\\s)*\` → \`[\\s\\S]*\`)`,
        };
      }
    }
  }
  return undefined;
}

/** A one-character branch whose characters can also start the other branch. */
function singleCharOverlap(one: Node[], other: Node[], sets: CharSets): boolean {
  if (one.length !== 1 || one[0]!.type !== 'char') return false;
  return sets.overlap(sets.of(one[0]!), firstChars(other, sets));
}

/** Inner unbounded repetitions of a subtree, each with the siblings that stand beside it in its branch. */
function innerRepeats(
  node: Node,
  siblings: Node[],
): Array<{ inner: Extract<Node, { type: 'repeat' }>; siblings: Node[] }> {
  if (node.type === 'repeat') {
    const here = node.max > MANY ? [{ inner: node, siblings }] : [];
    return [...here, ...innerRepeats(node.child, siblings)];
  }
  if (node.type !== 'group') return [];
  return node.alternatives.flatMap((seq) =>
    seq.flatMap((child, i) => innerRepeats(child, [...siblings, ...seq.slice(0, i), ...seq.slice(i + 1)])),
  );
}

function firstChars(seq: Node[], sets: CharSets): Set<number> {
  const out = new Set<number>();
  for (const node of seq) {
    for (const c of node.type === 'group' && !node.look
      ? node.alternatives.flatMap((alt) => [...firstChars(alt, sets)])
      : sets.of(node))
      out.add(c);
    if (minLength(node) > 0) break;
  }
  return out;
}

function minLength(node: Node): number {
  switch (node.type) {
    case 'char':
      return 1;
    case 'assert':
    case 'backref':
      return 0;
    case 'group':
      return node.look ? 0 : Math.min(...node.alternatives.map((seq) => seq.reduce((sum, n) => sum + minLength(n), 0)));
    case 'repeat':
      return node.min * minLength(node.child);
  }
}

function sourceOf(node: Node): string {
  return node.type === 'char' || node.type === 'group' || node.type === 'repeat' ? node.source : '';
}

function walk(seq: Node[], visit: (node: Node) => void): void {
  for (const node of seq) {
    visit(node);
    if (node.type === 'group') for (const alt of node.alternatives) walk(alt, visit);
    if (node.type === 'repeat') walk([node.child], visit);
  }
}

/**
 * Which characters a node can match, estimated on a sample alphabet (ASCII, a few letters of other
 * scripts, and every character of the pattern itself): enough to tell `\w` from `\s`, `[a-z]` from
 * `,`, and `α` from `β`. Each one-character atom is compiled once, with the pattern's own flags
 * (so `i` makes `a` overlap `A`).
 */
const BASE_SAMPLE = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  '\t',
  '\n',
  '\r',
  '\u00a0',
  'é',
  'ß',
  'Ж',
  '가',
  'あ',
  '中',
  '\u2028',
  '😀',
];

class CharSets {
  private readonly flags: string;
  private readonly sample: string[];
  private readonly cache = new Map<string, Set<number>>();

  constructor(pattern: string, flags: string) {
    this.flags = flags.replace(/[gy]/g, '');
    this.sample = [...new Set([...BASE_SAMPLE, ...pattern])];
  }

  of(node: Node): Set<number> {
    switch (node.type) {
      case 'char':
        return this.ofSource(node.source);
      case 'backref':
        return this.all();
      case 'assert':
        return new Set();
      case 'group':
        return node.look ? new Set() : union(node.alternatives.flatMap((seq) => seq.map((n) => this.of(n))));
      case 'repeat':
        return this.of(node.child);
    }
  }

  overlap(a: Set<number>, b: Set<number>): boolean {
    for (const x of a) if (b.has(x)) return true;
    return false;
  }

  private ofSource(source: string): Set<number> {
    let set = this.cache.get(source);
    if (!set) {
      set = new Set();
      try {
        const re = new RegExp(`^(?:${source})$`, this.flags);
        this.sample.forEach((ch, i) => re.test(ch) && set!.add(i));
      } catch {
        set = this.all();
      }
      this.cache.set(source, set);
    }
    return set;
  }

  private all(): Set<number> {
    return new Set(this.sample.map((_, i) => i));
  }
}

function union(sets: Set<number>[]): Set<number> {
  const out = new Set<number>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
}

/** A lenient recursive-descent parser of JavaScript regex syntax (the pattern is known to compile). */
export function parsePattern(pattern: string, flags: string): Node[] {
  const unicode = flags.includes('u') || flags.includes('v');
  const sets = flags.includes('v');
  let i = 0;

  const alternatives = (): Node[][] => {
    const out: Node[][] = [sequence()];
    while (pattern[i] === '|') {
      i++;
      out.push(sequence());
    }
    return out;
  };

  const sequence = (): Node[] => {
    const seq: Node[] = [];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const start = i;
      const node = atom();
      seq.push(quantified(node, start));
    }
    return seq;
  };

  const quantified = (node: Node, start: number): Node => {
    const rest = pattern.slice(i);
    let min: number;
    let max: number;
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (rest[0] === '*') [min, max] = [0, Infinity];
    else if (rest[0] === '+') [min, max] = [1, Infinity];
    else if (rest[0] === '?') [min, max] = [0, 1];
    else if (braces) {
      min = Number(braces[1]);
      max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
    } else return node;
    i += braces ? braces[0].length : 1;
    if (pattern[i] === '?') i++; // lazy: the same paths, tried in another order
    return quantified({ type: 'repeat', min, max, child: node, source: pattern.slice(start, i) }, start);
  };

  const atom = (): Node => {
    const start = i;
    const ch = pattern[i]!;
    if (ch === '(') {
      i++;
      let look = false;
      if (pattern.startsWith('?:', i)) i += 2;
      else if (/^\?<?[=!]/.test(pattern.slice(i))) {
        look = true;
        i += pattern[i + 1] === '<' ? 3 : 2;
      } else if (pattern.startsWith('?<', i)) i = pattern.indexOf('>', i) + 1;
      const alts = alternatives();
      if (pattern[i] === ')') i++;
      return { type: 'group', look, alternatives: alts, source: pattern.slice(start, i) };
    }
    if (ch === '[') {
      i = classEnd(pattern, i, sets);
      return { type: 'char', source: pattern.slice(start, i) };
    }
    if (ch === '^' || ch === '$') {
      i++;
      return { type: 'assert' };
    }
    if (ch === '\\') return escape();
    i += unicode && ch.codePointAt(0)! > 0xffff ? 2 : 1;
    return { type: 'char', source: pattern.slice(start, i) };
  };

  const escape = (): Node => {
    const start = i;
    const next = pattern[i + 1] ?? '';
    if (next === 'b' || next === 'B') {
      i += 2;
      return { type: 'assert' };
    }
    if (/[1-9]/.test(next)) {
      i += 1 + /^\d+/.exec(pattern.slice(i + 1))![0].length;
      return { type: 'backref' };
    }
    if (next === 'k' && pattern[i + 2] === '<') {
      i = pattern.indexOf('>', i) + 1;
      return { type: 'backref' };
    }
    const long = /^\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[pP]\{[^}]*\}|0\d{0,2})/.exec(
      pattern.slice(i),
    );
    i += long ? long[0].length : 2;
    return { type: 'char', source: pattern.slice(start, i) };
  };

  const tree = alternatives();
  // a stray `)` cannot compile, but stay total: read the rest as a sequence of its own
  while (i < pattern.length) {
    i++;
    tree.push(...alternatives());
  }
  return tree.length === 1 ? tree[0]! : [{ type: 'group', look: false, alternatives: tree, source: pattern }];
}

/** End (exclusive) of a character class starting at `start`; with the v flag classes nest. */
function classEnd(pattern: string, start: number, nested: boolean): number {
  let depth = 0;
  for (let j = start; j < pattern.length; j++) {
    const c = pattern[j];
    if (c === '\\') j++;
    else if (c === '[' && (j === start || nested)) depth++;
    else if (c === ']' && --depth === 0) return j + 1; // JavaScript's `[]` is a (empty) class: the first `]` closes
  }
  return pattern.length;
}
