/** The JUnit file written as text: schema-valid, escaped, line and skip reason on each testcase. */
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buildJunitXml, JunitReporter } from '../../src/reporters/junit.js';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempProject } from '../helpers/temp.js';
import { junitCase, notRunCase } from '../../src/reporters/junit-case.js';
import { cdataSection, escapeAttr } from '../../src/reporters/junit-xml.js';
import { junitSchemaViolations } from '../helpers/junit-schema.js';
import { sampleRun } from '../helpers/sample-run.js';

const parse = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testcase' }).parse(xml);

describe('JUnit XML', () => {
  it('gives each testcase its file and line, and a skipped one its reason', () => {
    const { dialogues, summary } = sampleRun();
    const xml = buildJunitXml(
      ['specs/shop.yaml'],
      dialogues.map((d, i) => junitCase(d, i)),
      summary,
    );
    expect(junitSchemaViolations(xml)).toEqual([]);
    const suite = parse(xml).testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    const [products, hours, slow, later] = suite.testcase;
    expect(products).toMatchObject({ name: 'products', file: 'specs/shop.yaml', line: '3' });
    expect(hours.failure.type).toBe('ExpectationFailed');
    expect(slow.error.type).toBe('timeout');
    expect(later.skipped).toEqual({ message: 'not yet' });
    expect(later['system-out']).toBeUndefined();
  });

  it('writes a planned dialogue that never ran as skipped, with why and its line', () => {
    const { summary } = sampleRun();
    const xml = buildJunitXml(
      ['a.yaml'],
      [notRunCase({ suite: 'S', name: 'n', file: 'a.yaml', line: 7 }, 0, 'not run: the run was interrupted')],
      summary,
    );
    expect(junitSchemaViolations(xml)).toEqual([]);
    expect(parse(xml).testsuites.testsuite.testcase[0]).toMatchObject({
      line: '7',
      skipped: { message: 'not run: the run was interrupted' },
    });
  });

  it('keeps every ]]> and every quote, newline and angle bracket as written', () => {
    const text = 'a ]]> b ]]]]> c ]]>';
    const xml = `<r a="${escapeAttr('x"<&>\n\ty')}">${cdataSection(text)}</r>`;
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true }).parse(xml);
    expect(doc.r['#text']).toBe(text);
    expect(doc.r.a).toBe('x"<&>\n\ty');
  });

  it('the schema check catches what Jenkins would refuse', () => {
    expect(
      junitSchemaViolations(
        '<testsuites><testsuite name="s" tests="1"><testcase><bogus/></testcase></testsuite></testsuites>',
      ),
    ).toEqual([
      'testsuites/testsuite: <testsuite> lacks the required attribute failures',
      'testsuites/testsuite: <testsuite> lacks the required attribute errors',
      'testsuites/testsuite/testcase: <testcase> lacks the required attribute name',
      'testsuites/testsuite/testcase: <bogus> is not allowed in <testcase>',
      'testsuites/testsuite/testcase/bogus: unknown element <bogus>',
    ]);
    expect(
      junitSchemaViolations(
        '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="x"><rerunFailure type="t"><system-out/><stackTrace/></rerunFailure></testcase></testsuite></testsuites>',
      ),
    ).toEqual([
      'testsuites/testsuite/testcase/rerunFailure: <stackTrace> out of order (or repeated) in <rerunFailure>',
    ]);
  });

  it('streams testcases as dialogues end and writes them in plan order, the never-started ones skipped, leaving no temporary file', async () => {
    const { info, dialogues, summary } = sampleRun();
    const spills = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`clova-regress-junit-${process.pid}-`));
    const before = spills().length;
    const path = join(tempProject(), 'junit.xml');
    const reporter = new JunitReporter(path);
    await reporter.onBegin(info);
    expect(spills().length).toBe(before + 1);
    // finished out of plan order; the last planned one never started
    for (const d of [dialogues[2]!, dialogues[0]!, dialogues[1]!]) await reporter.onDialogueEnd(d);
    await reporter.onEnd({ ...summary, interrupted: true, stopReason: 'signal', notRun: 1 });
    const xml = readFileSync(path, 'utf8');
    expect(junitSchemaViolations(xml)).toEqual([]);
    const suite = parse(xml).testsuites.testsuite;
    expect(suite.testcase.map((c: { name: string }) => c.name)).toEqual(['products', 'hours', 'slow', 'later']);
    expect(suite.testcase[3].skipped.message).toMatch(/^not run: /);
    expect(suite).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1' });
    expect(xml).toBe(
      `${buildJunitXml(['specs/shop.yaml'], [...[dialogues[2]!, dialogues[0]!, dialogues[1]!].map((d, i) => junitCase(d, [2, 0, 1][i]!)), notRunCase({ ...info.planned[3]! }, 3, 'not run: the run was interrupted')], { ...summary, interrupted: true, stopReason: 'signal', notRun: 1 })}\n`,
    );
    expect(spills().length).toBe(before);
  });
});
