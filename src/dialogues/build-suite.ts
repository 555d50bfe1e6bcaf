/**
 * A validated spec value → a Suite: steps typed, variables resolved, captures checked against the
 * order of steps, data-driven dialogues expanded into one variant per phrasing. Problems are
 * collected as schema issues (positions in the spec) or problems (positions in utterance files).
 */
import type { Problem } from '../diagnostics/problem.js';
import type { SchemaIssue } from '../yaml/schema-dsl.js';
import { toTextMatcher } from './matcher-syntax.js';
import type { Path, YamlSource } from '../yaml/yaml-source.js';
import { resolveStep, resolveText, resolveVars, type EnvOptions, type VarScope } from './interpolate.js';
import { checkPhrasings, readPhrasingFile, type Phrasing, type PhrasingFileRef } from './phrasings.js';
import { escapeTemplateText } from './variables.js';
import type { Action, Capture, CaptureSource, Dialogue, ExpectField, Step, Suite } from './types.js';
import { pos, toBubbles, toExpectations, toJson } from './expect-syntax.js';

/** An utterance file named by a spec, read before building (the build itself does no I/O). */
export type Attachment =
  | { ok: true; shown: string; absolute: string; bytes: Buffer }
  | { ok: false; shown: string; absolute: string; message: string };

export interface BuildContext {
  env: Required<EnvOptions>;
  unsetEnv: Set<string>;
  /** By the file name as the spec writes it. */
  attachments: ReadonlyMap<string, Attachment>;
  /** Problems found in utterance files, and those files' texts for rendering. */
  problems: Problem[];
  sources: Map<string, string>;
  /** Dialogues (by index) the schema refused: not built, so the others' problems can still be found. */
  skip?: ReadonlySet<number>;
  /** Dialogue names met so far in this file, when it is built a part at a time (load-parts.ts). */
  seen?: Map<string, number>;
}

interface RawSuite {
  suite?: string;
  tags?: string[];
  timeoutMs?: number;
  only?: boolean;
  retries?: number;
  vars?: Record<string, unknown>;
  dialogues: RawDialogue[];
}
interface RawDialogue {
  name: string;
  tags?: string[];
  skip?: boolean | string;
  only?: boolean;
  retries?: number;
  timeoutMs?: number;
  vars?: Record<string, unknown>;
  steps: Array<Record<string, unknown>>;
}
type RawCapture = string | { from: string; regex?: string };

export function buildSuite(source: YamlSource, issues: SchemaIssue[], ctx: BuildContext): Suite {
  const raw = source.value as RawSuite;
  const name = raw.suite ?? source.file;
  const suiteTags = raw.tags ?? [];
  const root: VarScope = {
    vars: new Map(),
    captured: new Map(),
    capturedLater: new Map(),
    env: ctx.env,
    unsetEnv: ctx.unsetEnv,
  };
  const suiteScope: VarScope = { ...root, vars: resolveVars(raw.vars, root, ['vars'], issues) };
  const seen = ctx.seen ?? new Map<string, number>();
  const dialogues = raw.dialogues.flatMap((d, i): Dialogue[] => {
    if (ctx.skip?.has(i)) return [];
    const path: Path = ['dialogues', i];
    const first = seen.get(d.name);
    if (first !== undefined) {
      issues.push({
        path: [...path, 'name'],
        code: 'duplicate-name',
        message: `dialogue name \`${d.name}\` is used twice in this suite (first at dialogue ${first + 1})`,
        hint: 'reports and baselines know a dialogue by its name: make it unique',
      });
    } else {
      seen.set(d.name, i);
    }
    const scope: VarScope = { ...suiteScope, vars: resolveVars(d.vars, suiteScope, [...path, 'vars'], issues) };
    const built = buildSteps(source, d, path, scope, issues, ctx);
    const dialogue: Dialogue = {
      suite: name,
      file: source.file,
      name: d.name,
      tags: unique([...suiteTags, ...(d.tags ?? [])]),
      steps: built.steps,
      pos: pos(source, path),
    };
    if (d.skip !== undefined && d.skip !== false) dialogue.skip = d.skip === true ? '' : d.skip;
    // `only` on the dialogue wins the position shown by --forbid-only; the suite's covers the rest
    if (d.only === true) dialogue.only = pos(source, [...path, 'only'], true);
    else if (raw.only === true) dialogue.only = pos(source, ['only'], true);
    const retries = d.retries ?? raw.retries;
    if (retries !== undefined) dialogue.retries = retries;
    const timeout = d.timeoutMs ?? raw.timeoutMs;
    if (timeout !== undefined) dialogue.timeoutMs = timeout;
    return built.data ? expand(dialogue, built.data) : [dialogue];
  });
  return { file: source.file, name, tags: suiteTags, dialogues, pos: pos(source, []) };
}

