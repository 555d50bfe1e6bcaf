/** How the CLI reports what went wrong before or around a run: exit codes from one table. */
import { redactedWriter } from '../io/output.js';
import { EXIT } from '../results/exit-code.js';

const stderr = redactedWriter(process.stderr);

/** yargs' failure hook: a usage mistake gets its message and a pointer to --help, exit 2. */
export function reportUsageError(message: string | null, error: Error | undefined): void {
  // a `.check()` that throws arrives with its message; an exception from a handler with none
  if (error && message === null && !(error as { name?: string }).name?.startsWith('YError')) {
    reportUnexpected(error);
    return;
  }
  stderr(`clova-regress: ${message ?? error?.message ?? 'usage error'}\nRun with --help for usage.\n`);
  process.exit(EXIT.usage);
}

/** A bug of ours: one line, no stack unless asked for (CLOVA_REGRESS_DEBUG=1), exit 5. */
export function reportUnexpected(error: unknown): void {
  const detail = process.env.CLOVA_REGRESS_DEBUG && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  stderr(`clova-regress: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n(This is a bug in clova-regress; set CLOVA_REGRESS_DEBUG=1 for details.)\n`);
  process.exitCode = EXIT.internal;
}
