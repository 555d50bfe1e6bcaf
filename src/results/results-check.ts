/**
 * Checks of a results file's parts as they are read: the schema and version first (a file from a
 * newer clova-regress is refused with a clear message rather than misread), then the shape of
 * the header, each dialogue and the summary. Shallow on purpose: what reporters rely on.
 */
import type { DialogueResult, RunSummary } from './model.js';
import {
  RESULTS_FORMAT,
  RESULTS_SCHEMA,
  RESULTS_VERSION,
  ResultsFileError,
  type ResultsHeader,
} from './results-format.js';
import { dialogueShape, infoShape, summaryShape, type Shape } from './results-shape.js';

/** The full shape check after the first, friendlier ones: the JSON path of the first field that is wrong. */
function checkShape(shape: Shape, value: unknown, jsonPath: string, path: string, line: number | undefined): void {
  const problem = shape(value, jsonPath);
  if (problem) throw ResultsFileError.invalid(path, problem[0], problem[1], line);
}

const DIALOGUE_STATUSES = new Set(['passed', 'failed', 'errored', 'flaky', 'skipped']);
const STEP_STATUSES = new Set(['passed', 'failed', 'errored', 'skipped']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkHeader(value: unknown, path: string): ResultsHeader {
  if (!isObj(value))
    throw new ResultsFileError(path, 'not a clova-regress results file: the top level is not an object', 1);
  const schema = value.schema;
  if (typeof schema !== 'string')
    throw new ResultsFileError(
      path,
      'not a clova-regress results file: it has no "schema" field (give the file written by --json)',
      1,
    );
  const m = /^(.*)@(\d+)$/.exec(schema);
  if (!m || m[1] !== RESULTS_FORMAT)
    throw new ResultsFileError(
      path,
      `not a clova-regress results file: its schema is ${JSON.stringify(schema)}, expected ${JSON.stringify(RESULTS_SCHEMA)}`,
      1,
    );
  const version = Number(m[2]);
  if (version > RESULTS_VERSION) {
    const by =
      isObj(value.tool) && typeof value.tool.version === 'string' ? ` by clova-regress ${value.tool.version}` : '';
    throw new ResultsFileError(
      path,
      `written${by} in results format version ${version}; this clova-regress reads version ${RESULTS_VERSION}: upgrade clova-regress`,
      1,
    );
  }
  if (version < RESULTS_VERSION)
    throw new ResultsFileError(
      path,
      `results format version ${version} is no longer read (this clova-regress reads version ${RESULTS_VERSION}): re-run to write a new file`,
      1,
    );
  const info = value.info;
  if (
    !isObj(info) ||
    typeof info.runId !== 'string' ||
    typeof info.startedAt !== 'string' ||
    !Array.isArray(info.planned) ||
    !isObj(info.target)
  ) {
    throw new ResultsFileError(path, '"info" is missing or incomplete (runId, startedAt, target, planned)', 1);
  }
  checkShape(infoShape, info, 'info', path, 1);
  return value as unknown as ResultsHeader;
}

/** `n` (1-based) names the dialogue when there is no line to point at. */
export function checkDialogue(value: unknown, path: string, line: number | undefined, n?: number): DialogueResult {
  const where = n ? `dialogue ${n}: ` : '';
  const fail = (what: string): never => {
    throw new ResultsFileError(path, `${where}not a dialogue result: ${what}`, line);
  };
  if (!isObj(value)) return fail('not an object');
  for (const key of ['id', 'suite', 'name', 'file', 'userId', 'startedAt'] as const)
    if (typeof value[key] !== 'string') fail(`"${key}" is missing or not text`);
  if (!DIALOGUE_STATUSES.has(value.status as string)) fail(`unknown status ${JSON.stringify(value.status)}`);
  if (!Array.isArray(value.tags) || !Array.isArray(value.steps)) fail('"tags" or "steps" is not a list');
  if (typeof value.durationMs !== 'number') fail('"durationMs" is not a number');
  (value.steps as unknown[]).forEach((step, i) => {
    if (
      !isObj(step) ||
      typeof step.index !== 'number' ||
      !STEP_STATUSES.has(step.status as string) ||
      !isObj(step.action) ||
      !isObj(step.pos)
    ) {
      fail(`step ${i + 1} is incomplete (index, status, action, pos)`);
    }
    const s = step as Obj;
    if (s.status === 'failed' && !Array.isArray(s.mismatches)) fail(`step ${i + 1} failed without "mismatches"`);
    if (s.status === 'errored' && !isObj(s.cause)) fail(`step ${i + 1} errored without a "cause"`);
  });
  checkShape(dialogueShape, value, n ? `dialogues[${n - 1}]` : 'dialogue', path, line);
  return value as unknown as DialogueResult;
}

export function checkSummary(value: unknown, path: string, line?: number): RunSummary {
  const counts = isObj(value) ? value.counts : undefined;
  if (!isObj(value) || !isObj(counts) || typeof value.durationMs !== 'number' || typeof value.startedAt !== 'string') {
    throw new ResultsFileError(path, 'the run summary is missing or incomplete', line);
  }
  for (const key of ['total', 'passed', 'failed', 'errored', 'flaky', 'skipped']) {
    if (typeof counts[key] !== 'number')
      throw new ResultsFileError(path, `the run summary has no count of ${key}`, line);
  }
  checkShape(summaryShape, value, 'summary', path, line);
  return value as unknown as RunSummary;
}
