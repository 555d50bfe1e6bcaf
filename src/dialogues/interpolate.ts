/**
 * Load-time variables: resolves suite and dialogue `vars`, `${env.NAME}`, and checks every `${…}`
 * in a dialogue's texts against what is known at that step. Static values are substituted here;
 * references to values captured by earlier steps stay for the runner (see variables.ts).
 */
import { registerSecret } from '../io/redact.js';
import { closestName } from '../diagnostics/problem.js';
import type { SchemaIssue } from '../yaml/schema-dsl.js';
import type { Path } from '../yaml/yaml-source.js';
import { regexProblem } from './matcher-syntax.js';
import {
  fillTemplate,
  hasTemplate,
  looksSecret,
  masksEnvValue,
  parseTemplate,
  type TemplateMode,
} from './variables.js';
import { LIST_EXPECT_KEYS, type Expectations, type Step, type TextMatcher } from './types.js';

export interface EnvOptions {
  /** Where `${env.NAME}` reads (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * `error` (default): an unset `${env.NAME}` is a problem. `keep`: it stays as written — for
   * `validate` and `coverage`, which send nothing and may run where the secrets are not set.
   */
  missingEnv?: 'error' | 'keep';
}

/** What `${…}` can refer to at one point of a dialogue. */
export interface VarScope {
  vars: ReadonlyMap<string, string>;
  /** Names captured by earlier steps (→ the step that captures them). */
  captured: ReadonlyMap<string, number>;
  /** Names captured by this or later steps: referring to them here is a mistake in order. */
  capturedLater: ReadonlyMap<string, number>;
  env: Required<EnvOptions>;
  /** Unset environment variables met, for callers that report them as notes. */
  unsetEnv: Set<string>;
}

export function envOptions(options: EnvOptions = {}): Required<EnvOptions> {
  return { env: options.env ?? process.env, missingEnv: options.missingEnv ?? 'error' };
}

/**
 * One text through the scope: `{ text, pending }` where pending names are captures left for run
 * time; problems go to `issues` at `path`.
 */
export function resolveText(
  text: string,
  scope: VarScope,
  mode: TemplateMode,
  path: Path,
  issues: SchemaIssue[],
  pending?: Set<string>,
  keepTemplate = false,
): string {
  if (!hasTemplate(text)) return text;
  const { parts, errors } = parseTemplate(text);
  for (const e of errors)
    issues.push({ path, code: 'bad-variable', message: e.message, hint: 'write `$${` for a literal `${`' });
  const { text: out } = fillTemplate(
    parts,
    (ref) => {
      if (ref.env) return envValue(ref.name, scope, path, issues);
      const value = scope.vars.get(ref.name);
      if (value !== undefined) return value;
      if (scope.captured.has(ref.name)) {
        pending?.add(ref.name);
        return undefined;
      }
      const later = scope.capturedLater.get(ref.name);
      if (later !== undefined) {
        issues.push({
          path,
          code: 'capture-order',
          message: `\`\${${ref.name}}\` is captured by step ${later}, so it is not known yet here`,
          hint: 'a step can use what earlier steps captured',
        });
      } else {
        const guess = closestName(ref.name, [...scope.vars.keys(), ...scope.captured.keys()]);
        issues.push({
          path,
          code: 'unknown-variable',
          message: `unknown variable \`\${${ref.name}}\``,
          hint: guess
            ? `did you mean \`\${${guess}}\`?`
            : 'define it under `vars:` (suite or dialogue), capture it in an earlier step, or write `${env.NAME}`',
        });
      }
      return '';
    },
    mode,
    keepTemplate,
  );
  return out;
}

function envValue(name: string, scope: VarScope, path: Path, issues: SchemaIssue[]): string | undefined {
  const value = scope.env.env[name];
  if (value !== undefined) {
    if (masksEnvValue(name, value)) registerSecret(value);
    return value;
  }
  scope.unsetEnv.add(name);
  if (scope.env.missingEnv === 'keep') return undefined;
  issues.push({
    path,
    code: 'missing-env',
    message: `environment variable \`${name}\` is not set`,
    hint: `set it before running, e.g. export ${name}=…`,
  });
  return '';
}

