/**
 * Runner habits people bring from Playwright Test (issue 14): `--repeat-each`, `--min-pass-rate`,
 * `--forbid-only`. Declared here in one block so they port to the options table as one piece.
 */
import type { Options } from 'yargs';
import { MAX_REPEAT_EACH } from '../dialogues/bounds.js';

const selectGroup = 'Choosing dialogues:';
const scaleGroup = 'At scale:';

// run-habits options (issue 14)
export const runHabitOptions = {
  'repeat-each': {
    group: scaleGroup,
    describe:
      'Run every dialogue N times, each in its own session (and with its own --retries); ' +
      'reports show passed runs as "9/10"',
    type: 'number',
  },
  'min-pass-rate': {
    group: scaleGroup,
    describe: 'With --repeat-each: a dialogue passes when this share of its runs pass, as 0.7 or 70% (default 1: all)',
    type: 'string',
  },
  'forbid-only': {
    group: selectGroup,
    describe:
      '`only: true` in a spec is an error (exit 2) instead of running just those dialogues ' +
      '(default: on when env CI is set; --no-forbid-only allows it)',
    type: 'boolean',
  },
} satisfies Record<string, Options>;

export interface RunHabitArgs {
  repeatEach?: number;
  minPassRate?: string;
  forbidOnly?: boolean;
}

/** `0.7` or `70%` → 0.7; throws an Error whose message is meant for the user. */
export function parsePassRate(text: string): number {
  const trimmed = String(text).trim();
  const percent = trimmed.endsWith('%');
  const number = percent ? trimmed.slice(0, -1).trim() : trimmed;
  const value = /^\d+(\.\d+)?$|^\.\d+$/.test(number) ? Number(number) / (percent ? 100 : 1) : NaN;
  if (!(value > 0 && value <= 1)) {
    throw new Error(
      '--min-pass-rate must be a share of runs above 0 and at most 1, ' +
        `as a fraction (0.7) or a percentage (70%), not "${text}"`,
    );
  }
  return value;
}

/** The yargs check of these flags; throws for yargs to print with the usage. */
export function checkRunHabitArgs(argv: Record<string, unknown>): void {
  const each = argv['repeat-each'] as number | undefined;
  if (each !== undefined && (!Number.isSafeInteger(each) || each < 1 || each > MAX_REPEAT_EACH)) {
    throw new Error(`--repeat-each must be a whole number from 1 to ${MAX_REPEAT_EACH}`);
  }
  if (each !== undefined && each > 1 && argv.update === true) {
    // the runs of a drifting bot disagree: which answer would the spec be rewritten to?
    throw new Error('--update rewrites a spec from one run\'s answers: run it without --repeat-each');
  }
  const rate = argv['min-pass-rate'];
  if (rate !== undefined) {
    if (each === undefined) {
      const why = 'it is the share of the N runs of each dialogue that must pass';
      throw new Error(`--min-pass-rate needs --repeat-each N: ${why}`);
    }
    parsePassRate(lastOf(rate));
  }
}

/** The run options these flags give. */
export function runHabitSettings(argv: RunHabitArgs): { repeatEach?: number; minPassRate?: number } {
  const rate = argv.minPassRate as string | string[] | undefined;
  return {
    ...(argv.repeatEach !== undefined ? { repeatEach: argv.repeatEach } : {}),
    ...(rate !== undefined ? { minPassRate: parsePassRate(lastOf(rate)) } : {}),
  };
}

/** `--forbid-only` as given, else on in CI (env CI set and not "0"/"false"), as Playwright does. */
export function forbidOnly(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** A flag given twice is an array in yargs: the last one counts, as for other flags. */
function lastOf(value: unknown): string {
  return String(Array.isArray(value) ? value[value.length - 1] : value);
}
