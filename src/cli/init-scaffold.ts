/**
 * What `clova-regress init` writes: a small bot for the built-in mock and a spec that runs
 * against it and passes — one of each feature an author reaches for first (open, send, click,
 * phrasings, vars, a capture). Each file starts with the yaml-language-server line that gives
 * editors completion from the schemas shipped in the package.
 */
import { join, relative, sep } from 'node:path';

export interface ScaffoldFile {
  /** Relative to the project folder. */
  path: string;
  text: string;
  /** For the summary: what the file is. */
  what: string;
  /** Kept as it is when it exists already (the project's config file), instead of stopping init. */
  keepExisting?: boolean;
}

const BOT = `# A bot for the built-in mock CLOVA chatbot: \`clova-regress run\` talks to it when no --url is
# given. Write your bot's scenarios here to test specs offline, or run the specs against your live
# bot with --url (and CLOVA_SECRET_KEY). The format: docs/mock-bot.md in the clova-regress package.
name: My bot

welcome:
  answer: Hello! Ask me when we are open, or order a coffee.
  quickButtons: [Opening hours, Order a coffee]

entities:
  size:
    - { value: S, synonyms: [small] }
    - { value: M, synonyms: [medium] }
    - { value: L, synonyms: [large] }

scenarios:
  - name: Opening hours
    utterances: [opening hours, when are you open, what time do you open, 영업시간, 営業時間]
    answer: We are open every day from 10:00 to 20:00.

  - name: Order
    utterances: [order a coffee, I want to order, 주문할게요]
    answer:
      text: Which size would you like?
      buttons:
        - { title: Small, next: Order size }
        - { title: Medium, next: Order size }
        - { title: Large, next: Order size }

  - name: Order size
    after: [Order]
    utterances: ["@size", "@size please"]
    answer: Size {size}. Shall I place the order?
    quickButtons:
      - { title: Confirm, next: Order confirmed }

  - name: Order confirmed
    after: [Order size]
    utterances: [yes, confirm]
    answer: Your size {size} coffee is ordered. Thank you!

fallback:
  answer: Sorry, I did not catch that.
`;

const SPEC = `# Dialogues to run against the bot: \`clova-regress run\`. The format: docs/spec-format.md in the
# clova-regress package; \`clova-regress validate\` checks this file without sending anything.
suite: My bot — first specs
vars:
  opens: "10:00"

dialogues:
  - name: greets on open
    steps:
      - open:
        expect:
          chatType: TEXT
          description: { contains: Hello }
          quickButtons: [Opening hours, Order a coffee]

  # one run per phrasing, each in its own session, reported together
  - name: opening hours, however it is asked
    steps:
      - send: { anyOf: [opening hours, when are you open, what time do you open, 영업시간] }
        expect:
          scenarioName: Opening hours
          description: { contains: "\${opens}" }

  - name: order a coffee with the buttons
    steps:
      - send: order a coffee
        expect:
          scenarioName: Order
          buttons: [Small, Medium, Large]
      - click: Medium
        expect:
          scenarioName: Order size
        # read the recognised size from this reply, for the steps after
        capture:
          size: { from: entities, regex: "^size=(.+)$" }
      - click: Confirm
        expect:
          scenarioName: Order confirmed
          description: "Your size \${size} coffee is ordered. Thank you!"
`;

/** The config file, in the project folder: the mock as the default target, a live one to fill in. */
function configText(dir: string): string {
  const posix = dir.split(sep).join('/');
  return `# yaml-language-server: $schema=node_modules/clova-regress/docs/schema/config.schema.json
# clova-regress's options for this project (docs/config.md in the clova-regress package): every
# \`run\` flag is a key (camelCase: maxFailures), and a flag on the command line wins over it.
paths: [${posix}]

# The bots to run against: \`clova-regress run --target NAME\`, else defaultTarget.
targets:
  # the built-in mock bot, answering from the example bot definition
  mock: { mock: ${posix}/bot.yaml }
  # a live bot: its invoke URL, and the environment variable that holds its secret key
  # service: { url: "\${env.CLOVA_INVOKE_URL}", secretEnv: CLOVA_SECRET_KEY, rps: 20 }
defaultTarget: mock
`;
}

/** The files for a scaffold in `dir` (relative to the project), schema lines pointing into node_modules. */
export function scaffoldFiles(dir: string): ScaffoldFile[] {
  const schemaLine = (kind: 'spec' | 'bot') => {
    const fromDir = relative(dir, join('node_modules', 'clova-regress', 'docs', 'schema', `${kind}.schema.json`))
      .split(sep)
      .join('/');
    return `# yaml-language-server: $schema=${fromDir}\n`;
  };
  return [
    { path: join(dir, 'bot.yaml'), text: schemaLine('bot') + BOT, what: 'a bot for the built-in mock, 4 scenarios' },
    {
      path: join(dir, 'example.yaml'),
      text: schemaLine('spec') + SPEC,
      what: 'a spec: 3 dialogues, one of them run once per phrasing',
    },
    {
      path: 'clova-regress.config.yaml',
      text: configText(dir),
      what: 'options and targets: the mock by default',
      keepExisting: true,
    },
  ];
}