/** `vars:` in order: each value may use `${env.NAME}` and the variables before it (and the outer scope's). */
export function resolveVars(
  raw: Record<string, unknown> | undefined,
  outer: VarScope,
  path: Path,
  issues: SchemaIssue[],
): Map<string, string> {
  const vars = new Map(outer.vars);
  for (const [name, value] of Object.entries(raw ?? {})) {
    const scope = { ...outer, vars };
    const text = String(value);
    const before = issues.length;
    const resolved = resolveText(text, scope, 'text', [...path, name], issues);
    // a variable holding a secret from the environment is masked in every output
    if (issues.length === before && looksSecret(name) && /\$\{env\./.test(text)) registerSecret(resolved);
    vars.set(name, resolved);
  }
  return vars;
}

/** A matcher's texts through the scope; a regex is checked once its variables are in. */
export function resolveMatcher(
  matcher: TextMatcher,
  scope: VarScope,
  path: Path,
  issues: SchemaIssue[],
  pending: Set<string>,
  keep = false,
): TextMatcher {
  switch (matcher.op) {
    case 'equals':
    case 'contains':
      return { ...matcher, value: resolveText(matcher.value, scope, 'text', path, issues, pending, keep) };
    case 'regex': {
      if (!hasTemplate(matcher.pattern)) return matcher;
      const own = new Set<string>();
      const before = issues.length;
      const pattern = resolveText(matcher.pattern, scope, 'regex', path, issues, own, keep);
      for (const name of own) pending.add(name);
      // captured values go in escaped, so any stand-in for them shows whether the pattern compiles
      const probe = own.size > 0 ? pattern.replace(/\$\{[^}]*\}/g, 'x') : pattern;
      const problem = issues.length === before ? regexProblem(probe, matcher.flags) : undefined;
      if (problem) issues.push({ path, code: 'bad-value', message: `${problem} (after filling in variables)` });
      return { ...matcher, pattern };
    }
    case 'not':
      return { op: 'not', matcher: resolveMatcher(matcher.matcher, scope, path, issues, pending, keep) };
    case 'anyOf':
      return {
        op: 'anyOf',
        matchers: matcher.matchers.map((m) => resolveMatcher(m, scope, path, issues, pending, keep)),
      };
  }
}

/**
 * Every text of a step through the scope. A step that uses captured values is bound again when it
 * runs, so then all its texts are kept in template form; `step.uses` lists those values.
 */
export function resolveStep(step: Step, scope: VarScope, path: Path, issues: SchemaIssue[]): void {
  const pending = new Set<string>();
  const found: SchemaIssue[] = [];
  let resolved = resolveStepTexts(step, scope, path, found, pending, false);
  // the common case is final after one pass; a step bound again at run time needs template form
  if (pending.size > 0) resolved = resolveStepTexts(step, scope, path, issues, new Set(), true);
  else issues.push(...found);
  step.action = resolved.action;
  step.expect = resolved.expect;
  if (pending.size > 0) step.uses = [...pending];
}

function resolveStepTexts(
  step: Step,
  scope: VarScope,
  path: Path,
  issues: SchemaIssue[],
  pending: Set<string>,
  keep: boolean,
): Pick<Step, 'action' | 'expect'> {
  const a = step.action;
  let action = a;
  if (a.kind === 'send')
    action = { kind: 'send', text: resolveText(a.text, scope, 'text', [...path, 'send'], issues, pending, keep) };
  else if (a.kind === 'open' && a.text !== undefined)
    action = { kind: 'open', text: resolveText(a.text, scope, 'text', [...path, 'open'], issues, pending, keep) };
  else if (a.kind === 'click')
    action = { kind: 'click', button: resolveMatcher(a.button, scope, [...path, 'click'], issues, pending, keep) };
  return { action, expect: resolveExpectations(step.expect, scope, [...path, 'expect'], issues, pending, keep) };
}

function resolveExpectations(
  expect: Expectations,
  scope: VarScope,
  path: Path,
  issues: SchemaIssue[],
  pending: Set<string>,
  keep: boolean,
): Expectations {
  const out: Expectations = { ...expect };
  const one = (key: 'scenarioName' | 'chatType' | 'description') => {
    const m = expect[key];
    if (m) out[key] = resolveMatcher(m, scope, [...path, key], issues, pending, keep);
  };
  one('scenarioName');
  one('chatType');
  one('description');
  for (const key of LIST_EXPECT_KEYS) {
    const list = expect[key];
    if (list) out[key] = list.map((m, i) => resolveMatcher(m, scope, [...path, key, i], issues, pending, keep));
  }
  if (expect.bubbles) {
    out.bubbles = expect.bubbles.map((item, i) => {
      const at: Path = [...path, 'bubbles', i];
      const bubble = { ...item };
      for (const key of ['type', 'chatType', 'description', 'imageUrl', 'url'] as const) {
        const m = item[key];
        if (m) bubble[key] = resolveMatcher(m, scope, [...at, key], issues, pending, keep);
      }
      if (item.buttons)
        bubble.buttons = item.buttons.map((m, j) =>
          resolveMatcher(m, scope, [...at, 'buttons', j], issues, pending, keep),
        );
      if (item.information)
        bubble.information = Object.fromEntries(
          Object.entries(item.information).map(([k, m]) => [
            k,
            resolveMatcher(m, scope, [...at, 'information', k], issues, pending, keep),
          ]),
        );
      return bubble;
    });
  }
  if (expect.json)
    out.json = expect.json.map((entry) => ({
      ...entry,
      matcher: resolveMatcher(entry.matcher, scope, [...path, 'json', entry.path], issues, pending, keep),
    }));
  if (expect.information) {
    out.information = Object.fromEntries(
      Object.entries(expect.information).map(([k, m]) => [
        k,
        resolveMatcher(m, scope, [...path, 'information', k], issues, pending, keep),
      ]),
    );
  }
  return out;
}
