/**
 * `clova-regress mock <bot.yaml>`: serves a bot definition as a local CLOVA Chatbot until Ctrl-C.
 */
import { counted } from '../render/text.js';
import { randomBytes } from 'node:crypto';
import { loadBotDefinition, startMockServer } from '../mock/index.js';
import { faultsFromFlags } from '../mock/fault-flags.js';
import { InputError, renderInputError } from '../diagnostics/problem.js';
import { EXIT } from '../results/exit-code.js';
import type { ArgsOf } from './options.js';
import type { CommandIo } from './handle.js';
import { faultFlagsOf } from './target.js';

/** Runs the mock until SIGINT or SIGTERM; resolves to the exit code. */
export async function main(argv: ArgsOf<'mock'>, { stdout, stderr, env }: CommandIo): Promise<number> {
  const envSecret = env.CLOVA_SECRET_KEY;

  let faults;
  let bot;
  try {
    faults = faultsFromFlags(faultFlagsOf(argv));
    bot = await loadBotDefinition(argv.bot);
  } catch (error) {
    stderr(
      error instanceof InputError
        ? `${renderInputError(error, 'the mock bot was not started')}\n`
        : `clova-regress: ${(error as Error).message}\n`,
    );
    return EXIT.usage;
  }

  const secretKey = envSecret || randomBytes(24).toString('base64');
  let server;
  try {
    server = await startMockServer({
      bot,
      secretKey,
      host: argv.host,
      port: argv.port,
      path: argv.path,
      seed: argv.seed,
      timestampWindowMs: argv.timestampWindowMs === 0 ? Infinity : argv.timestampWindowMs,
      ...(faults ? { faults } : {}),
      ...(argv.verbose ? { log: (line: string) => stdout(`${line}\n`) } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE' ? `port ${argv.port} is in use (try --port 0 for a free one)` : (error as Error).message;
    stderr(`clova-regress: cannot start the mock bot: ${why}\n`);
    return EXIT.usage;
  }

  stdout(
    `Mock CLOVA bot "${bot.name}" (${counted(bot.scenarios.length, 'scenario')}, ${bot.file}) listening at ${server.url}\n`,
  );
  if (envSecret) {
    stdout('Signatures are checked with the key in CLOVA_SECRET_KEY.\n');
  } else {
    // the one place a secret is printed, on purpose: the user has to give it to their clients
    process.stdout.write(
      `No CLOVA_SECRET_KEY set: requests must be signed with a generated key. For clients, run:\n  export CLOVA_SECRET_KEY='${secretKey}'\n`,
    );
  }
  stdout(`  export CLOVA_INVOKE_URL=${server.url}\nPress Ctrl-C to stop.\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (name: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(name);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const stats = server.stats();
  await server.close();
  const rejected = Object.values(stats.rejected).reduce((a, b) => a + b, 0);
  const faulted = Object.values(stats.faults).reduce((a, b) => a + b, 0);
  stdout(
    `\nStopped (${signal}) after ${counted(stats.requests, 'request')}: ${stats.replies} answered, ${rejected} rejected, ${faulted} faults injected.\n`,
  );
  return EXIT.ok;
}
