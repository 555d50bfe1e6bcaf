/**
 * Fault injection: latency, latency spikes, error statuses, malformed JSON, HTML pages, resets and hangs.
 *
 * Determinism: a request's fate is a hash of (seed, userId, that user's request number), never a
 * draw from one shared random stream, so concurrent dialogues interleaving differently from run to
 * run still meet exactly the same faults.
 */
import {
  chatbotError,
  gatewayError,
  htmlErrorPage,
  isGatewayStatus,
  jsonReply,
  type HttpReply,
} from './service-errors.js';

export const FAULT_KINDS = ['status', 'malformed', 'html', 'reset', 'hang', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  /** Share of requests (0–1) this rule hits. */
  rate?: number;
  /** Instead of a rate: the first N requests the rule applies to fail, then it recovers. */
  first?: number;
  /** What `first` counts: each userId's requests (default), or all requests since the mock started. */
  scope?: 'user' | 'server';
  kind: FaultKind;
  /** `status`: the HTTP status (default 500); `html`: the page's status (default 502). */
  status?: number;
  /** The chatbot error code (500s; default 5000) or the gateway errorCode (gateway statuses). */
  code?: string;
  message?: string;
  /** Sent verbatim instead of the standard error body (a mapping is sent as JSON). */
  body?: string | Record<string, unknown>;
  /** Adds a Retry-After header, in seconds. */
  retryAfterSec?: number;
  /** `slow`: how long the intact reply is held back (default 1000 ms): a latency spike. */
  delayMs?: number;
}

export const DEFAULT_SPIKE_MS = 1000;

export interface FaultConfig {
  /** Added to every reply's time. */
  latencyMs?: number;
  /** Plus a seeded 0…jitterMs. */
  jitterMs?: number;
  /** Checked in order: `first` rules, then one roll across the `rate` rules. */
  errors?: FaultRule[];
}

/** Key by key: each key present in `override` replaces the base's. */
export function mergeFaults(base: FaultConfig, override: FaultConfig | undefined): FaultConfig {
  if (!override) return base;
  return { ...base, ...override };
}

export function hasFaults(config: FaultConfig): boolean {
  return (config.latencyMs ?? 0) > 0 || (config.jitterMs ?? 0) > 0 || (config.errors?.length ?? 0) > 0;
}

/** Who is asking, for the hash and the `first` counters. */
export interface FaultSubject {
  userId: string;
  /** 1-based number of this request among the user's requests. */
  requestNo: number;
  /** Per-user `first` counters; created by the caller only when rules need them. */
  ruleHits?: Map<FaultRule, number>;
}

export interface FaultDecision {
  delayMs: number;
  /** Absent when the reply goes out intact. */
  rule?: FaultRule;
}

const NO_FAULT: FaultDecision = { delayMs: 0 };

/** A fault config ready to decide requests; holds the server-wide `first` counters. */
export class FaultPlan {
  private readonly firstRules: FaultRule[];
  private readonly rateRules: FaultRule[];
  readonly active: boolean;
  /** True when deciding needs per-user `first` counters. */
  readonly countsUsers: boolean;

  /** `serverHits`: server-wide `first` counters, shared by every plan of one mock (a bot-wide rule counts all its requests). */
  constructor(
    readonly config: FaultConfig,
    private readonly seed: number,
    private readonly serverHits = new Map<FaultRule, number>(),
  ) {
    const errors = config.errors ?? [];
    this.firstRules = errors.filter((r) => r.first !== undefined);
    this.rateRules = errors.filter((r) => r.first === undefined && (r.rate ?? 0) > 0);
    this.active = hasFaults(config);
    this.countsUsers = this.firstRules.some((r) => r.scope !== 'server');
  }

  decide(subject: FaultSubject): FaultDecision {
    if (!this.active) return NO_FAULT;
    const latency = this.config.latencyMs ?? 0;
    const jitter = this.config.jitterMs ?? 0;
    const delayMs =
      latency + (jitter > 0 ? Math.floor(unitRoll(this.seed, subject.userId, subject.requestNo, 1) * (jitter + 1)) : 0);
    const picked = this.pickRule(subject);
    const spike = picked.rule?.kind === 'slow' ? (picked.rule.delayMs ?? DEFAULT_SPIKE_MS) : 0;
    return { delayMs: delayMs + spike, ...picked };
  }

  private pickRule(subject: FaultSubject): { rule?: FaultRule } {
    let hit: FaultRule | undefined;
    // every `first` rule counts every request it sees, hit or not, so each recovers after N
    for (const rule of this.firstRules) {
      const counters = rule.scope === 'server' ? this.serverHits : subject.ruleHits;
      if (!counters) continue;
      const seen = (counters.get(rule) ?? 0) + 1;
      counters.set(rule, seen);
      if (!hit && seen <= rule.first!) hit = rule;
    }
    if (hit) return { rule: hit };
    if (this.rateRules.length === 0) return {};
    const roll = unitRoll(this.seed, subject.userId, subject.requestNo, 0);
    let edge = 0;
    for (const rule of this.rateRules) {
      edge += rule.rate!;
      if (roll < edge) return { rule };
    }
    return {};
  }
}

/** What the server does instead of (or with) the reply. */
export type FaultOutcome = { kind: 'reply'; reply: HttpReply } | { kind: 'reset' } | { kind: 'hang' };

/** A fault after which the client still gets the bot's real answer (only later): the session moves on. */
export function deliversReply(rule: FaultRule | undefined): boolean {
  return rule === undefined || rule.kind === 'slow';
}

/** The reply a rule promises; `replyJson` is the intact reply (malformed JSON is a cut copy of it). */
export function faultOutcome(rule: FaultRule, replyJson: string, now: number): FaultOutcome {
  if (rule.kind === 'reset') return { kind: 'reset' };
  if (rule.kind === 'hang') return { kind: 'hang' };
  let reply: HttpReply;
  if (rule.kind === 'slow') {
    reply = jsonReply(replyJson); // the delay was in the decision
  } else if (rule.kind === 'malformed') {
    // a reply cut mid-way, as when a proxy drops the connection after the headers
    reply = jsonReply(replyJson.slice(0, Math.max(1, Math.floor(replyJson.length / 2))));
  } else if (rule.kind === 'html') {
    reply = htmlErrorPage(rule.status ?? 502);
  } else {
    const status = rule.status ?? 500;
    if (isGatewayStatus(status))
      reply = gatewayError(status, {
        ...(rule.code ? { errorCode: rule.code } : {}),
        ...(rule.message ? { message: rule.message } : {}),
      });
    else reply = { ...chatbotError(rule.code ?? '5000', rule.message ?? 'Internal server error', now), status };
  }
  if (rule.body !== undefined)
    reply = { ...reply, body: typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body) };
  if (rule.retryAfterSec !== undefined)
    reply = { ...reply, headers: { ...reply.headers, 'retry-after': String(rule.retryAfterSec) } };
  return { kind: 'reply', reply };
}

/** A uniform number in [0, 1) from (seed, userId, request number, salt): murmur3's finalizer over FNV-1a. */
export function unitRoll(seed: number, userId: string, requestNo: number, salt: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h = fmix32(h ^ Math.imul(requestNo, 0x9e3779b1));
  h = fmix32(h ^ Math.imul(salt + 1, 0x85ebca77));
  return h / 0x100000000;
}

function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
