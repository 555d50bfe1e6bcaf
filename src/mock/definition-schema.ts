/**
 * The bot definition format, defined once in the spec loader's schema language: the loader
 * validates against it (positioned errors with "did you mean"), a JSON Schema can be generated from
 * it, and docs/mock-bot.md documents the same keys.
 */
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
import { FAULT_KINDS } from './faults.js';
import { MAX_TIMER_MS } from '../yaml/bounds.js';

/** The keys that choose a button's action; exactly one per button. */
export const ACTION_KEYS = ['postback', 'url', 'next', 'utterance', 'phone'] as const;

const text = (doc: string) => field(str(), doc);
const nonEmpty = (doc: string, required = false) => field(str(undefined, { minLength: 1 }), doc, required);
const textOrNumber = (doc: string, required = false) =>
  field(union('a text or a number', [str(), num()]), doc, required);

const actionFields = {
  postback: nonEmpty('Sends this text back when pressed (a postback action).'),
  displayText: text('With `postback`: the text the messenger shows for the press.'),
  url: nonEmpty('Opens this address (a link action).'),
  mobileUrl: text('With `url`: the address on mobile.'),
  next: nonEmpty(
    'A form step: a postback whose postbackFull is `_T_<title>`, answered by this scenario while the scenario offering the button is the last one that answered.',
  ),
  utterance: nonEmpty(
    'Sends this utterance of a scenario as `_U_<id>` (an utterance action, as persistent menus use).',
  ),
  phone: nonEmpty('Calls this number (a phone action).'),
};

