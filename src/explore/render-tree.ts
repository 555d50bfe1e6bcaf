/**
 * The explored tree for people: an indented outline (console and Markdown share it, HTML escapes
 * it), then the lists a reviewer looks for — scenarios reached, dead ends, loops, buttons that
 * errored, NOANSWER replies, what the limits left unpressed. Pure: tree in, text out.
 */
import { escapeHtml } from '../render/html-escape.js';
import {
  deadEnds,
  isNoAnswer,
  scenariosReached,
  type ExploreEdge,
  type ExploreState,
  type ExploreTree,
} from './tree.js';

const SNIPPET = 50;

function snippet(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > SNIPPET ? `${line.slice(0, SNIPPET - 1)}…` : line;
}

function describeState(s: ExploreState): string {
  const scenario = s.scenarioName ? s.scenarioName : '(no scenario)';
  const types = s.chatTypes.length ? ` ${s.chatTypes.join(',')}` : '';
  const text = snippet(s.text);
  return `${s.id} ${scenario}${types}${text ? ` "${text}"` : ''}`;
}

/** The outline, one line per pressed path and recorded button. */
export function treeLines(tree: ExploreTree): string[] {
  const states = new Map(tree.states.map((s) => [s.id, s]));
  const children = new Map<string | null, ExploreEdge[]>();
  for (const e of tree.edges) children.set(e.from, [...(children.get(e.from) ?? []), e]);
  const lines: string[] = [];
  const walk = (from: string | null, indent: string) => {
    const state = from === null ? undefined : states.get(from);
    const items: string[] = [];
    const below: Array<string | null> = [];
    for (const e of children.get(from) ?? []) {
      const label = `[${e.label}]`;
      switch (e.outcome) {
        case 'new':
          items.push(
            `${label} → ${describeState(states.get(e.to)!)}${states.get(e.to)?.depthLimited ? '  (not pressed further: --depth)' : ''}`,
          );
          below.push(e.to);
          break;
        case 'known':
          items.push(`${label} ${e.loop ? '↺' : '→'} ${e.to} (${e.loop ? 'loop' : 'state seen before'})`);
          below.push(null);
          break;
        case 'errored':
          items.push(`${label} ✗ error: ${e.cause}`);
          below.push(null);
          break;
        case 'not-run':
          items.push(`${label} … not pressed: ${e.reason}`);
          below.push(null);
          break;
      }
    }
    for (const r of state?.recorded ?? []) {
      items.push(`(${r.kind}) ${r.title || '(untitled)'}${r.target ? ` ${r.target}` : ''}  — recorded, not pressed`);
      below.push(null);
    }
    items.forEach((text, i) => {
      const last = i === items.length - 1;
      lines.push(`${indent}${last ? '└─ ' : '├─ '}${text}`);
      const next = below[i];
      if (next) walk(next, `${indent}${last ? '   ' : '│  '}`);
    });
  };
  walk(null, '');
  return lines;
}

interface Section {
  title: string;
  items: string[];
}

export function treeSections(tree: ExploreTree): Section[] {
  const errored = tree.edges.filter((e): e is Extract<ExploreEdge, { outcome: 'errored' }> => e.outcome === 'errored');
  const loops = tree.edges.filter(
    (e): e is Extract<ExploreEdge, { outcome: 'known' }> => e.outcome === 'known' && e.loop,
  );
  const notRun = tree.edges.filter((e): e is Extract<ExploreEdge, { outcome: 'not-run' }> => e.outcome === 'not-run');
  const pathText = (e: ExploreEdge) =>
    e.path.map((s) => (s.kind === 'click' ? s.title : s.kind === 'send' ? `send "${s.text}"` : s.kind)).join(' › ');
  return [
    { title: 'Scenarios reached', items: scenariosReached(tree).map((s) => s.name) },
    { title: 'Dead ends', items: deadEnds(tree).map(describeState) },
    { title: 'Loops', items: loops.map((e) => `${pathText(e)} ↺ ${e.to}`) },
    { title: 'Buttons that errored', items: errored.map((e) => `${pathText(e)}: ${e.cause}`) },
    { title: 'NOANSWER replies', items: tree.states.filter(isNoAnswer).map(describeState) },
    {
      title: 'Not pressed (limits, interruption)',
      items: [
        ...notRun.map((e) => `${pathText(e)}: ${e.reason}`),
        ...tree.states
          .filter((s) => s.depthLimited)
          .map((s) => `buttons of ${s.id}: --depth ${tree.limits.depth} reached`),
      ],
    },
  ];
}

export function summaryLine(tree: ExploreTree): string {
  const scenarios = scenariosReached(tree).length;
  const errored = tree.edges.filter((e) => e.outcome === 'errored').length;
  return `${tree.states.length} state${tree.states.length === 1 ? '' : 's'}, ${scenarios} scenario${scenarios === 1 ? '' : 's'}, ${tree.dialogues} path${tree.dialogues === 1 ? '' : 's'} pressed (${tree.requests} requests)${errored ? `, ${errored} errored` : ''}${tree.interrupted ? ' — interrupted' : tree.complete ? '' : ' — stopped at a limit'}`;
}

export function renderTreeText(tree: ExploreTree): string {
  const out = [`Explored ${tree.target}: ${summaryLine(tree)}`, ...treeLines(tree)];
  for (const s of treeSections(tree))
    if (s.items.length) out.push('', `${s.title} (${s.items.length}):`, ...s.items.map((i) => `  ${i}`));
  return `${out.join('\n')}\n`;
}

export function renderTreeMarkdown(tree: ExploreTree): string {
  const fence = '````';
  const out = ['# Explored bot', '', `${tree.target}: ${summaryLine(tree)}`, '', fence, ...treeLines(tree), fence];
  for (const s of treeSections(tree))
    out.push(
      '',
      `## ${s.title} (${s.items.length})`,
      '',
      ...(s.items.length ? s.items.map((i) => `- ${i.replace(/[\\`*_[\]<>|]/g, '\\$&')}`) : ['none']),
    );
  return `${out.join('\n')}\n`;
}

export function renderTreeHtml(tree: ExploreTree): string {
  const sections = treeSections(tree)
    .map(
      (s) =>
        `<h2>${escapeHtml(s.title)} (${s.items.length})</h2>\n${s.items.length ? `<ul>${s.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '<p>none</p>'}`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Explored bot</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}pre{background:#f6f8fa;padding:1em;overflow:auto;line-height:1.4}</style>
</head><body>
<h1>Explored bot</h1>
<p>${escapeHtml(`${tree.target}: ${summaryLine(tree)}`)}</p>
<pre>${escapeHtml(treeLines(tree).join('\n'))}</pre>
${sections}
</body></html>
`;
}
