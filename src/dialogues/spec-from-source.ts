/**
 * One parsed spec file to a Suite: the schema check, then the build (variables, phrasings,
 * regexes), with every problem positioned. Shared by the whole-file and the part-at-a-time loader.
 */
import { resolve } from 'node:path';
import { displayPath } from '../yaml/discover.js';
import type { Problem } from '../diagnostics/problem.js';
import { keepWrittenScalars } from '../yaml/written-scalars.js';
import { issueToProblem, validateAgainst, type SchemaIssue } from '../yaml/schema-dsl.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import { specDefinitions, specRoot } from './spec-schema.js';
import { readNamedFile } from './named-file.js';
import { buildSuite, type Attachment, type BuildContext } from './build-suite.js';
import { envOptions, type EnvOptions } from './interpolate.js';
import type { Suite } from './types.js';

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
    out.set(
      name,
      read.ok
        ? { ok: true, shown, absolute, bytes: read.bytes }
        : { ok: false, shown, absolute, message: read.message },
    );
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
  /** Dialogue names met in earlier parts of the same file. */
  seen?: Map<string, number>;
}

/** Validates and converts one parsed spec file. */
export function specFromSource(source: YamlSource, context: SpecContext = {}): SpecResult {
  // `send: 007` sends "007": texts are read as written, before the schema sees them
  keepWrittenScalars(source);
  const issues = validateAgainst(source.value, specRoot, specDefinitions);
  const refused = issues.length > 0 ? refusedDialogues(issues) : new Set<number>();
  if (issues.length > 0 && (!context.allProblems || !refused))
    return { ok: false, problems: issues.map((i) => issueToProblem(source, i)) };
  const semantic: SchemaIssue[] = [];
  const ctx: BuildContext = {
    env: envOptions(context),
    unsetEnv: context.unsetEnv ?? new Set(),
    attachments: context.attachments ?? new Map(),
    problems: [],
    sources: context.sources ?? new Map(),
    ...(refused && refused.size > 0 ? { skip: refused } : {}),
    ...(context.seen ? { seen: context.seen } : {}),
  };
  const suite = buildSuite(source, semantic, ctx);
  const problems = [...semantic.map((i) => issueToProblem(source, i)), ...ctx.problems];
  if (issues.length > 0)
    return {
      ok: false,
      problems: inFileOrder([...issues.map((i) => issueToProblem(source, i)), ...problems], source.file),
    };
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
