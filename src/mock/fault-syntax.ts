/** `faults:` in a bot file (already structurally valid) → FaultConfig, with the checks across keys. */
import type { SchemaIssue } from '../yaml/schema-dsl.js';
import type { Path } from '../yaml/yaml-source.js';
import type { FaultConfig, FaultKind, FaultRule } from './faults.js';

interface RawRule {
  rate?: number;
  first?: number;
  scope?: 'user' | 'server';
  kind?: FaultKind;
  status?: number;
  code?: string | number;
  message?: string;
  body?: string | Record<string, unknown>;
  retryAfterSec?: number;
  delayMs?: number;
}

interface RawFaults {
  latencyMs?: number;
  jitterMs?: number;
  errors?: RawRule[];
}

export function toFaultConfig(raw: unknown, path: Path, issues: SchemaIssue[]): FaultConfig {
  const faults = raw as RawFaults;
  const config: FaultConfig = {};
  if (faults.latencyMs !== undefined) config.latencyMs = faults.latencyMs;
  if (faults.jitterMs !== undefined) config.jitterMs = faults.jitterMs;
  if (faults.errors !== undefined) {
    config.errors = faults.errors.map((r, i) => toRule(r, [...path, 'errors', i], issues));
    const total = config.errors.reduce((sum, r) => sum + (r.rate ?? 0), 0);
    if (total > 1 + 1e-9)
      issues.push({
        path: [...path, 'errors'],
        code: 'bad-value',
        message: `the fault rates add up to ${round(total)}; at most 1 (every request)`,
      });
  }
  return config;
}

function toRule(raw: RawRule, path: Path, issues: SchemaIssue[]): FaultRule {
  const kind = raw.kind ?? 'status';
  const rule: FaultRule = { kind };
  if (raw.rate !== undefined) rule.rate = raw.rate;
  if (raw.first !== undefined) rule.first = raw.first;
  if (raw.scope !== undefined) {
    if (raw.first === undefined)
      issues.push({
        path: [...path, 'scope'],
        atKey: true,
        code: 'key-not-allowed',
        message: '`scope` goes with `first` (what it counts)',
      });
    rule.scope = raw.scope;
  }
  if (raw.status !== undefined) {
    if (kind !== 'status' && kind !== 'html')
      issues.push({
        path: [...path, 'status'],
        atKey: true,
        code: 'key-not-allowed',
        message: `a \`${kind}\` fault sends no status of its own`,
        hint: '`status` goes with kind `status` or `html`',
      });
    else if (raw.status < 400)
      issues.push({
        path: [...path, 'status'],
        code: 'bad-value',
        message: `an error status is 400 or more, found ${raw.status}`,
      });
    rule.status = raw.status;
  }
  for (const key of ['code', 'message', 'body', 'retryAfterSec'] as const) {
    if (raw[key] === undefined) continue;
    if (kind !== 'status' && !(key === 'retryAfterSec' && kind === 'html') && !(key === 'body' && kind === 'html')) {
      issues.push({
        path: [...path, key],
        atKey: true,
        code: 'key-not-allowed',
        message: `\`${key}\` goes with kind \`status\``,
      });
    }
  }
  if (raw.code !== undefined) rule.code = String(raw.code);
  if (raw.message !== undefined) rule.message = raw.message;
  if (raw.body !== undefined) rule.body = raw.body;
  if (raw.retryAfterSec !== undefined) rule.retryAfterSec = raw.retryAfterSec;
  if (raw.delayMs !== undefined) {
    if (kind !== 'slow')
      issues.push({
        path: [...path, 'delayMs'],
        atKey: true,
        code: 'key-not-allowed',
        message: '`delayMs` goes with kind `slow`',
        hint: 'for every reply, use `latencyMs` beside `errors`',
      });
    rule.delayMs = raw.delayMs;
  }
  return rule;
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
