/**
 * A loaded config → the values one run takes from it: the chosen target's options over the
 * top-level ones, `${env.X}` filled in from the environment (an unset one is a positioned
 * problem), paths made relative to the working folder from the config file's folder.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { closestName, InputError, type Problem } from '../diagnostics/problem.js';
import { registerSecret } from '../io/redact.js';
import { fillTemplate, hasTemplate, masksEnvValue, parseTemplate } from '../dialogues/variables.js';
import type { Path } from '../yaml/yaml-source.js';
import type { ConfigValue, LoadedConfig } from './load-config.js';

/** A mistake on the command line about the config (an unknown --target): a usage error, not a file problem. */
export class ConfigUsageError extends Error {
  override name = 'ConfigUsageError';
}

export type ConfigBot = { kind: 'live'; url: string; secretEnv: string } | { kind: 'mock'; botFile: string };

export interface ResolvedConfig {
  /** Values by flag name, ready to stand in for flags not given. */
  values: Map<string, unknown>;
  /** The chosen target's name, when one is. */
  target?: string;
  /** The chosen target's bot. */
  bot?: ConfigBot;
}

export interface TargetChoice {
  /** `--target NAME`. */
  name?: string;
  /** Whether `defaultTarget` applies when no name is given (not when the environment names a bot). */
  useDefault: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

export function resolveConfig(config: LoadedConfig, choice: TargetChoice, env: Env, cwd: string): ResolvedConfig {
  const name = choice.name ?? (choice.useDefault ? config.defaultTarget : undefined);
  const target = name === undefined ? undefined : config.targets.get(name);
  if (name !== undefined && !target) {
    const known = [...config.targets.keys()];
    const guess = closestName(name, known);
    const list = known.length > 0 ? `the targets are ${known.join(', ')}` : `it defines no targets`;
    const hint = guess ? ` — did you mean ${guess}?` : ` (${list})`;
    throw new ConfigUsageError(`--target ${name}: no such target in ${config.file}${hint}`);
  }
  const problems: Problem[] = [];
  const fill = (written: unknown, path: Path) => interpolate(written, path, config, env, problems);
  const toPath = (p: string) => (p === '-' ? p : cwdRelative(resolve(config.dir, p), cwd));
  const values = new Map<string, unknown>();
  const take = (entry: ConfigValue) => {
    let value = fill(entry.value, entry.path);
    if (entry.option.path) value = Array.isArray(value) ? value.map((v) => toPath(String(v))) : toPath(String(value));
    values.set(entry.option.name, value);
  };
  for (const entry of config.options.values()) take(entry);
  let bot: ConfigBot | undefined;
  if (target) {
    for (const entry of target.options.values()) take(entry);
    // the target's bot replaces the top level's, whichever kind either is
    values.delete('url');
    values.delete('mock');
    if (target.url !== undefined) {
      const url = String(fill(target.url, ['targets', target.name, 'url']));
      bot = { kind: 'live', url, secretEnv: target.secretEnv! };
      values.set('url', url);
    } else {
      const botFile = toPath(String(fill(target.mock, ['targets', target.name, 'mock'])));
      bot = { kind: 'mock', botFile };
      values.set('mock', botFile);
    }
  }
  if (problems.length > 0) throw new InputError(problems, new Map([[config.file, config.source.text]]));
  return { values, ...(name !== undefined ? { target: name } : {}), ...(bot ? { bot } : {}) };
}

/** `${env.X}` in a string (or each string of a list) filled in; unset variables become problems. */
function interpolate(value: unknown, path: Path, config: LoadedConfig, env: Env, problems: Problem[]): unknown {
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, [...path, i], config, env, problems));
  if (typeof value !== 'string' || !hasTemplate(value)) return value;
  const at = () => config.source.locate(path);
  const { parts, errors } = parseTemplate(value);
  const problem = (code: string, message: string, hint: string) => problems.push({ ...at(), code, message, hint });
  for (const e of errors) problem('bad-variable', e.message, 'write `$${` for a literal `${`');
  const { text } = fillTemplate(
    parts,
    (ref) => {
      if (!ref.env) {
        const message = `\`\${${ref.name}}\`: a config file reads only the environment`;
        problem('unknown-variable', message, `write \`\${env.${ref.name}}\``);
        return '';
      }
      const found = env[ref.name];
      if (found === undefined) {
        const message = `environment variable \`${ref.name}\` is not set`;
        problem('missing-env', message, `set it before running, e.g. export ${ref.name}=…`);
        return '';
      }
      if (masksEnvValue(ref.name, found)) registerSecret(found);
      return found;
    },
    'text',
  );
  return text;
}

function cwdRelative(absolute: string, cwd: string): string {
  const shown = relative(cwd, absolute);
  return shown === '' ? '.' : isAbsolute(shown) ? absolute : shown;
}
