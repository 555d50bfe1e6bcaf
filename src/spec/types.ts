/** The spec as the author wrote it: typed, validated, every node keeping its place in the file. */
import type { SourcePos } from './problem.js';

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
  information?: Record<string, TextMatcher>;
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
}

export interface Dialogue {
  suite: string;
  /** The spec file, relative to the working directory, `/`-separated. */
  file: string;
  name: string;
  tags: string[];
  /** Present when the dialogue is skipped: the reason, or "" when none was given. */
  skip?: string;
  steps: Step[];
  timeoutMs?: number;
  pos: SourcePos;
}

export interface Suite {
  file: string;
  name: string;
  tags: string[];
  dialogues: Dialogue[];
  pos: SourcePos;
}
