/**
 * The crawl: breadth-first from `open` (and from each `--from` utterance), every pressable button
 * of every new state pressed, each path replayed whole in its own session (one userId), level by
 * level. Each level is a batch of Dialogues run through the same executor and client as `run`
 * (concurrency, --rps, timeouts, request retries, Ctrl-C grace), so explore sends nothing `run`
 * would not. Results are read in plan order, so state ids and the tree are the same on every run.
 */
import { randomBytes } from 'node:crypto';
import { ReporterMux, type Reporter } from '../results/event-stream.js';
import { registerSecret } from '../io/redact.js';
import { TOOL_VERSION } from '../version.js';
import { executeRun } from '../run/execute.js';
import { planEntry } from '../run/plan.js';
import { startTarget, type TargetSpec } from '../run/target.js';
import type { DialogueResult, RunInfo } from '../results/model.js';
import type { Dialogue, Step } from '../dialogues/types.js';
import type { Turn } from '../protocol/turn.js';
import { clickables, pathLabel, stateKey, type Path } from './state.js';
import { EXPLORE_SCHEMA, type ExploreState, type ExploreTree } from './tree.js';
import { createRunClient } from '../run/run-client.js';

export interface CrawlOptions {
  target: TargetSpec;
  cwd?: string;
  /** Utterances sent after `open`, each the root of a branch of its own (`--from`). */
  from?: string[];
  /** Clicks after the root at most (default 4). */
  depth?: number;
  /** Paths pressed at most, the roots included (default 200). */
  maxDialogues?: number;
  concurrency?: number;
  timeoutMs?: number;
  requestRetries?: number;
  rps?: number;
  signal?: AbortSignal;
  /** Told about every path as it ends (the console's progress). */
  onPath?: (result: DialogueResult) => void;
}

/** A path that got an answer at every step, with each step's reply: what the spec writer pins. */
export interface Walk {
  path: Path;
  turns: Turn[];
  /** The state its last reply is. */
  state: string;
}

export interface CrawlOutcome {
  tree: ExploreTree;
  walks: Walk[];
}

const FILE = '(explore)';

interface Pending {
  path: Path;
  from: string | null;
  depth: number;
  /** The states this path went through, to tell a loop from a join. */
  ancestors: string[];
}

