/** `json:` keys are JSONPath queries (RFC 9535): checked when the spec loads, so a typo never runs. */
import { jsonPathLibrary } from './json-path-library.js';

/** Why an expression is not a JSONPath query, or undefined when it is one. */
export function jsonPathProblem(expression: string): string | undefined {
  try {
    jsonPathLibrary().parse(expression);
    return undefined;
  } catch (error) {
    const e = error as Error & { location?: { start?: { offset?: number } } };
    const offset = e.location?.start?.offset;
    const where = offset === undefined ? '' : ` at character ${offset + 1}`;
    return `\`${expression}\` is not a JSONPath expression${where}: ${e.message}`;
  }
}