export const botDefinitions: Definitions = {
  json: union('any JSON value', [
    str(),
    num(),
    bool(),
    nul(),
    list(ref('json')),
    obj('a mapping', {}, { values: ref('json') }),
  ]),
  jsonObject: obj('a mapping', {}, { values: ref('json'), doc: 'Sent as written.' }),
  action: obj('an action', actionFields, { exactlyOne: { keys: ACTION_KEYS, noun: 'action' } }),
  button: union(
    'a button',
    [
      str('A postback button: the title is also the text sent.'),
      obj(
        'a button',
        {
          title: text('The label; may be left out for image buttons.'),
          icon: nonEmpty('An icon URL: makes it an image button.'),
          ...actionFields,
        },
        { exactlyOne: { keys: ACTION_KEYS, noun: 'action' } },
      ),
    ],
    'A button: a title (a postback of that text) or a mapping with one action.',
  ),
  buttonRow: union(
    'a button or a row of buttons',
    [ref('button'), list(ref('button'), undefined, 1)],
    'One button per row, or a list for buttons side by side.',
  ),
  listItem: obj('an image list item', {
    title: text('The item title.'),
    subTitle: text('The line under the title.'),
    image: nonEmpty('The image URL.', true),
    url: nonEmpty('Opens this address when tapped.'),
  }),
  sticker: obj('a sticker', {
    packageId: textOrNumber('The sticker package id.', true),
    stickerId: textOrNumber('The sticker id.', true),
    platform: field(
      str(undefined, { enum: ['line', 'lineworks'] }),
      "Which messenger's sticker: `line` (default, bubble type line_sticker) or `lineworks` (lineworks_sticker).",
    ),
  }),
  bubbleObject: obj('a bubble', {
    text: text('The description: a text bubble, or the text of an image, a cover or a card.'),
    title: text("The title (of a text or image bubble, a template cover, or a flex message's alt text)."),
    subTitle: text('The subtitle.'),
    url: nonEmpty('A link shown with the text or image.'),
    urlAlias: text("The link's displayed text."),
    image: nonEmpty('An image URL: an image bubble, or an image cover when there are buttons or items.'),
    alt: text("The image's alternative text."),
    imagePosition: field(str(undefined, { enum: ['top', 'bottom', 'left'] }), 'Where the image sits.'),
    action: field(ref('action'), 'What tapping the text or image does.'),
    buttons: field(
      list(ref('buttonRow'), undefined, 1),
      'Buttons under the text or image: a template (MULTILINKS; SINGLEFORM with `next` buttons; IMAGECARD under an image).',
    ),
    items: field(list(ref('listItem'), undefined, 1), 'An image list: one row per item.'),
    showRows: field(
      num(undefined, { integer: true, minimum: 1 }),
      'Rows of the list shown before "more" (contentTableShowRows).',
    ),
    carousel: field(
      list(ref('bubble'), undefined, 1),
      'A carousel: each card is a text, image or template bubble with its own information.',
    ),
    flex: field(ref('jsonObject'), 'A LINE flex container (bubble or carousel), sent as written.'),
    sticker: field(ref('sticker'), 'A LINE or LINE WORKS sticker (chatType STICKER).'),
    noAnswer: field(bool(), 'true: the empty NOANSWER reply.'),
    chatType: nonEmpty(
      'Overrides the chat type the mock derives (TEXT, IMAGECARD, MULTILINKS, SINGLEFORM, NOANSWER, STICKER, FLEX, or e.g. `TEXT,IMAGECARD`).',
    ),
    information: field(
      obj('information entries', {}, { values: str() }),
      'Extra information entries (key: value), added to the derived ones.',
    ),
  }),
  bubble: union(
    'a bubble',
    [str('A text bubble.'), ref('bubbleObject')],
    'A text, or a mapping describing one component.',
  ),
  answer: union(
    'a bubble or a list of bubbles',
    [ref('bubble'), list(ref('bubble'), undefined, 1)],
    'The bubbles of the reply, in order.',
  ),
  quickButtons: list(ref('button'), 'Quick buttons under the reply.'),
  keyword: union('a keyword', [
    str(undefined, { minLength: 1 }),
    obj('a keyword', { keyword: nonEmpty('The keyword.', true), group: text('Its keyword group.') }),
  ]),
  entityValue: union('an entity value', [
    str(undefined, { minLength: 1 }),
    obj('an entity value', {
      value: textOrNumber('The value reported.', true),
      synonyms: field(
        list(str(undefined, { minLength: 1 })),
        'Other words for it; recognised and reported as `value`.',
      ),
    }),
  ]),
  faultRule: obj(
    'a fault',
    {
      rate: field(
        num(undefined, { minimum: 0, maximum: 1 }),
        'Share of requests (0–1) this fault hits, decided per request from the seed, userId and request number.',
      ),
      first: field(
        num(undefined, { integer: true, minimum: 1 }),
        'Instead of a rate: the first N requests fail, then it recovers.',
      ),
      scope: field(
        str(undefined, { enum: ['user', 'server'] }),
        "What `first` counts: each userId's requests (default) or all requests since the mock started.",
      ),
      kind: field(
        str(undefined, { enum: FAULT_KINDS }),
        'status (default): an error reply; malformed: a reply cut in half; html: an HTML error page; reset: the connection is destroyed; hang: no reply at all; slow: the real reply, after delayMs (a latency spike).',
      ),
      status: field(
        num(undefined, { integer: true, minimum: 100, maximum: 599 }),
        "The HTTP status: 500 (default) sends a chatbot error body; 400, 401, 403, 404, 413, 429, 503, 504 send API Gateway bodies. For html, the page's status (default 502).",
      ),
      code: textOrNumber('The chatbot error code (default 5000), or the gateway errorCode.'),
      message: text('The error message.'),
      body: field(union('a text or a mapping', [str(), ref('jsonObject')]), 'Sent instead of the standard body.'),
      retryAfterSec: field(num(undefined, { minimum: 0 }), 'Adds a Retry-After header, in seconds.'),
      delayMs: field(
        num(undefined, { minimum: 0, maximum: MAX_TIMER_MS }),
        'For slow: how long the real reply is held back (default 1000).',
      ),
    },
    { exactlyOne: { keys: ['rate', 'first'], noun: 'trigger' } },
  ),
  faults: obj('faults', {
    latencyMs: field(
      num(undefined, { minimum: 0, maximum: MAX_TIMER_MS }),
      "Added to every reply's time, in milliseconds.",
    ),
    jitterMs: field(num(undefined, { minimum: 0, maximum: MAX_TIMER_MS }), 'Plus a seeded random 0…jitterMs.'),
    errors: field(
      list(ref('faultRule')),
      'Faults checked in order: `first` faults, then one roll across the `rate` faults.',
    ),
  }),
  welcome: obj('a welcome answer', {
    id: textOrNumber('The welcomeMsgId information (default 1).'),
    answer: field(ref('answer'), 'The welcome bubbles.', true),
    quickButtons: field(ref('quickButtons'), 'Quick buttons under the welcome.'),
  }),
  fallback: obj('a failure answer', {
    answer: field(
      ref('answer'),
      'The bubbles sent when nothing matches (`noAnswer: true` for a NOANSWER reply).',
      true,
    ),
    quickButtons: field(ref('quickButtons'), 'Quick buttons under it.'),
  }),
  menu: obj('a persistent menu', {
    title: text('The menu title (default "Menu").'),
    buttons: field(list(ref('buttonRow'), undefined, 1), 'The menu buttons, row by row.', true),
  }),
  scenario: obj(
    'a scenario',
    {
      name: nonEmpty(
        'The scenario name: scenario.name, conversation.scenarioName and the scenarioName information.',
        true,
      ),
      id: field(
        num(undefined, { integer: true, minimum: 1 }),
        'The chatUtteranceSetId (default: counting from 4929383 in file order).',
      ),
      utterances: field(
        list(str(undefined, { minLength: 1 })),
        'What users say; `@entity` stands for any value of that entity.',
      ),
      after: field(
        list(str(undefined, { minLength: 1 })),
        'A follow-up: reachable only right after one of these scenarios answered.',
      ),
      entities: field(
        list(str(undefined, { minLength: 1 })),
        'Entities recognised in the utterance and reported (those used as `@entity` are added).',
      ),
      keywords: field(list(ref('keyword')), 'Keywords reported when the utterance contains them.'),
      answer: field(ref('answer'), 'The reply bubbles; `{entity}` in a text is the recognised (or remembered) value.'),
      bubbles: field(
        list(ref('jsonObject'), undefined, 1),
        'Instead of `answer`: raw CLOVA bubbles, sent as written (information added when absent).',
      ),
      quickButtons: field(ref('quickButtons'), 'Quick buttons under the reply.'),
      faults: field(ref('faults'), "Faults when this scenario answers; each key given replaces the bot's."),
    },
    { exactlyOne: { keys: ['answer', 'bubbles'], noun: 'answer' } },
  ),
};

