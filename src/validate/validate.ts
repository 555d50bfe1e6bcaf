/**
 * `validate`: every spec and bot definition under some paths, checked as `run` and `mock` would
 * load them, without sending anything. Each file is told apart by its content (a bot definition
 * has `scenarios` or `welcome` and no `dialogues`), named or found in a folder. Problems of every
 * file come back together; warnings add what a run would only find out later — a scenario a spec
 * expects that no bot definition among the files has.
 */
import { readSpecText, unreadableProblem } from '../yaml/read-source-text.js';
import { dirname } from 'node:path';
import { discoverFiles, displayPath, isBotDefinition } from '../yaml/discover.js';
import { parseYamlSource } from '../yaml/yaml-source.js';
import { parseSpecText } from '../dialogues/load.js';
import { readAttachments, specFromSource } from '../dialogues/spec-from-source.js';
import { closestName, type Problem } from '../diagnostics/problem.js';
import { envOptions, type EnvOptions } from '../dialogues/interpolate.js';
import { botFromSource } from '../mock/load.js';
import type { Suite } from '../dialogues/types.js';

export interface ValidationReport {
  specs: Array<{ file: string; dialogues: number; steps: number }>;
  bots: Array<{ file: string; scenarios: string[] }>;
  /** Errors: what `run` would refuse. */
  problems: Problem[];
  warnings: Problem[];
  /** `${env.NAME}` references unset here (run will need them). */
  unsetEnv: string[];
  sources: Map<string, string>;
}

export async function validateFiles(
  paths: string[],
  cwd = process.cwd(),
  options: EnvOptions = {},
): Promise<ValidationReport> {
  const report: ValidationReport = {
    specs: [],
    bots: [],
    problems: [],
    warnings: [],
    unsetEnv: [],
    sources: new Map(),
  };
  const env = envOptions({ missingEnv: 'keep', ...options });
  const unsetEnv = new Set<string>();
  const suites: Suite[] = [];
  // as loadSpecs does: a YAML phrasing file some spec names is not a broken spec
  const referenced = new Set<string>();
  const deferred = new Map<string, Problem[]>();
  for (const file of await discoverFiles(paths, cwd)) {
    const shown = displayPath(file.path, cwd);
    let text: string;
    try {
      const read = await readSpecText(file.path, shown);
      if (!read.ok) {
        report.problems.push(read.problem);
        continue;
      }
      text = read.text;
    } catch (error) {
      report.problems.push(unreadableProblem(shown, error));
      continue;
    }
    report.sources.set(shown, text);
    const parsed = parseSpecText(shown, text);
    if (!parsed.ok) {
      report.problems.push(...parsed.problems);
      continue;
    }
    // problems are rendered from the positioned parser alone, as loadSpecs does
    const positioned = () => parseYamlSource(shown, text);
    if (isBotDefinition(parsed.source.value)) {
      let bot = botFromSource(parsed.source);
      if (!bot.ok && parsed.fast) {
        const slow = positioned();
        bot = slow.ok ? botFromSource(slow.source) : { ok: false, problems: slow.problems };
      }
      if (bot.ok) report.bots.push({ file: shown, scenarios: bot.bot.scenarios.map((s) => s.name) });
      else report.problems.push(...bot.problems);
      continue;
    }
    const attachments = await readAttachments(parsed.source.value, dirname(file.path), cwd);
    for (const a of attachments.values()) referenced.add(a.absolute);
    const context = { ...env, unsetEnv, attachments, sources: report.sources, allProblems: true };
    let result = specFromSource(parsed.source, context);
    if (!result.ok && parsed.fast) {
      const slow = positioned();
      result = slow.ok ? specFromSource(slow.source, context) : { ok: false, problems: slow.problems };
    }
    if (!result.ok) {
      if (file.discovered) deferred.set(file.path, result.problems);
      else report.problems.push(...result.problems);
      continue;
    }
    suites.push(result.suite);
    // a data-driven dialogue counts once, with the steps as written, however many phrasings it runs
    const written = result.suite.dialogues.filter((d) => !d.group || d.group.index === 1);
    report.specs.push({
      file: shown,
      dialogues: written.length,
      steps: written.reduce((n, d) => n + d.steps.length, 0),
    });
  }
  for (const [path, found] of deferred) if (!referenced.has(path)) report.problems.push(...found);
  report.warnings.push(...unknownScenarios(suites, report.bots));
  report.unsetEnv = [...unsetEnv].sort();
  return report;
}

/** Plain scenario names the specs expect that none of the bot definitions has (with a did-you-mean). */
function unknownScenarios(suites: Suite[], bots: ValidationReport['bots']): Problem[] {
  if (bots.length === 0) return [];
  const known = new Set(bots.flatMap((b) => b.scenarios));
  const where = bots.map((b) => b.file).join(', ');
  const warnings = new Map<string, Problem>();
  for (const dialogue of suites.flatMap((s) => s.dialogues)) {
    for (const step of dialogue.steps) {
      const m = step.expect.scenarioName;
      if (m?.op !== 'equals' || m.value === '' || known.has(m.value) || step.uses) continue;
      const pos = step.expectPos.scenarioName ?? step.pos;
      const guess = closestName(m.value, known);
      const key = `${pos.file}:${pos.line}:${pos.column}`;
      warnings.set(key, {
        ...pos,
        severity: 'warning',
        code: 'unknown-scenario',
        message: `no scenario \`${m.value}\` in ${where}`,
        ...(guess
          ? { hint: `did you mean \`${guess}\`?` }
          : { hint: 'fine if the specs run against a live bot that has it' }),
      });
    }
  }
  return [...warnings.values()];
}
