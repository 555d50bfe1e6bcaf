/**
 * The Markdown summary: bot text cannot break a table, a code fence or inject HTML; the summary
 * stays under the PR-comment budget, saying what it left out.
 */
import { describe, expect, it } from 'vitest';
import { buildMarkdown, fenced, mdText, MAX_MARKDOWN_CHARS } from '../../src/reporters/markdown.js';
import type { StepResult } from '../../src/results/model.js';
import { dialogue, passedStep, sampleRun } from '../helpers/sample-run.js';
import { turn } from '../helpers/turn.js';

function failing(name: string, actual: string): ReturnType<typeof dialogue> {
  const step = {
    ...passedStep(1, 'hi', turn({ text: actual })),
    status: 'failed',
    expect: { description: { op: 'equals', value: 'expected' } },
    mismatches: [{ field: 'description', expected: '"expected"', actual, matcher: { op: 'equals', value: 'expected' } }],
  } as StepResult;
  return dialogue(name, [step]);
}

describe('the Markdown summary', () => {
  it('neutralises table, HTML and fence breakers in bot text', () => {
    expect(mdText('a | b <script>x</script> *bold* `code`\nnext')).toBe('a \\| b &lt;script&gt;x&lt;/script&gt; \\*bold\\* \\`code\\` ⏎ next');
    expect(fenced('before ``` inside ```` more')).toBe('`````text\nbefore ``` inside ```` more\n`````');
    const run = sampleRun();
    const md = buildMarkdown(run.info, [failing('pipes | and <b>tags</b>', 'a | b\n```\n</details>')], run.summary, { maxChars: MAX_MARKDOWN_CHARS });
    expect(md).toContain('<summary>✗ <b>Shop › pipes | and &lt;b&gt;tags&lt;/b&gt;</b>');
    expect(md).toContain('| ✗ | description | "expected" | "a \\| b\\\\n\\`\\`\\`\\\\n&lt;/details&gt;" |');
    // the details block is fenced longer than any backtick run inside it
    expect(md).toContain('````text\ndescription');
    // the bot's `</details>` stays inside the code block (literal there); the real one follows it
    expect(md).toContain('  actual:   "a | b\\n```\\n</details>"\n````\n\n</details>\n');
  });

  it('stays within its budget and says how many failures it left out', () => {
    const run = sampleRun();
    const many = Array.from({ length: 400 }, (_, i) => failing(`dialogue ${i}`, `reply ${i} `.repeat(30)));
    const md = buildMarkdown(run.info, many, run.summary, { maxChars: MAX_MARKDOWN_CHARS });
    expect(md.length).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    const shown = (md.match(/<details>/g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(md).toContain(`…and ${400 - shown} more failing dialogues not shown`);
  });

  it('says all passed when they did', () => {
    const run = sampleRun();
    const md = buildMarkdown(run.info, [], { ...run.summary, counts: { total: 2, passed: 2, failed: 0, errored: 0, flaky: 0, skipped: 0 } }, { maxChars: MAX_MARKDOWN_CHARS });
    expect(md.split('\n')[0]).toBe('## clova-regress: ✅ all passed');
    expect(md).not.toContain('### Failures');
  });
});
