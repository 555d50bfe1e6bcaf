/**
 * Which of the dialogues found a run executes: `--grep` / `--grep-invert` over the full title,
 * `--tag` (repeatable; `!tag` excludes), `--last-failed` (ids from the previous run), then
 * `--shard`. Filters apply before sharding, so every worker shards the same selection.
 */
import { inShard, type Shard } from './shard.js';
import { planFingerprint } from './plan-fingerprint.js';

export interface Selection {
  /** A regular expression (`/p/flags` or bare, then case-insensitive) the full title must match. */
  grep?: string;
  /** …and must not match. */
  grepInvert?: string;
  /** `tag` keeps dialogues with any such tag; `!tag` drops dialogues with that tag. */
  tags?: string[];
  /** Only these dialogue ids (`--last-failed`). */
  only?: ReadonlySet<string>;
  /** `only: true` in a spec is an error (`--forbid-only`, on when CI is set) instead of a focus. */
  forbidOnly?: boolean;
  shard?: Shard;
}

export interface Selectable {
  id: string;
  file: string;
  tags: readonly string[];
  steps: number;
  /** Marked `only: true`: when any is, the others are not selected. */
  only?: true;
}

/** A mistake in a selection flag; the message is meant for the user. */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

/** What the grep patterns match: `file › suite › name @tag…`, as Playwright greps full titles. */
export function fullTitle(d: Pick<Selectable, 'id' | 'file' | 'tags'>): string {
  return [`${d.file} › ${d.id}`, ...d.tags.map((t) => `@${t}`)].join(' ');
}

export function compilePattern(flag: string, text: string): RegExp {
  const literal = /^\/(.*)\/([a-z]*)$/s.exec(text);
  try {
    return literal ? new RegExp(literal[1]!, literal[2]!.replace('g', '')) : new RegExp(text, 'i');
  } catch (error) {
    throw new SelectionError(
      `${flag} "${text}" is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
    );
  }
}

/** The filters (everything but the shard) as one predicate. */
export function selectionFilter(selection: Selection): (d: Selectable) => boolean {
  const grep = selection.grep !== undefined ? compilePattern('--grep', selection.grep) : undefined;
  const invert = selection.grepInvert !== undefined ? compilePattern('--grep-invert', selection.grepInvert) : undefined;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const raw of selection.tags ?? []) {
    const tag = raw.trim();
    const negated = tag.startsWith('!');
    const name = negated ? tag.slice(1).trim() : tag;
    if (name === '') throw new SelectionError(`--tag "${raw}" names no tag`);
    (negated ? exclude : include).push(name);
  }
  const only = selection.only;
  return (d) => {
    if (only && !only.has(d.id)) return false;
    if (include.length > 0 && !include.some((t) => d.tags.includes(t))) return false;
    if (exclude.some((t) => d.tags.includes(t))) return false;
    if (grep || invert) {
      const title = fullTitle(d);
      if (grep && !grep.test(title)) return false;
      if (invert && invert.test(title)) return false;
    }
    return true;
  };
}

export interface SelectionOutcome {
  /** Aligned with the input: true for the dialogues this run (this shard) executes. */
  selected: boolean[];
  /** How many passed the filters, before sharding. */
  matched: number;
  /** The fingerprint of what passed the filters, before sharding (plan-fingerprint.ts). */
  fingerprint: string;
}

export function selectDialogues(items: readonly Selectable[], selection: Selection): SelectionOutcome {
  const keep = selectionFilter(selection);
  // `only:` narrows before the flags do, as Playwright's test.only does: the others are not selected
  const focused = items.some((d) => d.only);
  const filtered = items.map((d) => (!focused || d.only === true) && keep(d));
  const matchedItems = items.filter((_, i) => filtered[i]);
  const fingerprint = planFingerprint(matchedItems);
  if (!selection.shard) return { selected: filtered, matched: matchedItems.length, fingerprint };
  const mine = inShard(matchedItems, selection.shard);
  let next = 0;
  return { selected: filtered.map((f) => (f ? mine[next++]! : false)), matched: matchedItems.length, fingerprint };
}

/** `only: true` found with `--forbid-only`: a usage error naming each place, for CI to stop on. */
export class ForbiddenOnlyError extends SelectionError {
  constructor(places: readonly string[]) {
    super(
      '`only: true` is not allowed (--forbid-only, on by default when CI is set): ' +
        'a committed `only` quietly drops every other dialogue from the run. ' +
        `Remove it, or pass --no-forbid-only:\n${places.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'ForbiddenOnlyError';
  }
}

/** Why a selection came out empty, for the message: the tags that exist when a --tag matched none. */
export function explainEmptySelection(all: readonly Selectable[], selection: Selection): string {
  const focused = all.filter((d) => d.only);
  const items = focused.length > 0 ? focused : all;
  const wanted = (selection.tags ?? []).filter((t) => !t.trim().startsWith('!')).map((t) => t.trim());
  const known = [...new Set(items.flatMap((d) => d.tags))].sort();
  const unknown = wanted.filter((t) => !known.includes(t));
  const parts: string[] = [];
  if (unknown.length > 0)
    parts.push(
      `no dialogue is tagged ${unknown.map((t) => `\`${t}\``).join(', ')}${known.length ? ` (tags in use: ${known.join(', ')})` : ' (no dialogue has tags)'}`,
    );
  const flags = [
    selection.grep !== undefined && `--grep ${selection.grep}`,
    selection.grepInvert !== undefined && `--grep-invert ${selection.grepInvert}`,
    (selection.tags?.length ?? 0) > 0 && `--tag ${selection.tags!.join(' --tag ')}`,
    selection.only && '--last-failed',
  ].filter(Boolean);
  const found = focused.length > 0 ? `marked \`only\`` : 'found';
  if (parts.length === 0 && flags.length > 0)
    parts.push(`none of the ${items.length} dialogues ${found} matches ${flags.join(' ')}`);
  return parts.join('; ');
}
