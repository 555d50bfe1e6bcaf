/**
 * Spec files → Suites. Every problem in every file is collected (YAML syntax, unknown keys with a
 * "did you mean", two actions in a step, bad regexes, duplicate dialogue names) and thrown together
 * as one InputError, so an author fixes them in one pass and nothing runs on a broken spec.
 */
import { readNamedFile } from './named-file.js';
import { keepWrittenScalars } from '../yaml/written-scalars.js';
import { dirname, resolve } from 'node:path';
import { InputError, type Problem } from '../diagnostics/problem.js';
import { issueToProblem, validateAgainst, type SchemaIssue } from '../yaml/schema-dsl.js';
import { specDefinitions, specRoot } from './spec-schema.js';
import { parseYamlSource, type YamlParse, type YamlSource } from '../yaml/yaml-source.js';
import { parseFastSource } from '../yaml/fast-yaml-source.js';
import { readSpecText } from '../yaml/read-source-text.js';
import { discoverFiles, displayPath, isBotDefinition } from '../yaml/discover.js';
import { buildSuite, type Attachment, type BuildContext } from './build-suite.js';
import { envOptions, type EnvOptions } from './interpolate.js';
import type { Suite } from './types.js';

export interface LoadedSpecs {
  suites: Suite[];
  /** Source text by display path, for rendering positions later. */
  sources: Map<string, string>;
  /** Bot definitions met while searching folders (display paths): not suites, but coverage and validate use them. */
  botFiles: string[];
  /** `${env.NAME}` references left unset (only with `missingEnv: 'keep'`). */
  unsetEnv: string[];
}

export interface LoadOptions extends EnvOptions {
  /**
   * Hands each suite over as soon as it is built, instead of keeping it: a run of 100,000 dialogues
   * then never holds every suite at once. `suites` comes back empty, and `sources` keeps only the
   * files that have problems (what InputError renders).
   */
  onSuite?: (suite: Suite) => void;
  /** Parse with the positioned `yaml` package alone (how loading worked before the fast parser; tests compare the two). */
  positionedOnly?: boolean;
}

