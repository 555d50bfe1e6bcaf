/**
 * One spec file → its plan entries and its dialogues as JSON text, for a thread that loads files
 * beside the main one (plan-worker.ts). Only a file that loads cleanly and touches nothing outside
 * itself is taken: no problem, no `${env.…}` (the secrets it would register are the main thread's
 * to mask), no utterance file, not a bot definition, not big enough to load in parts. Anything
 * else comes back `undefined` and the main thread loads the file as ever, so every message and
 * position is the one it gives.
 */
import { parseSpecText } from '../dialogues/load.js';
import { DEFAULT_PART_CHARS } from '../dialogues/load-parts.js';
import { specFromSource } from '../dialogues/spec-from-source.js';
import { isBotDefinition } from '../yaml/discover.js';
import { readSpecText } from '../yaml/read-source-text.js';
import { planDialogues, planEntry } from './plan.js';

export interface PlanFileJob {
  /** Where the job's answer goes (the file's place in the load order). */
  index: number;
  path: string;
  shown: string;
  discovered: boolean;
  expectations: boolean;
  partChars?: number;
}

export interface PlanFileResult {
  index: number;
  /** Plan entries, one JSON line each (their `order` is set by the caller). */
  entries: string;
  /** The dialogues in full, one JSON line each, every line ending with a newline. */
  dialogues: string;
  count: number;
  /** `file:line` of each `only: true` written. */
  onlyAt: string[];
}

export async function planFile(job: PlanFileJob): Promise<PlanFileResult | undefined> {
  const read = await readSpecText(job.path, job.shown);
  if (!read.ok) return undefined;
  const text = read.text;
  if (text.length >= 2 * (job.partChars ?? DEFAULT_PART_CHARS)) return undefined;
  // quick refusals; what decides is below (an escape may spell either)
  if (text.includes('${') && text.includes('env.')) return undefined;
  if (text.includes('utterances')) return undefined;
  const parsed = parseSpecText(job.shown, text);
  if (!parsed.ok || !parsed.fast) return undefined;
  if (job.discovered && isBotDefinition(parsed.source.value)) return undefined;
  // no environment and no utterance files here: a `${env.…}` or `utterances:` is then a problem, and
  // the file is the main thread's (which registers the secrets it resolves, and reads the files)
  const unsetEnv = new Set<string>();
  const result = specFromSource(parsed.source, { env: {}, missingEnv: 'error', unsetEnv, attachments: new Map() });
  if (!result.ok || unsetEnv.size > 0) return undefined;
  const dialogues = planDialogues([result.suite]);
  const entries: string[] = [];
  const lines: string[] = [];
  const onlyAt: string[] = [];
  for (const d of dialogues) {
    entries.push(JSON.stringify(planEntry(d, 0, job.expectations)));
    lines.push(JSON.stringify(d), '\n');
    if (d.only) onlyAt.push(`${d.only.file}:${d.only.line}`);
  }
  return { index: job.index, entries: entries.join('\n'), dialogues: lines.join(''), count: dialogues.length, onlyAt };
}
