/**
 * The pieces the options table is written with: the --help headings, the sets of commands that
 * share flags, and the check builders. Only the options table (options.ts and its parts) uses them.
 */
import type { Check } from './option-types.js';

// the --help headings, in the order `run --help` lists them (the first option named opens each)
export const bot = 'Target bot:';
export const network = 'Network:';
export const reports = 'Reports:';
export const select = 'Choosing dialogues:';
export const consoleGroup = 'Console:';
export const scale = 'At scale:';
export const other = 'Options:';
export const faults = 'Mock bot faults:';
export const outputs = 'Outputs:';

export const DESCRIPTION_CHOICES = ['auto', 'exact', 'contains', 'none'] as const;
export const descriptionHelp =
  'How a recorded description is written: auto (exact when one short line, else contains its first line), ' +
  'exact, contains, none';

/** A whole number in [least, most]; the message names the flag and, with `not`, the value given. */
export const whole =
  (least: number, most: number, message: string, not = true): Check =>
  (v) => {
    if (Number.isInteger(v) && (v as number) >= least && (v as number) <= most) return undefined;
    return not ? `${message}, not ${String(v)}` : message;
  };
export const within =
  (ok: (v: number) => boolean, message: (v: unknown) => string): Check =>
  (v) =>
    typeof v === 'number' && ok(v) ? undefined : message(v);

/** `run`, `record` and `explore` send the same requests: the same flags say which bot and how. */
export const talksToBot = { run: true, record: true, explore: true } as const;
export const readsSpecs = { run: true, record: true, validate: true, coverage: true } as const;
export const writesReports = { run: true, report: true, merge: true } as const;
export const readsEnv = { run: true, record: true, explore: true, mock: true, validate: true, coverage: true } as const;
export const fault = (describe: string) =>
  ({ type: 'number', group: faults, describe, commands: { run: true, mock: true } }) as const;