interface DataStep {
  index: number;
  phrasings: Phrasing[];
}

function buildSteps(
  source: YamlSource,
  d: RawDialogue,
  path: Path,
  scope: VarScope,
  issues: SchemaIssue[],
  ctx: BuildContext,
): { steps: Step[]; data?: DataStep } {
  // which step captures each name, so a use can be told "not yet" rather than "unknown"
  const capturedAt = new Map<string, number>();
  d.steps.forEach((s, j) => {
    for (const key of Object.keys((s.capture as Record<string, unknown> | undefined) ?? {}))
      if (!capturedAt.has(key)) capturedAt.set(key, j + 1);
  });
  let data: DataStep | undefined;
  const steps = d.steps.map((raw, j) => {
    const stepPath: Path = [...path, 'steps', j];
    const index = j + 1;
    const captured = new Map([...capturedAt].filter(([, at]) => at < index));
    const stepScope: VarScope = {
      ...scope,
      captured,
      capturedLater: new Map([...capturedAt].filter(([, at]) => at >= index)),
    };
    const step = toStep(source, raw, stepPath, index, issues);
    resolveStep(step, stepScope, stepPath, issues);
    const captures = toCaptures(source, raw.capture as Record<string, RawCapture> | undefined, stepPath, scope, issues);
    if (captures.length > 0) step.captures = captures;
    const phrasings = dataDriven(source, raw, stepPath, stepScope, issues, ctx);
    if (phrasings) {
      if (data)
        issues.push({
          path: [...stepPath, 'send' in raw ? 'send' : 'utterances'],
          atKey: true,
          code: 'two-data-steps',
          message: `a dialogue sends one list of phrasings; step ${data.index} already does`,
          hint: 'split this into another dialogue (every combination of two lists would multiply the runs)',
        });
      else data = { index, phrasings };
    }
    return step;
  });
  return data ? { steps, data } : { steps };
}

function toStep(
  source: YamlSource,
  raw: Record<string, unknown>,
  path: Path,
  index: number,
  issues: SchemaIssue[],
): Step {
  let action: Action;
  if ('open' in raw) action = typeof raw.open === 'string' ? { kind: 'open', text: raw.open } : { kind: 'open' };
  else if ('send' in raw) action = { kind: 'send', text: typeof raw.send === 'object' ? '' : String(raw.send) };
  else if ('utterances' in raw) action = { kind: 'send', text: '' };
  else if ('click' in raw) action = { kind: 'click', button: toTextMatcher(raw.click) };
  else action = { kind: 'getPersistentMenu' };

  const step: Step = { index, action, expect: {}, expectPos: {}, pos: pos(source, path) };
  if (typeof raw.name === 'string') step.name = raw.name;
  if (typeof raw.timeoutMs === 'number') step.timeoutMs = raw.timeoutMs;
  const expect = raw.expect as Record<string, unknown> | undefined;
  if (expect) {
    step.expect = toExpectations(expect);
    const expectPath: Path = [...path, 'expect'];
    if (expect.bubbles !== undefined)
      step.expect.bubbles = toBubbles(source, expect.bubbles as Array<Record<string, unknown>>, [
        ...expectPath,
        'bubbles',
      ]);
    if (expect.json !== undefined)
      step.expect.json = toJson(source, expect.json as Record<string, unknown>, [...expectPath, 'json'], issues);
    for (const key of Object.keys(expect) as ExpectField[])
      step.expectPos[key] = pos(source, [...path, 'expect', key], true);
  }
  return step;
}

