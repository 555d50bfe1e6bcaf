/**
 * What a results file is, apart from reading and writing it: the schema name and version, the
 * header and whole-file types, and the error a file that cannot be used raises. Its own module so
 * the checks (results-check.ts) and the reader (results-file.ts) both build on it without a cycle.
 */
import type { DialogueResult, RunInfo, RunSummary } from './model.js';

export const RESULTS_FORMAT = 'clova-regress/results';
export const RESULTS_VERSION = 1;
export const RESULTS_SCHEMA = `${RESULTS_FORMAT}@${RESULTS_VERSION}`;

/** Everything before the dialogues. */
export interface ResultsHeader {
  schema: string;
  /** What wrote the file. */
  tool: { name: 'clova-regress'; version: string };
  info: RunInfo;
  /** Run options that shape the results (paths, concurrency, timeouts, baseline…), as given. */
  options?: Record<string, unknown>;
}

export interface ResultsFile extends ResultsHeader {
  dialogues: DialogueResult[];
  summary: RunSummary;
}

/** A results file that cannot be used, with a message naming the file (and line) and what is wrong. */
export class ResultsFileError extends Error {
  constructor(
    readonly path: string,
    detail: string,
    readonly line?: number,
  ) {
    super(`${path}${line ? `:${line}` : ''}: ${detail}`);
    this.name = 'ResultsFileError';
  }

  /** A field of the wrong shape: `results file X is not valid: dialogues[3].steps[0].turn.buttons: expected a list, got null (line 5)`. */
  static invalid(path: string, jsonPath: string, what: string, line?: number): ResultsFileError {
    const error = new ResultsFileError(path, what, line);
    error.message = `results file ${path} is not valid: ${jsonPath}: ${what}${line ? ` (line ${line})` : ''}`;
    return error;
  }
}
