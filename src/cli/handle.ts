/**
 * Every command handler runs through here: writers that mask secrets, the secret key registered
 * before anything prints, and one ladder from an error to its exit code. Loaded with the handler.
 */
import { redactedWriter } from '../io/output.js';
import { registerSecret } from '../io/redact.js';
import { InputError, renderInputError } from '../diagnostics/problem.js';
import { SelectionError } from '../run/select.js';
import { ResultsFileError } from '../results/results-file.js';
import { EXIT } from '../results/exit-code.js';
import { reportUnexpected } from './errors.js';

/** What a handler writes through and reads: the console stream, stderr, the environment, the folder. */
export interface CommandIo {
  /** Masked writer to the console stream (stderr when a report owns stdout). */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  consoleStream: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Handling {
  /** Where the console's lines go (default stdout). */
  consoleStream?: NodeJS.WriteStream;
  /** What the last line of an input error says was not done (default "nothing was run"). */
  notDone?: string;
  /** This command's own errors: an exit code after saying why, or undefined for the common ladder. */
  onError?: (error: unknown, io: CommandIo) => number | undefined;
}

export type CommandMain<A> = (args: A, io: CommandIo) => Promise<number>;

/** Runs a handler; resolves to the exit code (a usage mistake 2, a bug of ours 5). */
export async function handle<A>(main: CommandMain<A>, args: A, handling: Handling = {}): Promise<number> {
  const env = process.env;
  const consoleStream = handling.consoleStream ?? process.stdout;
  const io: CommandIo = { stdout: redactedWriter(consoleStream), stderr: redactedWriter(process.stderr), consoleStream, env, cwd: process.cwd() };
  registerSecret(env.CLOVA_SECRET_KEY);
  try {
    return await main(args, io);
  } catch (error) {
    const own = handling.onError?.(error, io);
    if (own !== undefined) return own;
    if (error instanceof InputError) {
      io.stderr(`${renderInputError(error, handling.notDone)}\n`);
      return EXIT.usage;
    }
    if (error instanceof SelectionError || error instanceof ResultsFileError) {
      io.stderr(`clova-regress: ${error.message}\n`);
      return EXIT.usage;
    }
    reportUnexpected(error);
    return EXIT.internal;
  }
}
