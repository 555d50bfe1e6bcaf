/**
 * The spec file format, defined once. The loader validates against it, `schema/spec.schema.json`
 * is generated from it, and docs/spec-format.md documents the same keys.
 */
import { checkRegexText, checkRegexLiteral } from './matcher-syntax.js';
import {
  bool,
  field,
  list,
  nul,
  num,
  obj,
  ref,
  str,
  union,
  type Definitions,
  type SchemaNode,
} from '../yaml/schema-dsl.js';
import { MAX_RETRIES, MAX_TIMER_MS } from '../yaml/bounds.js';

export const MATCHER_OPS = ['equals', 'contains', 'regex', 'not', 'anyOf'] as const;
export const STEP_ACTIONS = ['open', 'send', 'click', 'getPersistentMenu', 'utterances'] as const;
/** What a capture can read from a reply: an expectation key, or `information.<key>`. */
export const CAPTURE_SOURCES = [
  'description',
  'scenarioName',
  'chatType',
  'buttons',
  'quickButtons',
  'persistentMenu',
  'components',
  'entities',
  'keywords',
] as const;
/** A `json:` key is a JSONPath query, which starts at the root `$` (its full syntax is checked by the loader). */
const JSON_PATH_KEY = {
  regex: '^\\$',
  message: 'a JSONPath expression starts with `$` (the reply), e.g. `$.scenario.intent[0]`',
};

const NAME_PATTERN = {
  regex: '^[A-Za-z_][A-Za-z0-9_]*$',
  message: 'a variable name is letters, digits and _, not starting with a digit',
};
const SOURCE_PATTERN = {
  regex: `^(${CAPTURE_SOURCES.join('|')}|information\\..+)$`,
  message: `a capture reads one of ${CAPTURE_SOURCES.map((k) => `\`${k}\``).join(', ')} or \`information.<key>\``,
};

const retries = (what: string) =>
  field(
    num(undefined, { integer: true, minimum: 0, maximum: MAX_RETRIES }),
    `Re-runs of ${what} when it fails or errors (fresh userId each); overrides --retries.`,
  );
const only = (what: string) =>
  field(bool(), `Runs only ${what} (and others marked \`only\`); an error with --forbid-only, on when CI is set.`);

const timeoutMs = (what: string) =>
  field(
    num(undefined, { integer: true, minimum: 1, maximum: MAX_TIMER_MS }),
    `Request timeout in milliseconds for ${what}; overrides --timeout.`,
  );