/** Loads every spec under `paths` (files, or folders searched for *.yaml / *.yml). Throws InputError. */
export async function loadSpecs(paths: string[], cwd = process.cwd(), options: LoadOptions = {}): Promise<LoadedSpecs> {
  const files = await discoverFiles(paths, cwd);
  const problems: Problem[] = [];
  const sources = new Map<string, string>();
  const suites: Suite[] = [];
  const botFiles: string[] = [];
  const unsetEnv = new Set<string>();
  const env = envOptions(options);
  // a YAML phrasing file beside the specs is found too: its problems as a spec wait until the end,
  // and are dropped if some spec names it in `utterances:`
  const referenced = new Set<string>();
  const deferred = new Map<string, Problem[]>();
  for (const file of files) {
    const shown = displayPath(file.path, cwd);
    let text: string;
    try {
      const read = await readSpecText(file.path, shown);
      if (!read.ok) {
        problems.push(read.problem);
        continue;
      }
      text = read.text;
    } catch (error) {
      problems.push({ file: shown, line: 1, column: 1, code: 'unreadable', message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    sources.set(shown, text);
    const parsed: YamlParse & { fast?: boolean } = options.positionedOnly ? parseYamlSource(shown, text) : parseSpecText(shown, text);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    // found by searching a folder, a bot definition sits beside the specs: it is not a suite
    if (file.discovered && isBotDefinition(parsed.source.value)) {
      botFiles.push(shown);
      continue;
    }
    const attachments = await readAttachments(parsed.source.value, dirname(file.path), cwd);
    for (const a of attachments.values()) referenced.add(a.absolute);
    const context: SpecContext = { ...env, unsetEnv, attachments, sources };
    let result = specFromSource(parsed.source, context);
    // problems are rendered from the positioned parser alone: the same messages, spans and order as ever
    if (!result.ok && parsed.fast) {
      const slow = parseYamlSource(shown, text);
      result = slow.ok ? specFromSource(slow.source, context) : { ok: false, problems: slow.problems };
    }
    if (!result.ok) {
      if (file.discovered) deferred.set(file.path, result.problems);
      else problems.push(...result.problems);
    } else if (!options.onSuite) suites.push(result.suite);
    else {
      options.onSuite(result.suite);
      sources.delete(shown);
    }
  }
  for (const [path, found] of deferred) if (!referenced.has(path)) problems.push(...found);
  if (problems.length > 0) throw new InputError(problems, sources);
  return { suites, sources, botFiles, unsetEnv: [...unsetEnv].sort() };
}

/**
 * A spec file's text → its value and positions: the fast parser when the file is in what it
 * places exactly, else the positioned `yaml` package (which also says what is wrong).
 */
export function parseSpecText(shown: string, text: string): YamlParse & { fast?: boolean } {
  const fast = parseFastSource(shown, text, () => {
    const slow = parseYamlSource(shown, text);
    return slow.ok ? slow.source : undefined;
  });
  return fast ? { ok: true, source: fast, fast: true } : parseYamlSource(shown, text);
}

/** The utterance files a spec names (`utterances:` steps), read ahead so building stays free of I/O. */
export async function readAttachments(value: unknown, specDir: string, cwd: string): Promise<Map<string, Attachment>> {
  const names = new Set<string>();
  const dialogues = (value as { dialogues?: unknown } | null)?.dialogues;
  for (const d of Array.isArray(dialogues) ? dialogues : []) {
    const steps = (d as { steps?: unknown } | null)?.steps;
    for (const s of Array.isArray(steps) ? steps : []) {
      const ref = (s as { utterances?: unknown } | null)?.utterances;
      const file = typeof ref === 'string' ? ref : (ref as { file?: unknown } | null)?.file;
      if (typeof file === 'string' && file !== '') names.add(file);
    }
  }
  const out = new Map<string, Attachment>();
  for (const name of names) {
    const absolute = resolve(specDir, name);
    const shown = displayPath(absolute, cwd);
    const read = await readNamedFile(absolute, shown, [cwd, specDir]);
    out.set(name, read.ok ? { ok: true, shown, absolute, bytes: read.bytes } : { ok: false, shown, absolute, message: read.message });
  }
  return out;
}

export type SpecResult = { ok: true; suite: Suite } | { ok: false; problems: Problem[] };

export interface SpecContext extends EnvOptions {
  unsetEnv?: Set<string>;
  attachments?: ReadonlyMap<string, Attachment>;
  /** Receives the texts of utterance files, for rendering positions in them. */
  sources?: Map<string, string>;
  /**
   * `validate`: when the schema refuses some dialogues, still check the others semantically
   * (variables, regexes, phrasing files), so one pass lists every problem of the file.
   */
  allProblems?: boolean;
}

/** Validates and converts one parsed spec file. */
export function specFromSource(source: YamlSource, context: SpecContext = {}): SpecResult {
  // `send: 007` sends "007": texts are read as written, before the schema sees them
  keepWrittenScalars(source);
  const issues = validateAgainst(source.value, specRoot, specDefinitions);
  const refused = issues.length > 0 ? refusedDialogues(issues) : new Set<number>();
  if (issues.length > 0 && (!context.allProblems || !refused)) return { ok: false, problems: issues.map((i) => issueToProblem(source, i)) };
  const semantic: SchemaIssue[] = [];
  const ctx: BuildContext = {
    env: envOptions(context),
    unsetEnv: context.unsetEnv ?? new Set(),
    attachments: context.attachments ?? new Map(),
    problems: [],
    sources: context.sources ?? new Map(),
    ...(refused && refused.size > 0 ? { skip: refused } : {}),
  };
  const suite = buildSuite(source, semantic, ctx);
  const problems = [...semantic.map((i) => issueToProblem(source, i)), ...ctx.problems];
  if (issues.length > 0) return { ok: false, problems: inFileOrder([...issues.map((i) => issueToProblem(source, i)), ...problems], source.file) };
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, suite };
}

/** The dialogues schema issues lie in; undefined when one lies outside every dialogue (nothing can be built). */
function refusedDialogues(issues: SchemaIssue[]): Set<number> | undefined {
  const refused = new Set<number>();
  for (const { path } of issues) {
    if (path[0] !== 'dialogues' || typeof path[1] !== 'number') return undefined;
    refused.add(path[1]);
  }
  return refused;
}

/** This file's problems by position (a phrasing file's after them, as found): one list, read top to bottom. */
function inFileOrder(problems: Problem[], file: string): Problem[] {
  const here = problems.filter((p) => p.file === file).sort((a, b) => a.line - b.line || a.column - b.column);
  return [...here, ...problems.filter((p) => p.file !== file)];
}
