/**
 * `clova-regress mock <bot.yaml>`: serves a bot definition as a local CLOVA Chatbot until Ctrl-C.
 * Only the flag definitions load at start-up; the mock itself is imported when the command runs,
 * so `clova-regress --version` stays fast.
 */
import { counted } from '../render/text.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { mockFaultFlags, type FaultFlags } from '../mock/fault-flags.js';

export interface MockArgs extends FaultFlags {
  bot: string;
  port: number;
  host: string;
  path: string;
  seed: number;
  timestampWindowMs: number;
  verbose: boolean;
}

export const mockCommand: CommandModule<object, MockArgs> = {
  command: 'mock <bot>',
  describe: 'Serve a bot definition as a local CLOVA Chatbot (the built-in mock bot)',
  builder: (y: Argv) =>
    y
      .positional('bot', { describe: 'The bot definition file (e.g. specs/bot.yaml)', type: 'string', demandOption: true })
      .option('port', { describe: 'Port to listen on (0: any free port)', type: 'number', default: 0 })
      .option('host', { describe: 'Address to listen on', type: 'string', default: '127.0.0.1' })
      .option('path', { describe: 'The invoke path that answers; other paths get the API Gateway\'s 404', type: 'string', default: '/' })
      .option('seed', { describe: 'Seed of the fault decisions: the same seed, the same faults for the same userIds', type: 'number', default: 0 })
      .option('timestamp-window-ms', { describe: 'Refuse request timestamps further than this from the clock (code 4032); 0 turns the check off, e.g. to replay one signed body in a benchmark', type: 'number', default: 10_000 })
      .option('verbose', { describe: 'Print one line per request', type: 'boolean', default: false })
      .options(mockFaultFlags)
      .check((argv) => {
        const port = argv.port as number;
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a whole number from 0 to 65535');
        if (!Number.isInteger(argv.seed)) throw new Error('--seed must be a whole number');
        const window = argv['timestamp-window-ms'] as number;
        if (!(window >= 0)) throw new Error('--timestamp-window-ms must be 0 or more');
        if (!(argv.path as string).startsWith('/')) throw new Error('--path must start with /');
        return true;
      }) as unknown as Argv<MockArgs>,
  handler: async (argv: ArgumentsCamelCase<MockArgs>) => {
    process.exitCode = await serveMock(argv);
  },
};

/** Runs the mock until SIGINT or SIGTERM; resolves to the exit code. */
async function serveMock(argv: MockArgs): Promise<number> {
  const [{ loadBotDefinition, startMockServer, faultsFromFlags }, { InputError, renderInputError }, { redactedWriter }, { registerSecret }, { EXIT }, { randomBytes }] = await Promise.all([
    import('../mock/index.js'),
    import('../diagnostics/problem.js'),
    import('../io/output.js'),
    import('../io/redact.js'),
    import('../results/exit-code.js'),
    import('node:crypto'),
  ]);
  const stdout = redactedWriter(process.stdout);
  const stderr = redactedWriter(process.stderr);
  const envSecret = process.env.CLOVA_SECRET_KEY;
  registerSecret(envSecret);

  let faults;
  let bot;
  try {
    faults = faultsFromFlags(argv);
    bot = await loadBotDefinition(argv.bot);
  } catch (error) {
    stderr(error instanceof InputError ? `${renderInputError(error, 'the mock bot was not started')}\n` : `clova-regress: ${(error as Error).message}\n`);
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
    const why = code === 'EADDRINUSE' ? `port ${argv.port} is in use (try --port 0 for a free one)` : (error as Error).message;
    stderr(`clova-regress: cannot start the mock bot: ${why}\n`);
    return EXIT.usage;
  }

  stdout(`Mock CLOVA bot "${bot.name}" (${counted(bot.scenarios.length, 'scenario')}, ${bot.file}) listening at ${server.url}\n`);
  if (envSecret) {
    stdout('Signatures are checked with the key in CLOVA_SECRET_KEY.\n');
  } else {
    // the one place a secret is printed, on purpose: the user has to give it to their clients
    process.stdout.write(`No CLOVA_SECRET_KEY set: requests must be signed with a generated key. For clients, run:\n  export CLOVA_SECRET_KEY='${secretKey}'\n`);
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
  stdout(`\nStopped (${signal}) after ${counted(stats.requests, 'request')}: ${stats.replies} answered, ${rejected} rejected, ${faulted} faults injected.\n`);
  return EXIT.ok;
}
