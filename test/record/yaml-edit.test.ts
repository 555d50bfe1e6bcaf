/**
 * Record mode's file edits: values land in `expect`, everything else stays byte for byte —
 * comments, blank lines, key order, quoting, flow or block style, CRLF line endings.
 */
import { describe, expect, it } from 'vitest';
import { editSpecText, type StepEdit } from '../../src/record/yaml-edit.js';
import { parseYamlSource } from '../../src/yaml/yaml-source.js';
import { specFromSource } from '../../src/dialogues/spec-from-source.js';

const set = (line: number, column: number, values: Record<string, unknown>, onlyMissing = false): StepEdit => ({
  line,
  column,
  onlyMissing,
  set: Object.entries(values).map(([k, value]) => ({ path: k.split('.'), value })),
});

const SPEC = `# The shop, recorded
suite: Shop   # a comment after the suite
dialogues:
  - name: greets
    steps:
      - open:      # the welcome
      - send: "What products do you have?"

        # a comment between steps, after a blank line
      - send: store hours
        expect:
          # keep this comment
          scenarioName: Old name   # and this one
          information:
            formStart: "false"
      - { send: hi }
`;

describe('editSpecText', () => {
  it('adds and replaces values, leaving every other byte as it was', () => {
    const { text, written, notFound } = editSpecText(SPEC, [
      set(6, 9, { scenarioName: { not: '/./' }, chatType: 'TEXT', description: 'Hello!\n안녕하세요!' }),
      set(7, 9, { scenarioName: 'Products', buttons: ['Product A', 'B, C'] }),
      set(10, 9, { scenarioName: 'Store hours', chatType: 'TEXT', 'information.formStart': 'true' }),
      set(16, 9, { scenarioName: 'Fallback', buttons: ['x'] }),
    ]);
    expect(notFound).toEqual([]);
    expect(written).toBe(10);
    expect(text).toBe(`# The shop, recorded
suite: Shop   # a comment after the suite
dialogues:
  - name: greets
    steps:
      - open:      # the welcome
        expect:
          scenarioName: { not: /./ }
          chatType: TEXT
          description: |-
            Hello!
            안녕하세요!
      - send: "What products do you have?"
        expect:
          scenarioName: Products
          buttons: [Product A, "B, C"]

        # a comment between steps, after a blank line
      - send: store hours
        expect:
          # keep this comment
          scenarioName: Store hours   # and this one
          information:
            formStart: "true"
          chatType: TEXT
      - { send: hi, expect: { scenarioName: Fallback, buttons: [x] } }
`);
    // and the loader reads what was meant
    const parsed = parseYamlSource('s.yaml', text);
    if (!parsed.ok) throw new Error('unparsable');
    const suite = specFromSource(parsed.source);
    if (!suite.ok) throw new Error(JSON.stringify(suite.problems));
    expect(suite.suite.dialogues[0]!.steps[0]!.expect.description).toEqual({
      op: 'equals',
      value: 'Hello!\n안녕하세요!',
    });
    expect(suite.suite.dialogues[0]!.steps[3]!.expect.buttons).toEqual([{ op: 'equals', value: 'x' }]);
  });

  it('with onlyMissing keeps what the author wrote and fills the rest', () => {
    const { text } = editSpecText(SPEC, [
      set(10, 9, { scenarioName: 'Store hours', chatType: 'TEXT', 'information.formStart': 'true' }, true),
    ]);
    expect(text).toBe(
      SPEC.replace('            formStart: "false"\n', '            formStart: "false"\n          chatType: TEXT\n'),
    );
  });

  it("keeps CRLF line endings and a block list's style", () => {
    const crlf =
      'dialogues:\r\n  - name: d\r\n    steps:\r\n      - send: hi\r\n        expect:\r\n          buttons:   # the titles\r\n            - A\r\n            - B\r\n      - send: bye\r\n';
    const { text } = editSpecText(crlf, [set(4, 9, { buttons: ['A', 'C', 'D'] }), set(9, 9, { chatType: 'TEXT' })]);
    expect(text).toBe(
      'dialogues:\r\n  - name: d\r\n    steps:\r\n      - send: hi\r\n        expect:\r\n          buttons:   # the titles\r\n            - A\r\n            - C\r\n            - D\r\n      - send: bye\r\n        expect:\r\n          chatType: TEXT\r\n',
    );
  });

  it("edits a file that uses the loader's unquoted regexes in flow lists, leaving them unquoted", () => {
    const lenient =
      'dialogues:\n  - name: d\n    steps:\n      - send: products\n        expect:\n          buttons: [Product A, /Product [BC]/]\n';
    const { text } = editSpecText(lenient, [set(4, 9, { scenarioName: 'Products' })]);
    expect(text).toBe(`${lenient}          scenarioName: Products\n`);
  });

  it("follows the file's indentation width and a file without a final newline", () => {
    const four =
      'dialogues:\n    - name: d\n      steps:\n          - send: hi\n            expect:\n                chatType: TEXT\n          - send: bye';
    const { text } = editSpecText(four, [set(7, 13, { scenarioName: 'Bye' })]);
    expect(text).toBe(`${four}\n            expect:\n                scenarioName: Bye`);
  });

  it('reports steps it cannot find instead of guessing', () => {
    const result = editSpecText(SPEC, [set(99, 1, { chatType: 'TEXT' })]);
    expect(result.text).toBe(SPEC);
    expect(result.notFound).toHaveLength(1);
  });
});