function toCaptures(
  source: YamlSource,
  raw: Record<string, RawCapture> | undefined,
  path: Path,
  scope: VarScope,
  issues: SchemaIssue[],
): Capture[] {
  return Object.entries(raw ?? {}).map(([name, value]) => {
    const at: Path = [...path, 'capture', name];
    if (scope.vars.has(name))
      issues.push({
        path: at,
        atKey: true,
        code: 'capture-shadows-var',
        message: `\`${name}\` is already a variable (vars)`,
        hint: 'give the capture another name',
      });
    const spec = typeof value === 'string' ? { from: value } : value;
    const capture: Capture = { name, from: spec.from as CaptureSource, pos: pos(source, at, true) };
    if (spec.regex !== undefined) {
      const literal = /^\/(.*)\/([a-z]*)$/s.exec(spec.regex);
      capture.regex = literal ? { pattern: literal[1]!, flags: literal[2]! } : { pattern: spec.regex, flags: '' };
    }
    return capture;
  });
}

/** The phrasings of a data-driven step (`send: {anyOf}` or `utterances:`), or undefined for an ordinary step. */
function dataDriven(
  source: YamlSource,
  raw: Record<string, unknown>,
  path: Path,
  scope: VarScope,
  issues: SchemaIssue[],
  ctx: BuildContext,
): DataStep['phrasings'] | undefined {
  let phrasings: DataStep['phrasings'];
  let where: Path;
  if (typeof raw.send === 'object' && raw.send !== null) {
    where = [...path, 'send'];
    const list = (raw.send as { anyOf: Array<string | number> }).anyOf;
    phrasings = list.map((item, k) => {
      const uses = new Set<string>();
      const at: Path = [...where, 'anyOf', k];
      const text = resolveText(String(item).trim(), scope, 'text', at, issues, uses);
      // a phrasing names its variant before anything runs, so it cannot wait for a reply
      if (uses.size > 0)
        issues.push({
          path: at,
          code: 'capture-in-phrasing',
          message: `a phrasing cannot use \`\${${[...uses][0]}}\`, a value captured while the dialogue runs`,
          hint: 'use vars or ${env.NAME} in phrasings',
        });
      return { text, pos: pos(source, at) };
    });
  } else if (raw.utterances !== undefined) {
    where = [...path, 'utterances'];
    const ref: PhrasingFileRef =
      typeof raw.utterances === 'string' ? { file: raw.utterances } : (raw.utterances as PhrasingFileRef);
    const attachment = ctx.attachments.get(ref.file);
    if (!attachment || !attachment.ok) {
      issues.push({ path: where, code: 'utterance-file', message: attachment?.message ?? `cannot read ${ref.file}` });
      return [];
    }
    const read = readPhrasingFile(ref, attachment.shown, attachment.bytes);
    if (read.text !== undefined) ctx.sources.set(attachment.shown, read.text);
    ctx.problems.push(...read.problems);
    if (read.problems.length > 0) return [];
    // phrasings from a file are data: a `${` in them is sent as written
    phrasings = read.phrasings;
  } else {
    return undefined;
  }
  ctx.problems.push(...checkPhrasings(phrasings, pos(source, where)));
  return phrasings;
}

/** One dialogue per phrasing: the data step sends it; a phrasing's own scenario replaces the step's. */
function expand(dialogue: Dialogue, data: DataStep): Dialogue[] {
  return data.phrasings.map((p, k) => {
    const steps = dialogue.steps.map((s) => {
      if (s.index !== data.index) return s;
      // a step bound again at run time holds its texts in template form
      const text = s.uses ? escapeTemplateText(p.text) : p.text;
      const step: Step = {
        ...s,
        action: { kind: 'send', text },
        expect: { ...s.expect },
        expectPos: { ...s.expectPos },
      };
      if (p.scenario !== undefined) {
        step.expect.scenarioName = { op: 'equals', value: s.uses ? escapeTemplateText(p.scenario) : p.scenario };
        step.expectPos.scenarioName = p.pos;
      }
      return step;
    });
    const expected = steps[data.index - 1]!.expect.scenarioName;
    const expectedScenario = p.scenario ?? (expected?.op === 'equals' ? expected.value : undefined);
    return {
      ...dialogue,
      name: `${dialogue.name} [${p.text}]`,
      steps,
      group: {
        name: dialogue.name,
        variant: p.text,
        index: k + 1,
        size: data.phrasings.length,
        step: data.index,
        ...(expectedScenario !== undefined ? { expectedScenario } : {}),
      },
    };
  });
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