export const specDefinitions: Definitions = {
  matcher: union(
    'a string or a matcher',
    [
      str('Exact text; written /pattern/flags it is a regular expression.', { check: checkRegexLiteral }),
      num('A number, compared as its text.'),
      obj(
        'a matcher',
        {
          equals: field(str(), 'The whole text equals this.'),
          contains: field(str(), 'The text contains this.'),
          regex: field(
            str(undefined, { check: checkRegexText }),
            'The text matches this regular expression (JavaScript syntax, unanchored; /pattern/flags also accepted).',
          ),
          not: field(ref('matcher'), 'Holds when the inner matcher does not.'),
          anyOf: field(list(ref('matcher'), undefined, 1), 'Holds when any of these holds.'),
        },
        { exactlyOne: { keys: MATCHER_OPS, noun: 'operator' } },
      ),
    ],
    'A text matcher.',
  ),
  numberMatcher: union('a number or a comparison', [
    num('Equals this number.'),
    obj(
      'a comparison',
      {
        equals: field(num(), 'Equals.'),
        gt: field(num(), 'Greater than.'),
        gte: field(num(), 'Greater than or equal.'),
        lt: field(num(), 'Less than.'),
        lte: field(num(), 'Less than or equal.'),
      },
      { minKeys: 1 },
    ),
  ]),
  matcherList: list(ref('matcher'), 'Each matcher must match some item; a top-level {not: …} must match none.'),
  bubbleExpect: obj('a bubble expectation', {
    type: field(ref('matcher'), 'The bubble type: text, image, template, carousel, flex, line_sticker, …'),
    chatType: field(ref('matcher'), 'Holds when any chat type of this bubble matches (`{not: /./}`: it has none).'),
    description: field(
      ref('matcher'),
      "This bubble's text: its description (a cover's for a template), else its flex texts, else its cards' texts.",
    ),
    imageUrl: field(ref('matcher'), "This bubble's image URL (an image bubble's, or an image cover's)."),
    url: field(
      ref('matcher'),
      "Holds when any link of this bubble matches: its url, its own action's url or mobileUrl.",
    ),
    buttons: field(
      ref('matcherList'),
      "Titles of this bubble's buttons: its own action first, then its template or flex buttons.",
    ),
    information: field(
      obj('information expectations', {}, { values: ref('matcher') }),
      "This bubble's own information entries: holds when any value of the key matches.",
    ),
  }),
  expect: obj('an expectation', {
    scenarioName: field(
      ref('matcher'),
      'The scenario that answered: scenario.name, else conversation.scenarioName, else the scenarioName information.',
    ),
    chatType: field(
      ref('matcher'),
      'Holds when any chat type of the reply matches (every bubble and carousel card; TEXT,IMAGECARD split).',
    ),
    description: field(ref('matcher'), 'The reply text: every description in reply order, joined with a newline.'),
    buttons: field(
      ref('matcherList'),
      'Button titles: template and carousel buttons, LINE flex buttons and quick buttons.',
    ),
    quickButtons: field(ref('matcherList'), 'Quick button titles only.'),
    persistentMenu: field(ref('matcherList'), 'Persistent menu button titles.'),
    components: field(
      ref('matcherList'),
      'Bubble types of the reply: text, image, template, carousel, flex, line_sticker, …',
    ),
    entities: field(ref('matcherList'), 'Entities the bot recognised, as `name` or `name=value`.'),
    keywords: field(ref('matcherList'), 'Keywords the bot matched.'),
    intents: field(ref('matcherList'), 'scenario.intent: the intents the bot reports (a list in real replies).'),
    conversationTypes: field(
      ref('matcherList'),
      'conversation.types, then the conversationTypes information values split at ␞ (U+241E).',
    ),
    bubbles: field(
      list(ref('bubbleExpect')),
      'Per-bubble expectations in order: the first item checks the first bubble, and so on; later bubbles are not checked.',
    ),
    json: field(
      obj('JSONPath expectations', {}, { values: ref('matcher'), keys: JSON_PATH_KEY }),
      'JSONPath (RFC 9535) → matcher over the raw reply, for fields the other keys do not read; holds when any selected value matches (numbers and booleans as their JSON text).',
    ),
    information: field(
      obj('information expectations', {}, { values: ref('matcher') }),
      'Information keys (matchingType, domainCode, formStart, …): holds when any value of the key matches.',
    ),
    score: field(ref('numberMatcher'), 'The score information as a number (exact matches score 1).'),
    latencyMs: field(ref('numberMatcher'), 'Time from sending the request to the whole reply, in milliseconds.'),
  }),
  vars: obj(
    'variables',
    {},
    {
      values: union('a text', [str(), num(), bool()]),
      keys: NAME_PATTERN,
      doc: 'Values for `${name}` in send, click and expect texts; a value may use `${env.NAME}` and earlier variables.',
    },
  ),
  phrasing: union('a text', [str(undefined, { minLength: 1 }), num()]),
  phrasingFile: union('a file name or a file with its columns', [
    str(
      'A .txt (a phrasing a line, # comments), .yaml (a list, or scenario: [phrasings]), .csv, .tsv or .xlsx file, relative to the spec.',
      { minLength: 1 },
    ),
    obj('an utterance file', {
      file: field(str(undefined, { minLength: 1 }), 'The file, relative to the spec.', true),
      column: field(
        str(undefined, { minLength: 1 }),
        'CSV/xlsx: the phrasing column (default: the first header naming an utterance, else the first column).',
      ),
      scenarioColumn: field(
        str(undefined, { minLength: 1 }),
        'CSV/xlsx: the column naming the scenario each phrasing must reach (default: the first header naming a scenario, if any).',
      ),
      sheet: field(str(undefined, { minLength: 1 }), 'xlsx: the sheet to read (default: the first).'),
    }),
  ]),
  capture: union('a reply field or a capture', [
    str('The whole first value of this reply field.', { pattern: SOURCE_PATTERN }),
    obj('a capture', {
      from: field(
        str(undefined, { pattern: SOURCE_PATTERN }),
        'The reply field: description, scenarioName, chatType, buttons, quickButtons, persistentMenu, components, entities, keywords or information.<key>.',
        true,
      ),
      regex: field(
        str(undefined, { check: checkRegexText }),
        'Captures group 1 (else the whole match) of the first value this matches; without it, the whole first value.',
      ),
    }),
  ]),
  step: obj(
    'a step',
    {
      open: field(
        union('nothing or a welcome postback text', [nul(), str()]),
        'Sends the open event; a text is sent as the welcome postback.',
      ),
      send: field(
        union('a text or a list of phrasings', [
          str(),
          num(),
          obj('phrasings', {
            anyOf: field(
              list(ref('phrasing'), undefined, 1),
              'Each phrasing runs the dialogue once, in its own session.',
              true,
            ),
          }),
        ]),
        'Sends this utterance (event send); `{anyOf: [...]}` runs the dialogue once per phrasing.',
      ),
      utterances: field(
        ref('phrasingFile'),
        'Like `send: {anyOf: [...]}`, with the phrasings read from a file (and, from a table, the scenario each must reach).',
      ),
      click: field(
        ref('matcher'),
        'Presses the button so titled in the previous reply: sends its postbackFull, else its postback.',
      ),
      getPersistentMenu: field(nul(), 'Sends the getPersistentMenu event.'),
      name: field(str(undefined, { minLength: 1 }), 'A label for the step in reports.'),
      expect: field(ref('expect'), 'What the reply must hold.'),
      capture: field(
        obj('captures', {}, { values: ref('capture'), keys: NAME_PATTERN }),
        'Variables read from this reply, for `${name}` in later steps.',
      ),
      timeoutMs: timeoutMs('this step'),
    },
    { exactlyOne: { keys: STEP_ACTIONS, noun: 'action', hint: 'split it into one step per action' } },
  ),
  dialogue: obj('a dialogue', {
    name: field(
      str(undefined, { minLength: 1 }),
      'Unique within the suite: reports and baselines know the dialogue by it.',
      true,
    ),
    tags: field(list(str(undefined, { minLength: 1 })), "Tags for --tag; added to the suite's tags."),
    skip: field(
      union('true or a reason', [bool(), str()]),
      'Skips the dialogue (reported as skipped); a text is the reason.',
    ),
    only: only('this dialogue'),
    retries: retries('this dialogue'),
    timeoutMs: timeoutMs('every step of this dialogue'),
    vars: field(ref('vars'), "Variables of this dialogue; they override the suite's."),
    steps: field(list(ref('step'), undefined, 1), 'The steps, run in order in one bot session.', true),
  }),
};

export const specRoot: SchemaNode = obj('a spec file', {
  suite: field(str(undefined, { minLength: 1 }), 'The suite name; defaults to the file path.'),
  tags: field(list(str(undefined, { minLength: 1 })), 'Tags inherited by every dialogue.'),
  timeoutMs: timeoutMs('every step of the suite'),
  only: only('the dialogues of this suite'),
  retries: retries('each dialogue of the suite'),
  vars: field(ref('vars'), 'Variables for every dialogue: `${name}` in send, click and expect texts.'),
  dialogues: field(list(ref('dialogue'), undefined, 1), 'The dialogues of this suite.', true),
});
