/**
 * The full shape of a results file's parts, as data: every field a reporter, merge or a baseline
 * reads, with its type. A hand-edited file with `null` where a list belongs is refused here, with
 * the JSON path of the first field that is wrong, instead of crashing a reporter halfway through
 * the reports. Unknown fields are allowed (newer minor versions add optional ones).
 */

/** Returns undefined when `value` fits, else `[json path suffix, what is wrong]`. */
export type Shape = (value: unknown, path: string) => [string, string] | undefined;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'an object'
        : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;

const primitive =
  (type: 'string' | 'number' | 'boolean', words: string): Shape =>
  (v, path) =>
    typeof v === type && (type !== 'number' || Number.isFinite(v))
      ? undefined
      : [path, `expected ${words}, got ${describe(v)}`];

export const str = primitive('string', 'text');
export const num = primitive('number', 'a number');
export const bool = primitive('boolean', 'true or false');
export const any: Shape = () => undefined;

export const nullable =
  (shape: Shape): Shape =>
  (v, path) =>
    v === null ? undefined : shape(v, path);

export const oneOf =
  (...values: string[]): Shape =>
  (v, path) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : [path, `expected one of ${values.join(', ')}, got ${describe(v)}`];

export const either =
  (...shapes: Shape[]): Shape =>
  (v, path) => {
    let first: [string, string] | undefined;
    for (const shape of shapes) {
      const problem = shape(v, path);
      if (!problem) return undefined;
      first ??= problem;
    }
    return first;
  };

export const list =
  (item: Shape): Shape =>
  (v, path) => {
    if (!Array.isArray(v)) return [path, `expected a list, got ${describe(v)}`];
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };

/** An object with these fields; a key ending in `?` may be absent. */
export const obj =
  (fields: Record<string, Shape>): Shape =>
  (v, path) => {
    if (!isObj(v)) return [path, `expected an object, got ${describe(v)}`];
    for (const [key, shape] of Object.entries(fields)) {
      const optional = key.endsWith('?');
      const name = optional ? key.slice(0, -1) : key;
      const at = path ? `${path}.${name}` : name;
      if (!Object.hasOwn(v, name) || v[name] === undefined) {
        if (optional) continue;
        return [at, 'is missing'];
      }
      const problem = shape(v[name], at);
      if (problem) return problem;
    }
    return undefined;
  };

export const record =
  (value: Shape): Shape =>
  (v, path) => {
    if (!isObj(v)) return [path, `expected an object, got ${describe(v)}`];
    for (const [key, item] of Object.entries(v)) {
      const problem = value(item, `${path}[${JSON.stringify(key)}]`);
      if (problem) return problem;
    }
    return undefined;
  };

/** A shape defined in terms of itself (text matchers, carousel cards). */
export const lazy =
  (make: () => Shape): Shape =>
  (v, path) =>
    make()(v, path);

// --- the results file --------------------------------------------------------------------------

const pos = obj({ file: str, line: num, column: num });

