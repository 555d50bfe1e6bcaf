/**
 * What a failed expectation reports: the one type every matcher returns, in its own module so
 * the matchers (text, bubbles, JSON) and the table that combines them do not import each other.
 */
import type { SourcePos } from '../diagnostics/problem.js';
import type { TextMatcher } from '../dialogues/types.js';

export interface Mismatch {
  /** The expectation key: `scenarioName`, `buttons`, `information.formStart`, `click`, … */
  field: string;
  /** The expectation as written, in words: `"Products"`, `a button matching /Product [BC]/`. */
  expected: string;
  /** What the reply held for that field. */
  actual: string | string[] | number | null;
  /** The text matcher, when there is one: diff renderers use it to show where text fell short. */
  matcher?: TextMatcher;
  /** Where the expectation was written. */
  pos?: SourcePos;
}
