/**
 * Regex literals in YAML flow collections. Authors write `buttons: [Product A, /Product [BC]/]`,
 * but YAML forbids `[ ] { } ,` in plain scalars inside flow collections, so a strict parser
 * refuses it. When a document fails to parse, `quoteFlowRegexes` single-quotes every `/…/flags`
 * literal standing where a flow item starts; the loader keeps the result only if it then parses
 * cleanly, and maps positions back with `originalOffset`, so messages still point at what the
 * author wrote.
 */

export interface Rewrite {
  text: string;
  /** Offsets in the rewritten text where characters were inserted, with how many, ascending. */
  insertions: Array<{ at: number; count: number }>;
}

// a flow item starts after `[`, `,` or `{`, or after `:` + space inside a flow mapping
const ITEM_START = /[[,{]\s*$|:\s+$/;

export function quoteFlowRegexes(text: string): Rewrite | undefined {
  let out = '';
  let last = 0;
  const insertions: Array<{ at: number; count: number }> = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '/') continue;
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    if (!ITEM_START.test(text.slice(lineStart, i)) || !/[[,{]/.test(text.slice(lineStart, i))) continue;
    const end = literalEnd(text, i);
    if (end === undefined) continue;
    const literal = text.slice(i, end);
    if (!/[[\]{},]/.test(literal)) continue; // plain already parses
    const quoted = `'${literal.replaceAll("'", "''")}'`;
    out += text.slice(last, i) + quoted;
    insertions.push({ at: out.length - quoted.length, count: quoted.length - literal.length });
    last = end;
    i = end - 1;
  }
  if (insertions.length === 0) return undefined;
  return { text: out + text.slice(last), insertions };
}

/** End (exclusive) of a `/…/flags` literal starting at `start` that is followed by `,` `]` or `}`. */
function literalEnd(text: string, start: number): number | undefined {
  for (let j = start + 1; j < text.length && text[j] !== '\n'; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] !== '/') continue;
    const after = /^[a-z]*[ \t]*(?=[,\]}])/.exec(text.slice(j + 1));
    if (after) return j + 1 + after[0].trimEnd().length;
  }
  return undefined;
}

/** Maps an offset in the rewritten text back to the author's text. */
export function originalOffset(rewrite: Rewrite, offset: number): number {
  let shift = 0;
  for (const { at, count } of rewrite.insertions) {
    if (offset <= at) break;
    // inside an inserted quote: point at the literal itself
    shift += Math.min(count, offset - at);
  }
  return offset - shift;
}