export const botRoot: SchemaNode = obj('a bot definition', {
  name: nonEmpty("The bot's name, for messages (default: the file name)."),
  domainCode: nonEmpty('The domainCode information of every scenario answer (default "mock").'),
  welcome: field(ref('welcome'), 'The answer to the open event.'),
  menu: field(ref('menu'), 'A persistent menu, sent on open and on getPersistentMenu.'),
  entities: field(
    obj('entities', {}, { values: list(ref('entityValue'), undefined, 1) }),
    'Entities by name, each a list of values.',
  ),
  scenarios: field(list(ref('scenario')), 'The scenarios, matched in order of preference: follow-ups first.', true),
  fallback: field(
    ref('fallback'),
    'The failure answer when nothing matches (default: a TEXT "Sorry, I did not understand that.").',
  ),
  matching: field(
    obj('matching settings', {
      threshold: field(
        num(undefined, { minimum: 0, maximum: 1 }),
        'Lowest similarity (0–1) for a near utterance to match (default 0.6).',
      ),
    }),
    'How utterances are matched.',
  ),
  session: field(
    obj('session settings', {
      idleTimeoutMs: field(
        num(undefined, { integer: true, minimum: 1, maximum: MAX_TIMER_MS }),
        'A session is forgotten after this long without requests (default 600000).',
      ),
    }),
    'Per-userId session state.',
  ),
  faults: field(ref('faults'), 'Faults for every request (command-line flags replace these key by key).'),
});
