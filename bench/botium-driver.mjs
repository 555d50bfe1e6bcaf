#!/usr/bin/env node
/**
 * The Botium side of the bench's Botium comparison (bench/botium.mjs): runs every convo file of a
 * folder through Botium's own pipeline, one after another, as botium-bindings does — one
 * container built once; Start, convo.Run (Botium's text asserter checks each bot reply), Stop per
 * convo — with the built-in SIMPLEREST connector against the bench's minimal mock.
 *
 *   node bench/botium-driver.mjs <botium-core dir> <convo dir> <mock url> <open text>   (CLOVA_SECRET_KEY set)
 *
 * A request hook makes each body the CLOVA v2 request bench/mocks.mjs `signed` makes (the user
 * message <open text> stands for the open event; the userId is Botium's conversation id) and signs
 * it with CLOVA_SECRET_KEY. Replies are read at `$.bubbles[*]..description`. Prints one JSON line:
 * { passed, failed, firstError }; exits 0 either way (the caller judges).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { signed } from './mocks.mjs';

const [botiumDir, convoDir, url, openText] = process.argv.slice(2);
const require = createRequire(join(botiumDir, 'package.json'));
const { BotDriver } = require('botium-core');
const secret = process.env.CLOVA_SECRET_KEY ?? '';

const driver = new BotDriver({
  PROJECTNAME: 'clova-regress bench',
  CONTAINERMODE: 'simplerest',
  SIMPLEREST_URL: url,
  SIMPLEREST_METHOD: 'POST',
  SIMPLEREST_TIMEOUT: 10_000,
  SIMPLEREST_RESPONSE_JSONPATH: '$.bubbles[*]..description',
  SIMPLEREST_REQUEST_HOOK: ({ requestOptions, msg, botium }) => {
    const open = msg.messageText === openText;
    const request = signed(open ? 'open' : 'send', open ? undefined : msg.messageText, botium.conversationId, secret);
    requestOptions.body = request.body; // a string: Botium sends it as it is
    requestOptions.headers = { ...requestOptions.headers, ...request.headers };
  },
});

const compiler = driver.BuildCompiler();
compiler.ReadScriptsFromDirectory(convoDir);
compiler.ExpandConvos();
const container = await driver.Build();
let passed = 0;
let failed = 0;
let firstError;
for (const convo of compiler.convos) {
  await container.Start();
  try {
    await convo.Run(container);
    passed++;
  } catch (err) {
    failed++;
    firstError ??= String(err.message ?? err).slice(0, 300);
  }
  await container.Stop();
}
await container.Clean();
process.stdout.write(`${JSON.stringify({ passed, failed, firstError })}\n`);
