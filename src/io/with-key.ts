/**
 * `{ ...value, [key]: next }`: the same keys in the same order (a key it lacked comes last), copied
 * into an empty object. On Node 20's V8 an object literal that spreads an object and then adds a
 * key gets a hidden class of its own every time once its call site is warm; a copy made this way
 * shares one with every other copy of the same shape (docs/performance.md, *Loading, a parser
 * state with one shape*). For copies made per step or per dialogue.
 */
export function withKey<T extends object>(value: T, key: string, next: unknown): T {
  const copy = Object.assign({}, value) as Record<string, unknown>;
  copy[key] = next;
  return copy as T;
}
