/**
 * Runner habits people bring from Playwright Test (issue 14): what `--repeat-each`,
 * `--min-pass-rate` and `--forbid-only` mean once parsed. Their entries are in options-run-habits.ts.
 */
import { MAX_REPEAT_EACH } from '../yaml/bounds.js';

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

/** The options table's check of `--repeat-each`. */
export function repeatEachProblem(each: unknown, args: Readonly<Record<string, unknown>>): string | undefined {
  if (!Number.isSafeInteger(each) || (each as number) < 1 || (each as number) > MAX_REPEAT_EACH) {
    return `--repeat-each must be a whole number from 1 to ${MAX_REPEAT_EACH}`;
  }
  // the runs of a drifting bot disagree: which answer would the spec be rewritten to?
  if ((each as number) > 1 && args.update === true)
    return "--update rewrites a spec from one run's answers: run it without --repeat-each";
  return undefined;
}

/** The options table's check of `--min-pass-rate`. */
export function passRateProblem(rate: unknown, args: Readonly<Record<string, unknown>>): string | undefined {
  if (args.repeatEach === undefined) {
    return '--min-pass-rate needs --repeat-each N: it is the share of the N runs of each dialogue that must pass';
  }
  try {
    parsePassRate(lastOf(rate));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The run options these flags give. */
export function runHabitSettings(args: { repeatEach?: number; minPassRate?: unknown }): {
  repeatEach?: number;
  minPassRate?: number;
} {
  return {
    ...(args.repeatEach !== undefined ? { repeatEach: args.repeatEach } : {}),
    ...(args.minPassRate !== undefined ? { minPassRate: parsePassRate(lastOf(args.minPassRate)) } : {}),
  };
}

/** `--forbid-only` as given, else on in CI (env CI set and not "0"/"false"), as Playwright does. */
export function forbidOnly(flag: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** A flag given twice is a list: the last one counts, as for other flags. */
function lastOf(value: unknown): string {
  return String(Array.isArray(value) ? value[value.length - 1] : value);
}
