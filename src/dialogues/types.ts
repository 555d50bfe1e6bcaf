/** The spec as the author wrote it: typed, validated, every node keeping its place in the file. */
import type { SourcePos } from '../diagnostics/problem.js';

/** Text matchers, JSON-safe so results files can carry them. A plain YAML string is `equals`; `/p/f` is `regex`. */
export type TextMatcher =
  | { op: 'equals'; value: string }
  | { op: 'contains'; value: string }
  | { op: 'regex'; pattern: string; flags: string }
  | { op: 'not'; matcher: TextMatcher }
  | { op: 'anyOf'; matchers: TextMatcher[] };

/** Numeric comparisons; every one given must hold. */
export interface NumberMatcher {
  equals?: number;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** What one bubble of a `bubbles:` list expects; every key given is checked against that bubble. */
export interface BubbleExpectation {
  type?: TextMatcher;
  chatType?: TextMatcher;
  description?: TextMatcher;
  imageUrl?: TextMatcher;
  url?: TextMatcher;
  buttons?: TextMatcher[];
  information?: Record<string, TextMatcher>;
  /** Where each key was written (JSON-safe: results files carry it). */
  pos?: Partial<Record<BubbleField, SourcePos>>;
  /** Where the item itself was written. */
  at?: SourcePos;
}

export type BubbleField = Exclude<keyof BubbleExpectation, 'pos' | 'at'>;

/** One `json:` entry: a JSONPath expression over the raw reply and what a selected value must match. */
export interface JsonExpectation {
  path: string;
  matcher: TextMatcher;
  pos?: SourcePos;
}

/** The expectation keys that hold a list of matchers (each must match one of the reply's values), in spec order. */
export const LIST_EXPECT_KEYS = [
  'buttons',
  'quickButtons',
  'persistentMenu',
  'components',
  'entities',
  'keywords',
  'intents',
  'conversationTypes',
] as const;
export type ListExpectKey = (typeof LIST_EXPECT_KEYS)[number];

/** What a step expects of its reply. Every key is optional; every key given is checked. */
export interface Expectations {
  scenarioName?: TextMatcher;
  chatType?: TextMatcher;
  description?: TextMatcher;
  buttons?: TextMatcher[];
  quickButtons?: TextMatcher[];
  persistentMenu?: TextMatcher[];
  components?: TextMatcher[];
  entities?: TextMatcher[];
  keywords?: TextMatcher[];
  intents?: TextMatcher[];
  conversationTypes?: TextMatcher[];
  information?: Record<string, TextMatcher>;
  /** The i-th item checks the i-th bubble of the reply. */
  bubbles?: BubbleExpectation[];
  /** JSONPath → matcher over the raw reply, for fields the Turn does not model. */
  json?: JsonExpectation[];
  score?: NumberMatcher;
  latencyMs?: NumberMatcher;
}

export type ExpectField = keyof Expectations;

export type Action =
  | { kind: 'open'; text?: string }
  | { kind: 'send'; text: string }
  | { kind: 'click'; button: TextMatcher }
  | { kind: 'getPersistentMenu' };

export interface Step {
  /** 1-based, as reports show it. */
  index: number;
  name?: string;
  action: Action;
  expect: Expectations;
  /** Where each expectation key was written, for messages that point at the spec line. */
  expectPos: Partial<Record<ExpectField, SourcePos>>;
  timeoutMs?: number;
  pos: SourcePos;
  /** Variables this step reads from the reply, for later steps. */
  captures?: Capture[];
  /** Captured variables the step's texts still refer to as `${name}`: filled in when the step runs. */
  uses?: string[];
}

/** A reply field a capture reads: an expectation key, or `information.<key>`. */
export type CaptureSource =
  | 'description'
  | 'scenarioName'
  | 'chatType'
  | 'buttons'
  | 'quickButtons'
  | 'persistentMenu'
  | 'components'
  | 'entities'
  | 'keywords'
  | `information.${string}`;

export interface Capture {
  name: string;
  from: CaptureSource;
  /** Group 1 (else the whole match) of the first value it matches; absent: the whole first value. */
  regex?: { pattern: string; flags: string };
  pos: SourcePos;
}

/**
 * A dialogue expanded from a list of phrasings (`send: {anyOf}` or `utterances:`): one variant per
 * phrasing, each run in its own session, reported together under the dialogue's own name.
 */
export interface DialogueGroup {
  /** The dialogue's name as written; each variant's `name` adds its phrasing. */
  name: string;
  /** This variant's phrasing. */
  variant: string;
  /** 1-based position of the phrasing in its list, and the list's length. */
  index: number;
  size: number;
  /** The index of the step that sends the phrasing. */
  step: number;
  /** The scenario this phrasing must reach, when the step expects a plain scenario name (routing tables). */
  expectedScenario?: string;
}

export interface Dialogue {
  suite: string;
  /** The spec file, relative to the working directory, `/`-separated. */
  file: string;
  name: string;
  tags: string[];
  /** Present when the dialogue is skipped: the reason, or "" when none was given. */
  skip?: string;
  /** Present when the dialogue (or its suite) is marked `only: true`: where that key is written. */
  only?: SourcePos;
  /** Re-runs when it fails or errors, from the spec (`retries:` of the dialogue, else its suite). */
  retries?: number;
  steps: Step[];
  timeoutMs?: number;
  pos: SourcePos;
  /** Present on each variant of a data-driven dialogue. */
  group?: DialogueGroup;
}

export interface Suite {
  file: string;
  name: string;
  tags: string[];
  dialogues: Dialogue[];
  pos: SourcePos;
}
