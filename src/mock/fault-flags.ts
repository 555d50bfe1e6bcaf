/**
 * The fault flags' meaning, shared by `clova-regress mock` and the mock embedded in `run`: names
 * and the conversion to a fault config. Their help lines live in the CLI's options table.
 */
import type { FaultConfig, FaultRule } from './faults.js';
import { MAX_TIMER_MS } from '../yaml/bounds.js';

/** Each flag replaces the matching key of the bot file's global `faults`. */
export const FAULT_FLAG_NAMES = [
  'fault-latency-ms',
  'fault-jitter-ms',
  'fault-error-rate',
  'fault-status',
  'fault-retry-after',
  'fault-fail-first',
  'fault-malformed-rate',
  'fault-html-rate',
  'fault-reset-rate',
  'fault-hang-rate',
] as const;

type FlagName = (typeof FAULT_FLAG_NAMES)[number];
export type FaultFlags = Partial<Record<FlagName, number | undefined>>;

/**
 * Flags → a fault config to pass as `faults` to startMockServer (undefined when no flag was given).
 * Throws an Error with a message for the user when a value is out of range.
 */
export function faultsFromFlags(argv: FaultFlags): FaultConfig | undefined {
  const config: FaultConfig = {};
  const latency = nonNegative(argv, 'fault-latency-ms');
  const jitter = nonNegative(argv, 'fault-jitter-ms');
  if (latency !== undefined) config.latencyMs = latency;
  if (jitter !== undefined) config.jitterMs = jitter;

  const status = argv['fault-status'];
  if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599))
    throw new Error(`--fault-status must be an HTTP error status (400-599), not ${status}`);
  const retryAfter = nonNegative(argv, 'fault-retry-after');
  const statusRule = (): Omit<FaultRule, 'rate' | 'first'> => ({
    kind: 'status',
    status: status ?? 500,
    ...(retryAfter !== undefined ? { retryAfterSec: retryAfter } : {}),
  });

  const errors: FaultRule[] = [];
  const failFirst = argv['fault-fail-first'];
  if (failFirst !== undefined) {
    if (!Number.isInteger(failFirst) || failFirst < 0)
      throw new Error(`--fault-fail-first must be a whole number, not ${failFirst}`);
    if (failFirst > 0) errors.push({ ...statusRule(), first: failFirst });
  }
  const rated: Array<[FlagName, () => Omit<FaultRule, 'rate' | 'first'>]> = [
    ['fault-error-rate', statusRule],
    ['fault-malformed-rate', () => ({ kind: 'malformed' })],
    ['fault-html-rate', () => ({ kind: 'html' })],
    ['fault-reset-rate', () => ({ kind: 'reset' })],
    ['fault-hang-rate', () => ({ kind: 'hang' })],
  ];
  let total = 0;
  for (const [flag, rule] of rated) {
    const rate = argv[flag];
    if (rate === undefined) continue;
    if (!(rate >= 0 && rate <= 1)) throw new Error(`--${flag} must be between 0 and 1, not ${rate}`);
    total += rate;
    if (rate > 0) errors.push({ ...rule(), rate });
  }
  if (total > 1 + 1e-9) throw new Error(`the --fault-*-rate flags add up to ${total}; at most 1`);
  const anyErrorFlag = failFirst !== undefined || rated.some(([flag]) => argv[flag] !== undefined);
  if (anyErrorFlag) config.errors = errors;
  return Object.keys(config).length > 0 ? config : undefined;
}

function nonNegative(argv: FaultFlags, flag: FlagName): number | undefined {
  const value = argv[flag];
  if (value === undefined) return undefined;
  // delays become Node timers: past MAX_TIMER_MS they would silently fire after 1 ms
  const most = flag === 'fault-retry-after' ? Math.floor(MAX_TIMER_MS / 1000) : MAX_TIMER_MS;
  if (!(value >= 0 && value <= most))
    throw new Error(`--${flag} must be a number of 0 or more, at most ${most}, not ${value}`);
  return value;
}
