/**
 * One spec file, or one run of a big file's list, → its plan entries and its dialogues as JSON
 * text, for the thread that loads beside the main one (plan-worker.ts). Only what loads cleanly
 * and touches nothing outside itself is taken: no problem, no `${env.…}` (the secrets it would
 * register are the main thread's to mask), no utterance file, not a bot definition. Anything else
 * comes back `undefined` and the main thread loads it as ever, so every message and position is
 * the one it gives.
 */
import { parseSpecText } from '../dialogues/load.js';
import { DEFAULT_PARTS_FROM_CHARS } from '../dialogues/load-parts.js';
import { specFromSource, type SpecContext } from '../dialogues/spec-from-source.js';
import type { Dialogue } from '../dialogues/types.js';
import { isBotDefinition } from '../yaml/discover.js';
import { fastPart, type PartPlace } from '../yaml/fast-yaml-parts.js';
import { readSpecText } from '../yaml/read-source-text.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import { planEntry } from './plan.js';

interface JobBase {
  /** Where the answer goes. */
  id: number;
  shown: string;
  expectations: boolean;
}

export type PlanJob =
  | (JobBase & { kind: 'file'; path: string; discovered: boolean; partsFrom?: number })
  | (JobBase & { kind: 'part'; key: string; headText: string; runText: string; place: PartPlace });

export interface PlanAnswer {
  id: number;
  /**
   * Plan entries, one JSON line each (their `order` is set by the caller), as UTF-8: bytes are
   * handed over without a copy, and stay off the main thread's heap until they are read.
   */
  entries: Uint8Array;
  /** The dialogues in full, one JSON line each, every line ending with a newline, as UTF-8. */
  dialogues: Uint8Array;
  count: number;
  /** `file:line` of each `only: true` written. */
  onlyAt: string[];
  /** The dialogues' names, in order (a part's, for its file's check of names used twice). */
  names: string[];
}

export async function planJob(job: PlanJob): Promise<PlanAnswer | undefined> {
  return job.kind === 'file' ? planFile(job) : planPart(job);
}

async function planFile(job: Extract<PlanJob, { kind: 'file' }>): Promise<PlanAnswer | undefined> {
  const read = await readSpecText(job.path, job.shown);
  if (!read.ok) return undefined;
  const text = read.text;
  if (text.length >= (job.partsFrom ?? DEFAULT_PARTS_FROM_CHARS) || !simple(text)) return undefined;
  const parsed = parseSpecText(job.shown, text);
  if (!parsed.ok || !parsed.fast) return undefined;
  if (job.discovered && isBotDefinition(parsed.source.value)) return undefined;
  return build(job, parsed.source);
}

function planPart(job: Extract<PlanJob, { kind: 'part' }>): PlanAnswer | undefined {
  if (!simple(job.headText) || !simple(job.runText)) return undefined;
  const source = fastPart(job.shown, job.headText, job.runText, job.key, job.place);
  if (!source) return undefined;
  const answer = build(job, source);
  return answer && !source.needsWhole ? answer : undefined;
}

/** Quick refusals; what decides is `build` (an escape may spell either). */
function simple(text: string): boolean {
  return !(text.includes('${') && text.includes('env.')) && !text.includes('utterances');
}

function build(job: JobBase, source: YamlSource): PlanAnswer | undefined {
  // no environment and no utterance files here: a `${env.…}` or `utterances:` is then a problem, and
  // the file is the main thread's (which registers the secrets it resolves, and reads the files)
  const unsetEnv = new Set<string>();
  const context: SpecContext = { env: {}, missingEnv: 'error', unsetEnv, attachments: new Map() };
  const result = specFromSource(source, context);
  if (!result.ok || unsetEnv.size > 0) return undefined;
  const dialogues: Dialogue[] = result.suite.dialogues;
  const entries: string[] = [];
  const lines: string[] = [];
  const onlyAt: string[] = [];
  const names: string[] = [];
  for (const d of dialogues) {
    entries.push(JSON.stringify(planEntry(d, 0, job.expectations)));
    lines.push(JSON.stringify(d), '\n');
    names.push(d.name);
    if (d.only) onlyAt.push(`${d.only.file}:${d.only.line}`);
  }
  return {
    id: job.id,
    entries: utf8(entries.join('\n')),
    dialogues: utf8(lines.join('')),
    count: dialogues.length,
    onlyAt,
    names,
  };
}

/** A string's UTF-8 in an ArrayBuffer of its own (a Buffer may share Node's pool, which cannot be transferred). */
function utf8(text: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.byteLength(text));
  Buffer.from(bytes.buffer).write(text);
  return bytes;
}
