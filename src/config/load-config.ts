/**
 * clova-regress.config.yaml → its options and targets, validated like a spec: every problem at
 * file:line:column with a did-you-mean, all of them at once, as an InputError. Values are kept as
 * written here; `${env.X}` is filled in only for what a run uses (see resolve-config.ts), so an
 * unset variable of a target not chosen stops nothing.
 */
import { dirname } from 'node:path';
import { closestName, InputError, type Problem } from '../diagnostics/problem.js';
import { readSpecText } from '../yaml/read-source-text.js';
import { validateAgainst, type SchemaIssue } from '../yaml/schema-dsl.js';
import { parseYamlSource, type Path, type YamlSource } from '../yaml/yaml-source.js';
import type { ConfigOption } from './config-option.js';
import { configSchema } from './config-schema.js';

/** A value as written, with where it was written (for `${env.X}` problems and relative paths). */
export interface ConfigValue {
  option: ConfigOption;
  value: unknown;
  path: Path;
}

export interface ConfigTarget {
  name: string;
  url?: string;
  secretEnv?: string;
  mock?: string;
  /** Run options of this target, by flag name. */
  options: Map<string, ConfigValue>;
}

export interface LoadedConfig {
  /** As shown in messages (relative to the working folder). */
  file: string;
  /** The folder relative paths in the file are read from (absolute). */
  dir: string;
  source: YamlSource;
  /** Top-level run options, by flag name. */
  options: Map<string, ConfigValue>;
  targets: Map<string, ConfigTarget>;
  defaultTarget?: string;
}

/** Reads and validates the config file at `absolute`; throws InputError listing every problem. */
export async function loadConfig(
  absolute: string,
  shown: string,
  options: readonly ConfigOption[],
): Promise<LoadedConfig> {
  let read;
  try {
    read = await readSpecText(absolute, shown);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${code ?? (error as Error).message})`;
    const problem = { file: shown, line: 1, column: 1, code: 'config-unreadable', message: `config file ${why}` };
    throw new InputError([problem]);
  }
  if (!read.ok) throw new InputError([read.problem]);
  const sources = new Map([[shown, read.text]]);
  const parsed = parseYamlSource(shown, read.text);
  if (!parsed.ok) throw new InputError(parsed.problems, sources);
  const config = configFromSource(parsed.source, dirname(absolute), options);
  if (!config.ok) throw new InputError(config.problems, sources);
  return config.config;
}

export type ConfigParse = { ok: true; config: LoadedConfig } | { ok: false; problems: Problem[] };

export function configFromSource(source: YamlSource, dir: string, options: readonly ConfigOption[]): ConfigParse {
  // an empty file (or only comments) is a config with nothing in it
  const value = source.value ?? {};
  const { root, definitions } = configSchema(options);
  const issues = validateAgainst(value, root, definitions);
  if (issues.length > 0) return { ok: false, problems: issues.map((i) => issueToProblem(source, i)) };
  const semantic: SchemaIssue[] = [];
  const record = value as Record<string, unknown>;
  const top = optionValues(record, [], options, semantic);
  const targets = new Map<string, ConfigTarget>();
  // a target's bot is its `url` or `mock` field, not an option
  const targetOptions = options.filter((o) => o.name !== 'url' && o.name !== 'mock');
  for (const [name, raw] of Object.entries((record.targets ?? {}) as Record<string, Record<string, unknown>>)) {
    const at: Path = ['targets', name];
    if (typeof raw.url === 'string' && raw.secretEnv === undefined) {
      semantic.push({
        path: at,
        atKey: true,
        code: 'missing-key',
        message: `target \`${name}\` has a \`url\` but no \`secretEnv\``,
        hint: 'name the environment variable holding its secret key: secretEnv: CLOVA_SECRET_KEY',
      });
    }
    if (raw.mock !== undefined && raw.secretEnv !== undefined) {
      const message = '`secretEnv` belongs to a `url` target';
      const hint = 'the built-in mock makes up its own secret';
      semantic.push({ path: [...at, 'secretEnv'], atKey: true, code: 'bad-key', message, hint });
    }
    targets.set(name, {
      name,
      ...(typeof raw.url === 'string' ? { url: raw.url } : {}),
      ...(typeof raw.secretEnv === 'string' ? { secretEnv: raw.secretEnv } : {}),
      ...(typeof raw.mock === 'string' ? { mock: raw.mock } : {}),
      options: optionValues(raw, at, targetOptions, semantic),
    });
  }
  const defaultTarget = record.defaultTarget as string | undefined;
  if (defaultTarget !== undefined && !targets.has(defaultTarget)) {
    const guess = closestName(defaultTarget, targets.keys());
    const known = [...targets.keys()].map((t) => `\`${t}\``).join(', ');
    const others = known ? `the targets are ${known}` : 'define it under `targets:`';
    const hint = guess ? `did you mean \`${guess}\`?` : others;
    const message = `no target \`${defaultTarget}\` under \`targets\``;
    semantic.push({ path: ['defaultTarget'], code: 'unknown-target', message, hint });
  }
  // in file order, whatever order the checks ran in
  const byPlace = (a: Problem, b: Problem) => a.line - b.line || a.column - b.column;
  if (semantic.length > 0) return { ok: false, problems: semantic.map((i) => issueToProblem(source, i)).sort(byPlace) };
  const config: LoadedConfig = { file: source.file, dir, source, options: top, targets };
  if (defaultTarget !== undefined) config.defaultTarget = defaultTarget;
  return { ok: true, config };
}

/** The run options of one mapping (the file's top level or a target), by flag name, each checked. */
function optionValues(
  record: Record<string, unknown>,
  at: Path,
  options: readonly ConfigOption[],
  issues: SchemaIssue[],
): Map<string, ConfigValue> {
  const found = new Map<string, ConfigValue>();
  for (const option of options) {
    const spellings = [...new Set([option.camel, option.name])].filter((key) => Object.hasOwn(record, key));
    if (spellings.length === 0) continue;
    if (spellings.length > 1) {
      const message = `\`${option.camel}\` is given twice, also as \`${spellings[1]}\``;
      const path = [...at, spellings[1]!];
      issues.push({ path, atKey: true, code: 'duplicate-key', message, hint: 'keep one of them' });
    }
    const key = spellings[0]!;
    const value = record[key];
    const values = Array.isArray(value) ? value : [value];
    // a check sees what a flag would: each item of a list on its own
    const problem = values.map((v) => option.check?.(v)).find((p) => p !== undefined);
    if (problem) issues.push({ path: [...at, key], code: 'bad-value', message: `\`${key}\` ${problem}` });
    found.set(option.name, { option, value, path: [...at, key] });
  }
  return found;
}

function issueToProblem(source: YamlSource, issue: SchemaIssue): Problem {
  const pos = source.locate(issue.path, { key: issue.atKey === true });
  return { ...pos, code: issue.code, message: issue.message, ...(issue.hint ? { hint: issue.hint } : {}) };
}
