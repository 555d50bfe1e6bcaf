/**
 * Spec files → Suites. Every problem in every file is collected (YAML syntax, unknown keys with a
 * "did you mean", two actions in a step, bad regexes, duplicate dialogue names) and thrown together
 * as one InputError, so an author fixes them in one pass and nothing runs on a broken spec.
 */
import { readFile } from 'node:fs/promises';
import { InputError, type Problem, type SourcePos } from './problem.js';
import { validateAgainst, type SchemaIssue } from './schema-dsl.js';
import { specDefinitions, specRoot } from './spec-schema.js';
import { toNumberMatcher, toTextMatcher } from './matcher-syntax.js';
import { parseYamlSource, type Path, type YamlSource } from './yaml-source.js';
import { discoverFiles, displayPath } from './discover.js';
import type { Action, Dialogue, ExpectField, Expectations, Step, Suite } from './types.js';

export interface LoadedSpecs {
  suites: Suite[];
  /** Source text by display path, for rendering positions later. */
  sources: Map<string, string>;
}

/** Loads every spec under `paths` (files, or folders searched for *.yaml / *.yml). Throws InputError. */
export async function loadSpecs(paths: string[], cwd = process.cwd()): Promise<LoadedSpecs> {
  const files = await discoverFiles(paths, cwd);
  const problems: Problem[] = [];
  const sources = new Map<string, string>();
  const suites: Suite[] = [];
  for (const file of files) {
    const shown = displayPath(file.path, cwd);
    let text: string;
    try {
      text = await readFile(file.path, 'utf8');
    } catch (error) {
      problems.push({ file: shown, line: 1, column: 1, code: 'unreadable', message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    sources.set(shown, text);
    const parsed = parseYamlSource(shown, text);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    // found by searching a folder, a bot definition sits beside the specs: it is not a suite
    if (file.discovered && isBotDefinition(parsed.source.value)) continue;
    const result = specFromSource(parsed.source);
    if (result.ok) suites.push(result.suite);
    else problems.push(...result.problems);
  }
  if (problems.length > 0) throw new InputError(problems, sources);
  return { suites, sources };
}

function isBotDefinition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return !('dialogues' in value) && ('scenarios' in value || 'welcome' in value);
}

export type SpecResult = { ok: true; suite: Suite } | { ok: false; problems: Problem[] };

/** Validates and converts one parsed spec file. */
export function specFromSource(source: YamlSource): SpecResult {
  const issues = validateAgainst(source.value, specRoot, specDefinitions);
  if (issues.length > 0) return { ok: false, problems: issues.map((i) => issueToProblem(source, i)) };
  const semantic: SchemaIssue[] = [];
  const suite = toSuite(source, semantic);
  if (semantic.length > 0) return { ok: false, problems: semantic.map((i) => issueToProblem(source, i)) };
  return { ok: true, suite };
}

export function issueToProblem(source: YamlSource, issue: SchemaIssue): Problem {
  const pos = source.locate(issue.path, { key: issue.atKey === true });
  return { ...pos, code: issue.code, message: issue.message, ...(issue.hint ? { hint: issue.hint } : {}) };
}

interface RawSuite {
  suite?: string;
  tags?: string[];
  timeoutMs?: number;
  dialogues: RawDialogue[];
}
interface RawDialogue {
  name: string;
  tags?: string[];
  skip?: boolean | string;
  timeoutMs?: number;
  steps: Array<Record<string, unknown>>;
}

function toSuite(source: YamlSource, issues: SchemaIssue[]): Suite {
  const raw = source.value as RawSuite;
  const name = raw.suite ?? source.file;
  const suiteTags = raw.tags ?? [];
  const seen = new Map<string, number>();
  const dialogues = raw.dialogues.map((d, i): Dialogue => {
    const path: Path = ['dialogues', i];
    const first = seen.get(d.name);
    if (first !== undefined) {
      issues.push({ path: [...path, 'name'], code: 'duplicate-name', message: `dialogue name \`${d.name}\` is used twice in this suite (first at dialogue ${first + 1})`, hint: 'reports and baselines know a dialogue by its name: make it unique' });
    } else {
      seen.set(d.name, i);
    }
    const dialogue: Dialogue = {
      suite: name,
      file: source.file,
      name: d.name,
      tags: unique([...suiteTags, ...(d.tags ?? [])]),
      steps: d.steps.map((s, j) => toStep(source, s, [...path, 'steps', j], j + 1, issues)),
      pos: pos(source, path),
    };
    if (d.skip !== undefined && d.skip !== false) dialogue.skip = d.skip === true ? '' : d.skip;
    const timeout = d.timeoutMs ?? raw.timeoutMs;
    if (timeout !== undefined) dialogue.timeoutMs = timeout;
    return dialogue;
  });
  return { file: source.file, name, tags: suiteTags, dialogues, pos: pos(source, []) };
}

function toStep(source: YamlSource, raw: Record<string, unknown>, path: Path, index: number, issues: SchemaIssue[]): Step {
  let action: Action;
  if ('open' in raw) action = typeof raw.open === 'string' ? { kind: 'open', text: raw.open } : { kind: 'open' };
  else if ('send' in raw) action = { kind: 'send', text: String(raw.send) };
  else if ('click' in raw) action = { kind: 'click', button: toTextMatcher(raw.click) };
  else action = { kind: 'getPersistentMenu' };

  const step: Step = { index, action, expect: {}, expectPos: {}, pos: pos(source, path) };
  if (typeof raw.name === 'string') step.name = raw.name;
  if (typeof raw.timeoutMs === 'number') step.timeoutMs = raw.timeoutMs;
  const expect = raw.expect as Record<string, unknown> | undefined;
  if (expect) {
    step.expect = toExpectations(expect);
    for (const key of Object.keys(expect) as ExpectField[]) step.expectPos[key] = pos(source, [...path, 'expect', key], true);
  }
  return step;
}

function toExpectations(raw: Record<string, unknown>): Expectations {
  const out: Expectations = {};
  const text = (key: 'scenarioName' | 'chatType' | 'description') => {
    if (raw[key] !== undefined) out[key] = toTextMatcher(raw[key]);
  };
  const lists = (key: 'buttons' | 'quickButtons' | 'persistentMenu' | 'components' | 'entities' | 'keywords') => {
    const value = raw[key] as unknown[] | undefined;
    if (value !== undefined) out[key] = value.map(toTextMatcher);
  };
  text('scenarioName');
  text('chatType');
  text('description');
  lists('buttons');
  lists('quickButtons');
  lists('persistentMenu');
  lists('components');
  lists('entities');
  lists('keywords');
  if (raw.information !== undefined) {
    const info: Record<string, ReturnType<typeof toTextMatcher>> = {};
    for (const [key, value] of Object.entries(raw.information as Record<string, unknown>)) info[key] = toTextMatcher(value);
    out.information = info;
  }
  if (raw.score !== undefined) out.score = toNumberMatcher(raw.score);
  if (raw.latencyMs !== undefined) out.latencyMs = toNumberMatcher(raw.latencyMs);
  return out;
}

function pos(source: YamlSource, path: Path, key = false): SourcePos {
  const { file, line, column } = source.locate(path, { key });
  return { file, line, column };
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