const textMatcher: Shape = lazy(() =>
  either(
    obj({ op: oneOf('equals', 'contains'), value: str }),
    obj({ op: oneOf('regex'), pattern: str, flags: str }),
    obj({ op: oneOf('not'), matcher: textMatcher }),
    obj({ op: oneOf('anyOf'), matchers: list(textMatcher) }),
  ),
);
const numberMatcher = obj({ 'equals?': num, 'gt?': num, 'gte?': num, 'lt?': num, 'lte?': num });
const expectations = obj({
  'scenarioName?': textMatcher,
  'chatType?': textMatcher,
  'description?': textMatcher,
  'buttons?': list(textMatcher),
  'quickButtons?': list(textMatcher),
  'persistentMenu?': list(textMatcher),
  'components?': list(textMatcher),
  'entities?': list(textMatcher),
  'keywords?': list(textMatcher),
  'information?': record(textMatcher),
  'score?': numberMatcher,
  'latencyMs?': numberMatcher,
});
const action = either(
  obj({ kind: oneOf('open'), 'text?': str }),
  obj({ kind: oneOf('send'), text: str }),
  obj({ kind: oneOf('click'), button: textMatcher }),
  obj({ kind: oneOf('getPersistentMenu') }),
);
const optionalText = (...keys: string[]) => Object.fromEntries(keys.map((k) => [`${k}?`, str]));
const button = obj({
  title: str,
  source: str,
  'action?': obj({
    type: str,
    ...optionalText('postback', 'postbackFull', 'displayText', 'text', 'url', 'mobileUrl', 'number'),
  }),
  'iconUrl?': str,
});
const bubble: Shape = lazy(() =>
  obj({
    type: str,
    ...optionalText('title', 'subTitle', 'description', 'imageUrl', 'url', 'urlAlias', 'coverType'),
    'buttons?': list(button),
    'items?': list(obj(optionalText('title', 'subTitle', 'imageUrl', 'url'))),
    'cards?': list(bubble),
    'sticker?': obj(optionalText('packageId', 'stickerId')),
    'flexTexts?': list(str),
    'chatTypes?': list(str),
  }),
);
const turn = obj({
  event: str,
  status: num,
  scenarioName: nullable(str),
  chatTypes: list(str),
  text: str,
  bubbles: list(bubble),
  buttons: list(button),
  quickButtons: list(button),
  persistentMenu: list(button),
  entities: list(obj({ name: str, value: str })),
  keywords: list(str),
  information: record(list(str)),
  score: nullable(num),
  sessionId: nullable(str),
  latencyMs: num,
  'raw?': any,
});
const mismatch = obj({
  field: str,
  expected: str,
  actual: nullable(either(str, num, list(str))),
  'matcher?': textMatcher,
  'pos?': pos,
});
const cause = obj({ kind: str, message: str, 'status?': num, 'code?': str, 'retryable?': bool, 'retryAfterMs?': num });
const request = obj({ event: str, userId: str, 'text?': str, timestamp: num, body: str });
const stepCommon = {
  index: num,
  'name?': str,
  action,
  expect: expectations,
  pos,
  'request?': request,
  'turn?': turn,
  'attempts?': num,
  durationMs: num,
};
const step = either(
  obj({ ...stepCommon, status: oneOf('passed') }),
  obj({ ...stepCommon, status: oneOf('failed'), mismatches: list(mismatch) }),
  obj({ ...stepCommon, status: oneOf('errored'), cause }),
  obj({ ...stepCommon, status: oneOf('skipped'), reason: str }),
);
const group = obj({ name: str, variant: str, index: num, size: num, step: num, 'expectedScenario?': str });
const fieldValue = nullable(either(str, list(str)));
const drift = obj({
  kind: oneOf('new', 'changed'),
  steps: list(
    obj({
      index: num,
      title: str,
      kind: oneOf('changed', 'new', 'gone'),
      'changes?': list(obj({ field: str, before: fieldValue, after: fieldValue })),
    }),
  ),
});
const attempt = obj({
  status: oneOf('passed', 'failed', 'errored'),
  userId: str,
  startedAt: str,
  durationMs: num,
  steps: list(step),
});

const statusShape = oneOf('passed', 'failed', 'errored', 'flaky', 'skipped');
const repetition = obj({
  repetition: num,
  status: statusShape,
  'skipReason?': str,
  userId: str,
  startedAt: str,
  durationMs: num,
  steps: list(step),
  'retries?': list(attempt),
});
const repeatSetting = { each: num, minPassRate: num };

export const dialogueShape = obj({
  id: str,
  suite: str,
  file: str,
  name: str,
  tags: list(str),
  pos,
  status: oneOf('passed', 'failed', 'errored', 'flaky', 'skipped'),
  'skipReason?': str,
  userId: str,
  startedAt: str,
  durationMs: num,
  steps: list(step),
  'retries?': list(attempt),
  'group?': group,
  'drift?': drift,
  'repeats?': obj({ ...repeatSetting, passed: num, runs: list(repetition) }),
});

const plannedExpectation = obj({ field: str, matcher: textMatcher, line: num, column: num, 'file?': str });
const planned = obj({
  id: str,
  suite: str,
  file: str,
  name: str,
  tags: list(str),
  steps: num,
  'line?': num,
  'order?': num,
  'group?': group,
  'expects?': list(plannedExpectation),
  'only?': bool,
});

export const infoShape = obj({
  runId: str,
  startedAt: str,
  'toolVersion?': str,
  target: obj({ kind: str, host: str, description: str }),
  concurrency: num,
  planned: list(planned),
  'shard?': str,
  'plan?': obj({ dialogues: num, fingerprint: str }),
  'repeat?': obj(repeatSetting),
  'onlyMarked?': num,
  'merged?': list(obj({ runId: str, file: str, 'shard?': str })),
});

const counts = obj({ total: num, passed: num, failed: num, errored: num, flaky: num, skipped: num });
const latency = obj({ count: num, p50: num, p95: num, p99: num, max: num });
const driftSummary = obj({
  baseline: obj({ runId: str, startedAt: str, 'file?': str }),
  compared: num,
  changedDialogues: num,
  changedSteps: num,
  newDialogues: num,
  newSteps: num,
  goneSteps: num,
  gone: list(obj({ id: str, suite: str, name: str, file: str })),
});

export const summaryShape = obj({
  runId: str,
  startedAt: str,
  endedAt: str,
  durationMs: num,
  counts,
  requests: num,
  throttled: num,
  interrupted: bool,
  notRun: num,
  'stopReason?': oneOf('signal', 'max-failures', 'fatal-error'),
  'fatalError?': obj({ kind: str, message: str, 'code?': str, 'status?': num, dialogues: num }),
  'missingShards?': list(str),
  'throttling?': obj({ reductions: num, lowestConcurrency: num }),
  'stepLatencyMs?': latency,
  'drift?': driftSummary,
});
