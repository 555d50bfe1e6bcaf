/**
 * `clova-regress validate [paths..]`: checks every spec and bot definition as `run` and `mock`
 * would load them, sends nothing; lists every problem with file:line:column; exit 2 when any.
 */
import { validateFiles } from '../validate/validate.js';
import { renderProblems } from '../diagnostics/problem.js';
import { EXIT } from '../results/exit-code.js';
import type { ArgsOf } from './options.js';
import type { CommandIo } from './handle.js';

export async function main(argv: ArgsOf<'validate'>, { stdout, stderr }: CommandIo): Promise<number> {
  const report = await validateFiles(argv.paths);
  const files = report.specs.length + report.bots.length + new Set(report.problems.map((p) => p.file)).size;
  if (files === 0) {
    stderr(`clova-regress: no spec or bot files found in ${argv.paths.join(', ')}\n`);
    return EXIT.usage;
  }
  const ok = report.problems.length === 0;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const checked = `${plural(report.specs.length, 'spec file')} (${plural(
    report.specs.reduce((n, s) => n + s.dialogues, 0),
    'dialogue',
  )}, ${plural(
    report.specs.reduce((n, s) => n + s.steps, 0),
    'step',
  )}) and ${plural(report.bots.length, 'bot definition')} (${plural(
    report.bots.reduce((n, b) => n + b.scenarios.length, 0),
    'scenario',
  )})`;

  if (argv.format === 'json') {
    const strip = ({ file, line, column, code, message, hint, severity }: (typeof report.problems)[number]) => ({
      file,
      line,
      column,
      code,
      message,
      ...(hint ? { hint } : {}),
      severity: severity ?? 'error',
    });
    stdout(
      `${JSON.stringify({ ok, specs: report.specs, bots: report.bots.map((b) => ({ file: b.file, scenarios: b.scenarios.length })), problems: report.problems.map(strip), warnings: report.warnings.map(strip), unsetEnv: report.unsetEnv }, null, 2)}\n`,
    );
    return ok ? EXIT.ok : EXIT.usage;
  }
  const all = [...report.problems, ...report.warnings];
  if (argv.format === 'github') {
    // workflow commands: GitHub shows each on the line of the PR diff it names
    const esc = (t: string) => t.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    for (const p of all)
      stdout(
        `::${p.severity ?? 'error'} file=${p.file},line=${p.line},col=${p.column},title=${p.code}::${esc(p.message + (p.hint ? ` — ${p.hint}` : ''))}\n`,
      );
  } else {
    for (const block of renderProblems(all, report.sources)) stdout(`${block}\n\n`);
  }
  const notes = report.warnings.length > 0 ? `; ${plural(report.warnings.length, 'warning')}` : '';
  if (report.unsetEnv.length > 0)
    stdout(`note: not set here, needed by run: ${report.unsetEnv.map((n) => `\${env.${n}}`).join(', ')}\n`);
  if (ok) stdout(`OK: ${checked}${notes}.\n`);
  else
    stdout(
      `${plural(report.problems.length, 'problem')} in ${plural(new Set(report.problems.map((p) => p.file)).size, 'file')}${notes}; checked ${checked}.\n`,
    );
  return ok ? EXIT.ok : EXIT.usage;
}
