/** Options table entries (see options.ts): the built-in mock's faults, shared by `run` and `mock`. */
import { fault, faults } from './option-parts.js';
import type { OptionEntry } from './option-types.js';

export const FAULT_OPTIONS = {
  // the mock's faults, last in `run --help`; their ranges are checked by the mock's faultsFromFlags
  'mock-seed': {
    type: 'number',
    group: faults,
    commands: { run: true },
    describe: "Seed of the built-in mock's fault decisions (same seed, same faults)",
  },
  'fault-latency-ms': fault('Delay every reply by this many ms'),
  'fault-jitter-ms': fault('Add a seeded random 0..N ms to each delay'),
  'fault-error-rate': fault('Share of requests (0-1) answered with --fault-status'),
  'fault-status': fault(
    'Status for --fault-error-rate and --fault-fail-first: 500 sends a chatbot error body; ' +
      '429, 503, 504 send API Gateway bodies [default: 500]',
  ),
  'fault-retry-after': fault('Send Retry-After (seconds) with those errors'),
  'fault-fail-first': fault('Fail the first N requests of each userId with --fault-status, then recover'),
  'fault-malformed-rate': fault('Share of requests (0-1) answered with JSON cut in half'),
  'fault-html-rate': fault('Share of requests (0-1) answered with a 502 HTML page'),
  'fault-reset-rate': fault('Share of requests (0-1) whose connection is reset'),
  'fault-hang-rate': fault('Share of requests (0-1) never answered'),
} as const satisfies Record<string, OptionEntry>;
