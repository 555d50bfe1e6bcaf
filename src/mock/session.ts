/**
 * Per-userId conversation state, forgotten after an idle timeout. Kept small and flat because a
 * benchmark runs 100,000 dialogues through one mock: a Map in least-recently-used order (touched
 * entries move to the end), so expiry sweeps only the stale front of it.
 */
import type { FaultRule } from './faults.js';

export interface Session {
  /** The scenario that answered last: follow-ups and form steps of it are reachable. */
  context: string | null;
  /** Entity values remembered across turns (for `{entity}` texts). */
  slots: Readonly<Record<string, string>> | null;
  /** Requests seen from this userId, this one included. */
  requests: number;
  /** Per-user counters of `first` faults, created only when such faults exist. */
  ruleHits: Map<FaultRule, number> | undefined;
  lastSeen: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly idleMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The user's session, new when there was none or it went idle too long; marks it as used now. */
  touch(userId: string, now = this.clock()): Session {
    let session = this.sessions.get(userId);
    if (session && now - session.lastSeen > this.idleMs) session = undefined;
    if (session) {
      this.sessions.delete(userId);
    } else {
      session = { context: null, slots: null, requests: 0, ruleHits: undefined, lastSeen: now };
    }
    session.lastSeen = now;
    this.sessions.set(userId, session);
    return session;
  }

  /** Drops sessions idle for longer than the timeout; returns how many. */
  sweep(now = this.clock()): number {
    let dropped = 0;
    for (const [userId, session] of this.sessions) {
      if (now - session.lastSeen <= this.idleMs) break; // the rest were used more recently
      this.sessions.delete(userId);
      dropped++;
    }
    return dropped;
  }

  /** Sweeps periodically until stopped; the timer never keeps the process alive. */
  startSweeping(everyMs = Math.min(this.idleMs, 60_000)): void {
    this.stopSweeping();
    this.timer = setInterval(() => this.sweep(), Math.max(1_000, everyMs));
    this.timer.unref();
  }

  stopSweeping(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get size(): number {
    return this.sessions.size;
  }
}
