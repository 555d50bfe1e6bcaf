/**
 * The tree a crawl found, as plain JSON-safe data: what the console, Markdown, HTML and JSON
 * outputs render and what `coverage --results` reads as the observed side (by its schema id).
 */
import type { Path, RecordedButton } from './state.js';

export const EXPLORE_SCHEMA = 'clova-regress/explore-tree@1';

export interface ExploreState {
  /** `s0`, `s1`, … in breadth-first discovery order. */
  id: string;
  scenarioName: string | null;
  chatTypes: string[];
  text: string;
  buttons: string[];
  /** The first path that reached it. */
  path: Path;
  depth: number;
  /** Its buttons were not pressed: --depth reached. */
  depthLimited?: boolean;
  recorded: RecordedButton[];
}

/** One path pressed: where it started, what it pressed and what came of it. */
export type ExploreEdge = {
  from: string | null;
  path: Path;
  /** What the last step pressed or sent, as shown in the tree. */
  label: string;
} & (
  | { outcome: 'new'; to: string }
  | { outcome: 'known'; to: string; loop: boolean }
  | { outcome: 'errored'; cause: string }
  | { outcome: 'not-run'; reason: string }
);

export interface ExploreTree {
  schema: typeof EXPLORE_SCHEMA;
  target: string;
  startedAt: string;
  limits: { depth: number; maxDialogues: number };
  /** False when a limit or an interruption left paths unpressed. */
  complete: boolean;
  interrupted: boolean;
  dialogues: number;
  requests: number;
  states: ExploreState[];
  edges: ExploreEdge[];
}

/** Scenarios reached, each with how many states carry it, in discovery order. */
export function scenariosReached(tree: ExploreTree): Array<{ name: string; states: number }> {
  const counts = new Map<string, number>();
  for (const s of tree.states) if (s.scenarioName) counts.set(s.scenarioName, (counts.get(s.scenarioName) ?? 0) + 1);
  return [...counts].map(([name, states]) => ({ name, states }));
}

/** States with nothing to press (and not merely cut off by --depth). */
export function deadEnds(tree: ExploreTree): ExploreState[] {
  const from = new Set(tree.edges.map((e) => e.from));
  return tree.states.filter((s) => !s.depthLimited && !from.has(s.id));
}

export function isNoAnswer(state: ExploreState): boolean {
  return state.chatTypes.includes('NOANSWER');
}
