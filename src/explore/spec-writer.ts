/**
 * Crawl walks → spec files. Each leaf path (one no other path extends) becomes a dialogue whose
 * every step's `expect` is pinned by record's own rule (recordedValues), with a comment saying
 * which path and state it came from. Paths an existing suite already walks are left out, and new
 * dialogues are appended after the ones written before: re-running explore never rewrites a line.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { loadSpecs } from '../dialogues/load.js';
import type { Dialogue } from '../dialogues/types.js';
import { exact, recordedValues, type DescriptionPolicy } from '../record/observe.js';
import { valueText } from '../record/yaml-edit.js';
import { pathKey, pathLabel, type Path } from './state.js';
import type { Walk } from './crawl.js';

export interface SuiteFile {
  /** Absolute path. */
  file: string;
  /** The whole new text of the file. */
  text: string;
  /** Dialogues added to it. */
  added: number;
  created: boolean;
}

export interface WriteOptions {
  /** A folder (one file per top-level branch) or a `.yaml`/`.yml` file (everything in one). */
  out: string;
  cwd: string;
  description: DescriptionPolicy;
}

/** Paths that no other walk extends: each one dialogue. */
export function leafWalks(walks: Walk[]): Walk[] {
  const prefixes = new Set<string>();
  for (const w of walks) for (let n = 1; n < w.path.length; n++) prefixes.add(pathKey(w.path.slice(0, n)));
  return walks.filter((w) => !prefixes.has(pathKey(w.path)));
}

/** The paths an existing suite walks, with every prefix of each: a path among them is covered. */
export function coveredPaths(dialogues: Dialogue[]): Set<string> {
  const covered = new Set<string>();
  for (const d of dialogues) {
    const path: Path = [];
    for (const step of d.steps) {
      const a = step.action;
      if (a.kind === 'open' && a.text === undefined) path.push({ kind: 'open' });
      else if (a.kind === 'send') path.push({ kind: 'send', text: a.text });
      else if (a.kind === 'getPersistentMenu') path.push({ kind: 'menu' });
      else if (a.kind === 'click' && a.button.op === 'equals') path.push({ kind: 'click', title: a.button.value });
      else break;
      covered.add(pathKey(path));
    }
  }
  return covered;
}

/** The top-level branch a path belongs to: what it did right after `open`. */
export function branchOf(path: Path): string {
  const first = path.find((s, i) => i > 0 && s.kind !== 'menu');
  if (!first) return path.some((s) => s.kind === 'menu') ? 'menu' : 'welcome';
  return first.kind === 'click' ? first.title : first.kind === 'send' ? first.text : 'welcome';
}

export function slug(text: string): string {
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s || 'branch';
}

export function isSingleFile(out: string): boolean {
  return /\.ya?ml$/i.test(out);
}

/** The files to write: new dialogues grouped by file, appended to what is there. Throws InputError for a broken existing suite. */
export async function planSuiteFiles(walks: Walk[], options: WriteOptions): Promise<SuiteFile[]> {
  const out = resolve(options.cwd, options.out);
  const single = isSingleFile(out);
  const existing = existsSync(out) ? (await loadSpecs([out], options.cwd)).suites.flatMap((s) => s.dialogues) : [];
  const covered = coveredPaths(existing);
  const fresh = leafWalks(walks).filter((w) => !covered.has(pathKey(w.path)));
  const groups = new Map<string, { branch: string; walks: Walk[] }>();
  for (const w of fresh) {
    const branch = branchOf(w.path);
    const file = single ? out : join(out, `${slug(branch)}.yaml`);
    const group = groups.get(file) ?? { branch, walks: [] };
    group.walks.push(w);
    groups.set(file, group);
  }
  const files: SuiteFile[] = [];
  for (const [file, group] of groups) {
    const before = existsSync(file) ? await readFile(file, 'utf8') : undefined;
    const place = before === undefined ? undefined : appendPlace(before);
    const target = before !== undefined && place === undefined ? freeName(file) : file;
    const indent = place?.indent ?? 2;
    const blocks = group.walks.map((w) => dialogueText(w, indent, options.description)).join('');
    if (before !== undefined && place !== undefined) {
      files.push({
        file,
        text: `${before}${before.endsWith('\n') ? '' : '\n'}${blocks.replaceAll('\n', place.eol)}`,
        added: group.walks.length,
        created: false,
      });
    } else {
      files.push({
        file: target,
        text: `${header(single ? 'Explore' : `Explore: ${group.branch}`)}${blocks}`,
        added: group.walks.length,
        created: true,
      });
    }
  }
  return files;
}

function header(suite: string): string {
  return [
    '# Written by `clova-regress explore` (docs/explore.md): each dialogue is one path of clicks from',
    '# the welcome, every reply pinned as `record` pins it. Re-running explore appends new paths only.',
    `suite:${valueText(suite, 0, 2, true)}`,
    'dialogues:',
    '',
  ].join('\n');
}

/**
 * Where new dialogues can go in a file: after its last one, when `dialogues:` is the file's last
 * key and a block list (as explore writes it). Undefined otherwise: they go to a file of their own.
 */
function appendPlace(text: string): { indent: number; eol: string } | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const last = doc.contents.items[doc.contents.items.length - 1];
  const key = last?.key as { value?: unknown } | undefined;
  if (key?.value !== 'dialogues' || !isSeq(last!.value) || last!.value.flow) return undefined;
  const first = last!.value.items[0] as Node | undefined;
  let indent = 2;
  if (first?.range) {
    const start = first.range[0];
    const lineStart = text.lastIndexOf('\n', start) + 1;
    // the item's content starts two columns after its dash
    indent = Math.max(0, start - lineStart - 2);
  }
  return { indent, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function freeName(file: string): string {
  for (let n = 2; ; n++) {
    const candidate = file.replace(/(\.ya?ml)$/i, `-${n}$1`);
    if (!existsSync(candidate)) return candidate;
  }
}

/** One dialogue as YAML, its list item at `indent` columns. */
export function dialogueText(walk: Walk, indent: number, policy: DescriptionPolicy): string {
  const pad = ' '.repeat(indent);
  const item = indent + 2;
  const lines = [
    `${pad}# explore: ${pathLabel(walk.path)} → state ${walk.state}`,
    `${pad}- name:${valueText(dialogueName(walk.path), item, 2, true)}`,
    `${pad}  steps:`,
  ];
  for (const [i, step] of walk.path.entries()) {
    const stepPad = ' '.repeat(item + 2);
    const head =
      step.kind === 'open'
        ? 'open:'
        : step.kind === 'menu'
          ? 'getPersistentMenu:'
          : step.kind === 'send'
            ? `send:${valueText(exact(step.text), item + 4, 2, true)}`
            : `click:${valueText(exact(step.title), item + 4, 2, true)}`;
    lines.push(`${stepPad}- ${head}`);
    const turn = walk.turns[i];
    const values = turn ? recordedValues(turn, policy) : [];
    if (values.length === 0) continue;
    lines.push(`${stepPad}  expect:`);
    for (const { key, value } of values) lines.push(`${stepPad}    ${key}:${valueText(value, item + 6, 2, false)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `Products › Product A`; the welcome alone is `welcome`. */
function dialogueName(path: Path): string {
  const rest = path.slice(1);
  return rest.length === 0
    ? 'welcome'
    : rest.map((s) => (s.kind === 'click' ? s.title : s.kind === 'send' ? `send ${s.text}` : 'menu')).join(' › ');
}
