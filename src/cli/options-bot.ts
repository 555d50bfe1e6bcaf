/** Options table entries (see options.ts): which bot a command talks to, and how its requests reach it. */
import { bot, network, talksToBot } from './option-parts.js';
import type { OptionEntry } from './option-types.js';

export const BOT_OPTIONS = {
  // which bot; config file options (issue 14): docs/config.md
  target: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe: "Talk to this bot of the config file's `targets` (default: its `defaultTarget`)",
  },
  config: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe: 'Read options from this config file (default: clova-regress.config.yaml here or in a folder above)',
  },
  // which bot
  url: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe:
      "The bot's API Gateway invoke URL (env CLOVA_INVOKE_URL); " + 'the secret key comes from env CLOVA_SECRET_KEY',
  },
  mock: {
    type: 'string',
    group: bot,
    commands: talksToBot,
    describe:
      'Bot definition for the built-in mock bot, used when no URL is given ' +
      '(default: a bot.yaml beside the specs given, else specs/bot.yaml)',
  },
  // how the bot is reached: checked and turned into the client's settings by client/network.ts
  proxy: {
    type: 'string',
    group: network,
    commands: talksToBot,
    describe:
      "Send the bot's requests through this proxy (http://[user:password@]host:port), instead of " +
      'HTTPS_PROXY / HTTP_PROXY; NO_PROXY still applies. --no-proxy: no proxy at all, whatever the environment says',
  },
  header: {
    type: 'string',
    array: true,
    group: network,
    commands: talksToBot,
    describe:
      "Add this header to every request to the bot: 'Name: value' (repeatable); ${env.NAME} in the value " +
      'reads the environment; values are masked in every output',
  },
  ca: {
    type: 'string',
    repeatable: true,
    group: network,
    commands: talksToBot,
    describe: 'Also trust the CA certificates in this PEM file for an https bot and proxy (repeatable)',
  },
  cert: {
    type: 'string',
    group: network,
    commands: talksToBot,
    describe: 'Client certificate (PEM) to present to an https bot; needs --key',
  },
  key: {
    type: 'string',
    group: network,
    commands: talksToBot,
    describe: 'Private key (PEM, unencrypted) of the --cert client certificate',
  },
} as const satisfies Record<string, OptionEntry>;
