/**
 * `${name}` templates in spec strings. Suite and dialogue `vars` and `${env.NAME}` are known when
 * the spec loads, so they are substituted then (a wrong name is a positioned error, not a failed
 * run); names captured from a reply are known only while the dialogue runs, so those references
 * stay in the text and `bindTemplate` fills them in at that step. `$${` writes a literal `${`.
 */

export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REFERENCE = /\$\$\{|\$\{([^}]*)\}?/g;

export type TemplatePart =
  { kind: 'text'; text: string } | { kind: 'var'; name: string; env: boolean; offset: number; length: number };

export interface TemplateError {
  offset: number;
  length: number;
  message: string;
}

/** Quick test before parsing: most strings hold no template at all. */
export function hasTemplate(text: string): boolean {
  return text.includes('${');
}

export function parseTemplate(text: string): { parts: TemplatePart[]; errors: TemplateError[] } {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  let last = 0;
  const pushText = (t: string) => {
    if (t === '') return;
    const previous = parts[parts.length - 1];
    if (previous?.kind === 'text') previous.text += t;
    else parts.push({ kind: 'text', text: t });
  };
  for (const m of text.matchAll(REFERENCE)) {
    pushText(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === '$${') {
      pushText('${');
      continue;
    }
    if (!m[0].endsWith('}')) {
      errors.push({ offset: m.index, length: m[0].length, message: '`${` is not closed by `}`' });
      pushText(m[0]);
      continue;
    }
    const inner = m[1]!.trim();
    const env = inner.startsWith('env.');
    const name = env ? inner.slice(4) : inner;
    if (!VAR_NAME.test(name)) {
      errors.push({
        offset: m.index,
        length: m[0].length,
        message: `\`${m[0]}\` is not a variable reference: names are letters, digits and _`,
      });
      pushText(m[0]);
      continue;
    }
    parts.push({ kind: 'var', name, env, offset: m.index, length: m[0].length });
  }
  pushText(text.slice(last));
  return { parts, errors };
}

/** How a value enters the text: as itself, or escaped so a regex matches it literally. */
export type TemplateMode = 'text' | 'regex';

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A value placed in a regex: escaped, and grouped when a quantifier follows so it applies to the whole value. */
function regexValue(value: string, next: string | undefined): string {
  const escaped = escapeRegex(value);
  return next !== undefined && /^[*+?{]/.test(next) && value.length > 1 ? `(?:${escaped})` : escaped;
}

/** Re-escapes literal `${` so text that went through substitution can be parsed again. */
export function escapeTemplateText(text: string): string {
  return text.replaceAll('${', '$${');
}

/**
 * Substitutes every reference `lookup` answers; references it leaves (undefined) stay as `${name}`.
 * With none left the result is final text; otherwise it is still a template (`pending` > 0).
 */
export function fillTemplate(
  parts: TemplatePart[],
  lookup: (part: Extract<TemplatePart, { kind: 'var' }>) => string | undefined,
  mode: TemplateMode,
  /** Keep template form (literal `${` escaped) even when nothing is left: the step is bound again at run time. */
  keepTemplate = false,
): { text: string; pending: number } {
  const filled: Array<{ text: string; literal: boolean } | { ref: Extract<TemplatePart, { kind: 'var' }> }> = parts.map(
    (part) => {
      if (part.kind === 'text') return { text: part.text, literal: true };
      const value = lookup(part);
      return value === undefined ? { ref: part } : { text: value, literal: false };
    },
  );
  const pending = filled.filter((f) => 'ref' in f).length;
  let out = '';
  filled.forEach((f, i) => {
    if ('ref' in f) {
      out += `\${${f.ref.env ? 'env.' : ''}${f.ref.name}}`;
      return;
    }
    const after = filled[i + 1];
    const next = after && 'text' in after ? after.text : undefined;
    let piece = f.literal ? f.text : mode === 'regex' ? regexValue(f.text, next) : f.text;
    // still a template: literal `${` (from `$${`, or inside a value) must survive the second parse
    if (pending > 0 || keepTemplate) piece = escapeTemplateText(piece);
    out += piece;
  });
  return { text: out, pending };
}

/** Run time: fills a template's remaining (captured) references; a name not captured is reported. */
export function bindTemplate(
  text: string,
  values: ReadonlyMap<string, string>,
  mode: TemplateMode,
): { ok: true; text: string } | { ok: false; missing: string } {
  const { parts } = parseTemplate(text);
  let missing: string | undefined;
  const { text: out } = fillTemplate(
    parts,
    (ref) => {
      const value = ref.env ? undefined : values.get(ref.name);
      if (value === undefined) missing ??= ref.env ? `env.${ref.name}` : ref.name;
      return value ?? '';
    },
    mode,
  );
  return missing === undefined ? { ok: true, text: out } : { ok: false, missing };
}

/**
 * Names whose values must never be printed: any name containing KEY, SECRET, TOKEN, PASS (PASSWORD,
 * PASSWD, NPM_PASS), PWD (DB_PWD; not the shell's own `PWD`), CREDENTIAL, AUTH, PRIVATE, SESSION,
 * COOKIE, SIGNATURE or CERT, or PAT as a word (GH_PAT; not PATH). Documented in docs/reliability.md.
 */
export function looksSecret(envName: string): boolean {
  if (explicitSecretNames.has(envName)) return true;
  if (envName === 'PWD' || envName === 'OLDPWD') return false;
  return (
    /KEY|SECRET|TOKEN|PASS|PWD|CREDENTIAL|AUTH|PRIVATE|SESSION|COOKIE|SIGNATURE|CERT/i.test(envName) ||
    /(^|_)PAT(_|$)/i.test(envName)
  );
}

/** `--mask-env NAME` and CLOVA_REGRESS_MASK_ENV: names masked whatever they look like. */
const explicitSecretNames = new Set<string>();

export function maskEnvNames(names: Iterable<string>): void {
  for (const name of names) if (name.trim() !== '') explicitSecretNames.add(name.trim());
}

/** A URL that carries a user or password (`https://user:pw@host`, `postgres://…`): a secret whatever its name. */
export function holdsUrlCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s@]+@/i.test(value);
}

/** Whether `${env.NAME}` with this value is masked in every output. */
export function masksEnvValue(envName: string, value: string): boolean {
  return looksSecret(envName) || holdsUrlCredentials(value);
}
