/**
 * Spec files → Suites. Every problem in every file is collected (YAML syntax, unknown keys with a
 * "did you mean", two actions in a step, bad regexes, duplicate dialogue names) and thrown together
 * as one InputError, so an author fixes them in one pass and nothing runs on a broken spec.
 */
import { dirname } from 'node:path';
import { InputError, type Problem } from '../diagnostics/problem.js';
import { parseYamlSource, type YamlParse } from '../yaml/yaml-source.js';
import { parseFastSource } from '../yaml/fast-yaml-source.js';
import { readSpecText, unreadableProblem } from '../yaml/read-source-text.js';
import { discoverFiles, displayPath, isBotDefinition, type FoundFile } from '../yaml/discover.js';
import { envOptions, type EnvOptions } from './interpolate.js';
import { loadInParts, type PartsHandover } from './load-parts.js';
import { readAttachments, specFromSource, type SpecContext } from './spec-from-source.js';
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
  /**
   * With `onSuite`: a big file is handed over a part at a time (load-parts.ts), each part a suite
   * of the file holding a run of its dialogues. Without, every file is loaded whole.
   */
  parts?: Omit<PartsHandover, 'onSuite'>;
  /**
   * Files another thread loads (run-plan.ts): asked once with every file; then `take(i)`, in file
   * order, is true when file i was loaded and handed over there (undefined or false: load it here).
   */
  elsewhere?: (files: Array<{ path: string; shown: string; discovered: boolean }>) => Elsewhere | undefined;
  /** Parse with the positioned `yaml` package alone (how loading worked before the fast parser; tests compare the two). */
  positionedOnly?: boolean;
}

export interface Elsewhere {
  take(index: number): Promise<boolean> | undefined;
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
  const shownAll = files.map((file) => displayPath(file.path, cwd));
  const elsewhere = options.positionedOnly
    ? undefined
    : options.elsewhere?.(files.map((file, i) => ({ ...file, shown: shownAll[i]! })));
  for (let i = 0; i < files.length; i++) {
    const taken = elsewhere?.take(i);
    if (taken && (await taken)) continue;
    await loadFile(files[i]!, shownAll[i]!);
  }
  for (const [path, found] of deferred) if (!referenced.has(path)) problems.push(...found);
  if (problems.length > 0) throw new InputError(problems, sources);
  return { suites, sources, botFiles, unsetEnv: [...unsetEnv].sort() };

  async function loadFile(file: FoundFile, shown: string): Promise<void> {
    let text: string;
    try {
      const read = await readSpecText(file.path, shown);
      if (!read.ok) {
        problems.push(read.problem);
        return;
      }
      text = read.text;
    } catch (error) {
      problems.push(unreadableProblem(shown, error));
      return;
    }
    sources.set(shown, text);
    if (options.onSuite && options.parts && !options.positionedOnly) {
      const handover = { ...options.parts, onSuite: options.onSuite };
      if (await loadInParts(file.path, shown, text, { ...env, unsetEnv, sources }, handover, referenced, cwd)) {
        sources.delete(shown);
        return;
      }
    }
    const parsed: YamlParse & { fast?: boolean } = options.positionedOnly
      ? parseYamlSource(shown, text)
      : parseSpecText(shown, text);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      return;
    }
    // found by searching a folder, a bot definition sits beside the specs: it is not a suite
    if (file.discovered && isBotDefinition(parsed.source.value)) {
      botFiles.push(shown);
      return;
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