export async function crawl(options: CrawlOptions): Promise<CrawlOutcome> {
  const depthLimit = options.depth ?? 4;
  const maxDialogues = options.maxDialogues ?? 200;
  const concurrency = options.concurrency ?? 8;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const target = await startTarget(options.target, options.cwd ?? process.cwd());
  registerSecret(target.secretKey);
  // the client exactly as `run` makes it: the same signing, timeouts, retries and throttling response
  const { client, limit, stats } = createRunClient({
    url: target.url,
    secretKey: target.secretKey,
    concurrency,
    timeoutMs,
    requestRetries: options.requestRetries ?? 2,
    ...(options.rps !== undefined ? { rps: options.rps } : {}),
    ...(target.network ? { network: target.network } : {}),
  });
  const runId = randomBytes(4).toString('hex');
  const tree: ExploreTree = {
    schema: EXPLORE_SCHEMA,
    target: target.description,
    startedAt: new Date().toISOString(),
    limits: { depth: depthLimit, maxDialogues },
    complete: true,
    interrupted: false,
    dialogues: 0,
    requests: 0,
    states: [],
    edges: [],
  };
  const walks: Walk[] = [];
  const byKey = new Map<string, ExploreState>();
  let level: Pending[] = [
    { path: [{ kind: 'open' }], from: null, depth: 0, ancestors: [] },
    ...(options.from ?? []).map((text): Pending => ({
      path: [{ kind: 'open' }, { kind: 'send', text }],
      from: null,
      depth: 0,
      ancestors: [],
    })),
  ];
  try {
    for (let round = 0; level.length > 0; round++) {
      const budget = maxDialogues - tree.dialogues;
      const now = level.slice(0, Math.max(0, budget));
      for (const cut of level.slice(now.length)) {
        tree.complete = false;
        tree.edges.push({
          from: cut.from,
          path: cut.path,
          label: lastLabel(cut.path),
          outcome: 'not-run',
          reason: `--max-dialogues ${maxDialogues} reached`,
        });
      }
      if (now.length === 0 || options.signal?.aborted) {
        if (options.signal?.aborted) markNotRun(tree, now, 'interrupted');
        break;
      }
      const results = await runLevel(now, round);
      tree.dialogues += now.length;
      const next: Pending[] = [];
      for (const [i, pending] of now.entries()) {
        const result = results.get(i);
        const label = lastLabel(pending.path);
        const base = { from: pending.from, path: pending.path, label };
        const errored = result?.steps.find((s) => s.status === 'errored');
        const turns = result?.steps.map((s) => s.turn);
        if (
          !result ||
          result.steps.some((s) => s.status === 'skipped') ||
          !turns ||
          turns.some((t) => t === undefined)
        ) {
          if (errored?.status === 'errored')
            tree.edges.push({ ...base, outcome: 'errored', cause: errored.cause.message });
          else if (result?.steps.some((s) => s.status === 'failed'))
            tree.edges.push({
              ...base,
              outcome: 'errored',
              cause: result.steps
                .flatMap((s) =>
                  s.status === 'failed' ? s.mismatches.map((m) => `${m.expected}; found ${m.actual}`) : [],
                )
                .join('; '),
            });
          else {
            tree.complete = false;
            tree.edges.push({ ...base, outcome: 'not-run', reason: 'interrupted' });
          }
          continue;
        }
        const turn = turns[turns.length - 1]!;
        // the menu probe found no menu: nothing on screen to press, nothing worth a dialogue
        if (pending.path[pending.path.length - 1]!.kind === 'menu' && turn.persistentMenu.length === 0) continue;
        const key = stateKey(turn);
        const known = byKey.get(key);
        if (known) {
          tree.edges.push({ ...base, outcome: 'known', to: known.id, loop: pending.ancestors.includes(known.id) });
          walks.push({ path: pending.path, turns: turns as Turn[], state: known.id });
          continue;
        }
        const { pressable, recorded } = clickables(turn.buttons);
        const state: ExploreState = {
          id: `s${tree.states.length}`,
          scenarioName: turn.scenarioName,
          chatTypes: turn.chatTypes,
          text: turn.text,
          buttons: turn.buttons.map((b) => b.title),
          path: pending.path,
          depth: pending.depth,
          recorded,
        };
        byKey.set(key, state);
        tree.states.push(state);
        tree.edges.push({ ...base, outcome: 'new', to: state.id });
        walks.push({ path: pending.path, turns: turns as Turn[], state: state.id });
        let presses = pressable;
        const root = pending.from === null && pending.path.length === 1;
        // the persistent menu is on screen in every state: pressed from the welcome only, to keep the tree finite
        if (root || pending.path[pending.path.length - 1]!.kind === 'menu') {
          const menu = clickables(turn.persistentMenu.filter((b) => !pressable.includes(b.title)));
          state.recorded.push(...menu.recorded.map((r) => ({ ...r, title: `${r.title} (menu)` })));
          presses = [...presses, ...menu.pressable];
        }
        const ancestors = [...pending.ancestors, state.id];
        if (root && turn.persistentMenu.length === 0) {
          // no menu came with the welcome: ask for it once, as a client showing a menu would
          next.push({ path: [...pending.path, { kind: 'menu' }], from: state.id, depth: pending.depth, ancestors });
        }
        if (presses.length > 0 && pending.depth >= depthLimit) {
          state.depthLimited = true;
          tree.complete = false;
          continue;
        }
        for (const title of presses)
          next.push({
            path: [...pending.path, { kind: 'click', title }],
            from: state.id,
            depth: pending.depth + 1,
            ancestors,
          });
      }
      if (options.signal?.aborted) {
        tree.interrupted = true;
        tree.complete = false;
        markNotRun(tree, next, 'interrupted');
        break;
      }
      level = next;
    }
    if (options.signal?.aborted) {
      tree.interrupted = true;
      tree.complete = false;
    }
  } finally {
    tree.requests = stats.requests;
    await client.close();
    await target.close();
  }
  return { tree, walks };

  /** One level of paths through the run executor; results keyed by their place in the level. */
  async function runLevel(paths: Pending[], round: number): Promise<Map<number, DialogueResult>> {
    const dialogues = paths.map((p, i) => toDialogue(p.path, i));
    const results = new Map<number, DialogueResult>();
    const collector: Reporter = {
      name: 'explore',
      onDialogueEnd: (result) => {
        const index = Number(result.name.slice(0, result.name.indexOf(' ')));
        results.set(index, result);
        options.onPath?.(result);
      },
    };
    const info: RunInfo = {
      runId,
      startedAt: new Date().toISOString(),
      toolVersion: TOOL_VERSION,
      target: { kind: target.kind, host: target.host, description: target.description },
      concurrency,
      planned: dialogues.map((d, i) => planEntry(d, i)),
    };
    await executeRun(
      info,
      dialogues,
      { send: (request, sendOptions) => client.send(request, sendOptions), timeoutMs },
      new ReporterMux([collector]),
      () => stats,
      {
        concurrency,
        limit,
        userIdPrefix: `clova-regress-explore-${runId}-${round}`,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    return results;
  }
}

function markNotRun(tree: ExploreTree, paths: Pending[], reason: string): void {
  for (const p of paths)
    tree.edges.push({ from: p.from, path: p.path, label: lastLabel(p.path), outcome: 'not-run', reason });
}

function lastLabel(path: Path): string {
  const last = path[path.length - 1]!;
  return last.kind === 'click' ? last.title : last.kind === 'send' ? `send "${last.text}"` : last.kind;
}

/** A path as a Dialogue with no expectations: the runner sends and clicks exactly as for a spec. */
function toDialogue(path: Path, index: number): Dialogue {
  const pos = { file: FILE, line: 1, column: 1 };
  const steps: Step[] = path.map((s, i) => ({
    index: i + 1,
    action:
      s.kind === 'open'
        ? { kind: 'open' }
        : s.kind === 'menu'
          ? { kind: 'getPersistentMenu' }
          : s.kind === 'send'
            ? { kind: 'send', text: s.text }
            : { kind: 'click', button: { op: 'equals', value: s.title } },
    expect: {},
    expectPos: {},
    pos,
  }));
  return { suite: 'explore', file: FILE, name: `${index} ${pathLabel(path)}`, tags: [], steps, pos };
}
