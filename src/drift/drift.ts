/**
 * Baseline drift: how this run's replies differ from a previous run's, step by step, where every
 * spec may still pass. Dialogues are matched by id (suite › name) and steps by what they do, not
 * by position — a step inserted in the middle of a dialogue does not shift every later step into
 * "changed". Pure functions: the annotator (baseline.ts) feeds them.
 */
import type {
  DialogueDrift,
  DialogueResult,
  DriftField,
  FieldChange,
  StepDrift,
  StepResult,
} from '../results/model.js';
import type { Turn } from '../protocol/turn.js';
import { describeAction, stepTitle } from '../render/dialogue-text.js';

/** The reply facts drift compares; null when the step got no reply. */
export interface StepFacts {
  key: string;
  index: number;
  title: string;
  reply: Record<DriftField, string | string[] | null> | null;
}

export interface BaselineDialogue {
  id: string;
  suite: string;
  name: string;
  file: string;
  skipped: boolean;
  steps: StepFacts[];
}

export function factsOf(turn: Turn): Record<DriftField, string | string[] | null> {
  return {
    scenarioName: turn.scenarioName,
    chatTypes: turn.chatTypes,
    text: turn.text,
    buttons: turn.buttons.map((b) => b.title),
    components: turn.bubbles.map((b) => b.type),
  };
}

/**
 * A step's identity within its dialogue: its name when it has one, else its action with an
 * occurrence count (`send "hi"#2` is the second step sending "hi").
 */
export function stepKeys(steps: Array<Pick<StepResult, 'action' | 'name'>>): string[] {
  const seen = new Map<string, number>();
  return steps.map((s) => {
    if (s.name) return `name:${s.name}`;
    const base = describeAction(s.action);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}#${n}`;
  });
}

/**
 * Shares equal strings and lists between the dialogues a baseline keeps: a large suite repeats its
 * replies (data-driven phrasings, common fallbacks), and parsed JSON gives every copy its own.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();

  str(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }

  list(items: string[]): string[] {
    const key = items.join('\u0000');
    const known = this.lists.get(key);
    if (known) return known;
    const own = items.map((i) => this.str(i));
    this.lists.set(key, own);
    return own;
  }
}

/** The compact form a baseline keeps of a dialogue: no requests, no raw replies. */
export function baselineDialogue(result: DialogueResult, intern = new Interner()): BaselineDialogue {
  const keys = stepKeys(result.steps);
  const facts = (turn: Turn): StepFacts['reply'] => {
    const f = factsOf(turn);
    return {
      scenarioName: f.scenarioName === null ? null : intern.str(f.scenarioName as string),
      chatTypes: intern.list(f.chatTypes as string[]),
      text: intern.str(f.text as string),
      buttons: intern.list(f.buttons as string[]),
      components: intern.list(f.components as string[]),
    };
  };
  return {
    id: result.id,
    suite: intern.str(result.suite),
    name: result.name,
    file: intern.str(result.file),
    skipped: result.status === 'skipped',
    steps: result.steps.map((s, i) => ({
      key: intern.str(keys[i]!),
      index: s.index,
      title: intern.str(stepTitle(s)),
      reply: s.turn ? facts(s.turn) : null,
    })),
  };
}

const FIELDS: DriftField[] = ['scenarioName', 'chatTypes', 'text', 'buttons', 'components'];

/** What changed between the baseline's dialogue and this run's; undefined when nothing did (or nothing can be compared). */
export function compareDialogue(base: BaselineDialogue | undefined, result: DialogueResult): DialogueDrift | undefined {
  if (result.status === 'skipped') return undefined;
  if (!base) return { kind: 'new', steps: [] };
  if (base.skipped) return undefined;
  const byKey = new Map(base.steps.map((s) => [s.key, s]));
  const keys = stepKeys(result.steps);
  const steps: StepDrift[] = [];
  result.steps.forEach((step, i) => {
    const before = byKey.get(keys[i]!);
    byKey.delete(keys[i]!);
    if (!before) {
      steps.push({ index: step.index, title: stepTitle(step), kind: 'new' });
      return;
    }
    // a step that got no reply here or there has nothing to compare: its verdict tells the story
    if (!before.reply || !step.turn) return;
    const changes = compareFacts(before.reply, factsOf(step.turn));
    if (changes.length) steps.push({ index: step.index, title: stepTitle(step), kind: 'changed', changes });
  });
  for (const gone of byKey.values()) steps.push({ index: gone.index, title: gone.title, kind: 'gone' });
  return steps.length ? { kind: 'changed', steps } : undefined;
}

export function compareFacts(
  before: Record<DriftField, string | string[] | null>,
  after: Record<DriftField, string | string[] | null>,
): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of FIELDS) {
    if (!same(before[field], after[field])) out.push({ field, before: before[field], after: after[field] });
  }
  return out;
}

function same(a: string | string[] | null, b: string | string[] | null): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
