/**
 * `clova-regress validate [paths..]`: checks every spec and bot definition as `run` and `mock`
 * would load them, sends nothing; lists every problem with file:line:column; exit 2 when any.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { maskEnvOption } from './mask-env-flag.js';

export interface ValidateArgs {
  paths: string[];
  format: 'text' | 'json' | 'github';
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [paths..]',
  describe: 'Check spec files and bot definitions without sending anything',
  builder: (y: Argv) =>
    y
      .positional('paths', { describe: 'Spec and bot files or folders (searched for *.yaml, *.yml)', type: 'string', array: true, default: ['specs'] })
      .option('mask-env', maskEnvOption)
      .option('format', { describe: 'text (with the lines and carets), json, or github (workflow annotations on the PR diff)', choices: ['text', 'json', 'github'] as const, default: 'text' as const }) as unknown as Argv<ValidateArgs>,
  handler: async (argv: ArgumentsCamelCase<ValidateArgs>) => {
    process.exitCode = await validate(argv);
  },
};

async function validate(argv: ValidateArgs): Promise<number> {
  const [{ validateFiles }, { InputError, renderInputError, renderProblems }, { redactedWriter }, { EXIT }, { reportUnexpected }] = await Promise.all([
    import('../validate/validate.js'),
    import('../diagnostics/problem.js'),
    import('../io/output.js'),
    import('../results/exit-code.js'),
    import('./errors.js'),
  ]);
  const stdout = redactedWriter(process.stdout);
  const stderr = redactedWriter(process.stderr);
  let report;
  try {
    report = await validateFiles(argv.paths);
  } catch (error) {
    if (error instanceof InputError) {
      stderr(`${renderInputError(error)}\n`);
      return EXIT.usage;
    }
    reportUnexpected(error);
    return EXIT.internal;
  }
  const files = report.specs.length + report.bots.length + new Set(report.problems.map((p) => p.file)).size;
  if (files === 0) {
    stderr(`clova-regress: no spec or bot files found in ${argv.paths.join(', ')}\n`);
    return EXIT.usage;
  }
  const ok = report.problems.length === 0;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const checked = `${plural(report.specs.length, 'spec file')} (${plural(report.specs.reduce((n, s) => n + s.dialogues, 0), 'dialogue')}, ${plural(report.specs.reduce((n, s) => n + s.steps, 0), 'step')}) and ${plural(report.bots.length, 'bot definition')} (${plural(report.bots.reduce((n, b) => n + b.scenarios.length, 0), 'scenario')})`;

  if (argv.format === 'json') {
    const strip = ({ file, line, column, code, message, hint, severity }: (typeof report.problems)[number]) => ({ file, line, column, code, message, ...(hint ? { hint } : {}), severity: severity ?? 'error' });
    stdout(`${JSON.stringify({ ok, specs: report.specs, bots: report.bots.map((b) => ({ file: b.file, scenarios: b.scenarios.length })), problems: report.problems.map(strip), warnings: report.warnings.map(strip), unsetEnv: report.unsetEnv }, null, 2)}\n`);
    return ok ? EXIT.ok : EXIT.usage;
  }
  const all = [...report.problems, ...report.warnings];
  if (argv.format === 'github') {
    // workflow commands: GitHub shows each on the line of the PR diff it names
    const esc = (t: string) => t.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    for (const p of all) stdout(`::${p.severity ?? 'error'} file=${p.file},line=${p.line},col=${p.column},title=${p.code}::${esc(p.message + (p.hint ? ` — ${p.hint}` : ''))}\n`);
  } else {
    for (const block of renderProblems(all, report.sources)) stdout(`${block}\n\n`);
  }
  const notes = report.warnings.length > 0 ? `; ${plural(report.warnings.length, 'warning')}` : '';
  if (report.unsetEnv.length > 0) stdout(`note: not set here, needed by run: ${report.unsetEnv.map((n) => `\${env.${n}}`).join(', ')}\n`);
  if (ok) stdout(`OK: ${checked}${notes}.\n`);
  else stdout(`${plural(report.problems.length, 'problem')} in ${plural(new Set(report.problems.map((p) => p.file)).size, 'file')}${notes}; checked ${checked}.\n`);
  return ok ? EXIT.ok : EXIT.usage;
}
