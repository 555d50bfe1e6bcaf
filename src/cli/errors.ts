/** How the CLI reports what went wrong before or around a run: exit codes from one table. */
import { redactedWriter } from '../io/output.js';
import { EXIT } from '../results/exit-code.js';
import { closestName } from '../diagnostics/problem.js';
import { COMMAND_NAMES, type CommandName } from './option-types.js';
import { optionSpecs } from './options.js';

const stderr = redactedWriter(process.stderr);

/** yargs' failure hook: a usage mistake gets its message and a pointer to --help, exit 2. */
export function reportUsageError(message: string | null, error: Error | undefined, command?: string): void {
  // a `.check()` that throws arrives with its message; an exception from a handler with none
  if (error && message === null && !(error as { name?: string }).name?.startsWith('YError')) {
    reportUnexpected(error);
    return;
  }
  const text = message ?? error?.message ?? 'usage error';
  stderr(`clova-regress: ${withSuggestion(text, command)}\nRun with --help for usage.\n`);
  process.exit(EXIT.usage);
}

/** "Unknown argument: jnuit" → "… Did you mean --junit?", from the options the command takes. */
export function withSuggestion(message: string, command: string | undefined): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (!unknown || !COMMAND_NAMES.includes(command as CommandName)) return message;
  const specs = optionSpecs(command as CommandName);
  const negated = specs.filter((s) => s.type === 'boolean').map((s) => `no-${s.name}`);
  const names = [...specs.map((s) => s.name), ...negated, 'help', 'version'];
  // yargs names an unknown flag twice (kebab and camelCase): one suggestion per flag
  const given = unknown[1]!.split(', ').filter((name) => !/[A-Z]/.test(name) || !name.includes('-'));
  const hints = [...new Set(given.map((name) => closestName(name, names)).filter((n): n is string => n !== undefined))];
  return hints.length > 0 ? `${message}. Did you mean ${hints.map((h) => `--${h}`).join(' or ')}?` : message;
}

/** A bug of ours: one line, no stack unless asked for (CLOVA_REGRESS_DEBUG=1), exit 5. */
export function reportUnexpected(error: unknown): void {
  const detail = process.env.CLOVA_REGRESS_DEBUG && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  stderr(
    `clova-regress: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n(This is a bug in clova-regress; set CLOVA_REGRESS_DEBUG=1 for details.)\n`,
  );
  process.exitCode = EXIT.internal;
}
