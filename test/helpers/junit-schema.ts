/**
 * The rules of the Jenkins xunit plugin's JUnit schema (junit-10.xsd, the Surefire flavour most
 * readers accept), checked on a parsed file: which element may hold which, required attributes,
 * the rerun/flaky elements' inner order, the time format. Attributes the schema does not know
 * (`file`, `line` on testcase, `skipped` on testsuites) are allowed, as readers ignore them.
 * Returns the violations found (empty: valid).
 */
import { XMLParser } from 'fast-xml-parser';

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const CHILDREN: Record<string, string[]> = {
  testsuites: ['testsuite'],
  testsuite: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
  properties: ['property'],
  property: [],
  testcase: [
    'skipped',
    'error',
    'failure',
    'rerunFailure',
    'rerunError',
    'flakyFailure',
    'flakyError',
    'system-out',
    'system-err',
  ],
  failure: [],
  error: [],
  skipped: [],
  'system-out': [],
  'system-err': [],
  stackTrace: [],
};
const RERUN = ['rerunFailure', 'rerunError', 'flakyFailure', 'flakyError'];
const RERUN_ORDER = ['stackTrace', 'system-out', 'system-err'];
const REQUIRED: Record<string, string[]> = {
  testsuite: ['name', 'tests', 'failures', 'errors'],
  property: ['name', 'value'],
  testcase: ['name'],
  rerunFailure: ['type'],
  rerunError: ['type'],
  flakyFailure: ['type'],
  flakyError: ['type'],
};
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;

export function junitSchemaViolations(xml: string): string[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    ignoreDeclaration: true,
  });
  const doc = parser.parse(xml) as Node[];
  const out: string[] = [];
  const roots = doc.filter((n) => !('#text' in n));
  if (roots.length !== 1 || nameOf(roots[0]!) !== 'testsuites') out.push('the root is not one <testsuites>');
  for (const root of roots) check(root, 'testsuites', out);
  return out;
}

function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ':@')!;
}

function check(node: Node, path: string, out: string[]): void {
  const name = nameOf(node);
  const attrs = node[':@'] ?? {};
  for (const a of REQUIRED[name] ?? [])
    if (!(a in attrs)) out.push(`${path}: <${name}> lacks the required attribute ${a}`);
  if ((name === 'testsuite' || name === 'testsuites') && 'time' in attrs && !SUREFIRE_TIME.test(attrs.time!))
    out.push(`${path}: time="${attrs.time}"`);
  const kids = ((node[name] as Node[]) ?? []).filter((k) => !('#text' in k) && !('__cdata' in k));
  const allowed = RERUN.includes(name) ? RERUN_ORDER : CHILDREN[name];
  if (!allowed) return void out.push(`${path}: unknown element <${name}>`);
  let last = -1;
  for (const kid of kids) {
    const kidName = nameOf(kid);
    if (!allowed.includes(kidName)) out.push(`${path}: <${kidName}> is not allowed in <${name}>`);
    if (RERUN.includes(name)) {
      const at = RERUN_ORDER.indexOf(kidName);
      if (at <= last) out.push(`${path}: <${kidName}> out of order (or repeated) in <${name}>`);
      last = at;
    }
    check(kid, `${path}/${kidName}`, out);
  }
}
