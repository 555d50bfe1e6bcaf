/**
 * The Markdown summary: bot text cannot break a table, a code fence or inject HTML; the summary
 * stays under the PR-comment budget, saying what it left out.
 */
import { describe, expect, it } from 'vitest';
import { buildMarkdown, fenced, mdText, MAX_MARKDOWN_CHARS } from '../../src/reporters/markdown.js';
import { checkLinkUrl, sourceLink, sourceLinkBase } from '../../src/reporters/markdown-links.js';
import type { StepResult } from '../../src/results/model.js';
import { dialogue, passedStep, sampleRun } from '../helpers/sample-run.js';
import { turn } from '../helpers/turn.js';

function failing(name: string, actual: string): ReturnType<typeof dialogue> {
  const step = {
    ...passedStep(1, 'hi', turn({ text: actual })),
    status: 'failed',
    expect: { description: { op: 'equals', value: 'expected' } },
    mismatches: [
      { field: 'description', expected: '"expected"', actual, matcher: { op: 'equals', value: 'expected' } },
    ],
  } as StepResult;
  return dialogue(name, [step]);
}

describe('the Markdown summary', () => {
  it('neutralises table, HTML and fence breakers in bot text', () => {
    expect(mdText('a | b <script>x</script> *bold* `code`\nnext')).toBe(
      'a \\| b &lt;script&gt;x&lt;/script&gt; \\*bold\\* \\`code\\` ⏎ next',
    );
    expect(fenced('before ``` inside ```` more')).toBe('`````text\nbefore ``` inside ```` more\n`````');
    const run = sampleRun();
    const md = buildMarkdown(run.info, [failing('pipes | and <b>tags</b>', 'a | b\n```\n</details>')], run.summary, {
      maxChars: MAX_MARKDOWN_CHARS,
    });
    expect(md).toContain('<summary>✗ <b>Shop › pipes | and &lt;b&gt;tags&lt;/b&gt;</b>');
    expect(md).toContain('| ✗ | description | "expected" | "a \\| b\\\\n\\`\\`\\`\\\\n&lt;/details&gt;" |');
    // the details block is fenced longer than any backtick run inside it (a diff block, issue 14)
    expect(md).toContain('````diff\n description');
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
    const md = buildMarkdown(
      run.info,
      [],
      { ...run.summary, counts: { total: 2, passed: 2, failed: 0, errored: 0, flaky: 0, skipped: 0 } },
      { maxChars: MAX_MARKDOWN_CHARS },
    );
    expect(md.split('\n')[0]).toBe('## clova-regress: ✅ all passed');
    expect(md).not.toContain('### Failures');
  });

  it('shows a failure as a diff block: - expected, + actual, the rest as context', () => {
    const run = sampleRun();
    const md = buildMarkdown(run.info, [run.dialogues[1]!], run.summary, { maxChars: MAX_MARKDOWN_CHARS });
    const block = md.slice(md.indexOf('```diff\n'), md.indexOf('\n```\n', md.indexOf('```diff\n')));
    const lines = block.split('\n').slice(1);
    expect(lines[0]).toBe(' description (specs/shop.yaml:9:11)');
    expect(lines[1]).toBe('-  expected: "We are open every day from 10:00 to 20:00."');
    expect(lines[2]).toBe('+  actual:   "We are open every day from 9:00 to 21:00."');
    expect(lines.slice(3).every((l) => /^[ +-]/.test(l))).toBe(true);
    // an error has nothing to compare: plain text
    const errored = buildMarkdown(run.info, [run.dialogues[2]!], run.summary, { maxChars: MAX_MARKDOWN_CHARS });
    expect(errored).toContain('```text\nerror: timed out after 300 ms');
  });

  it('links each failure to its spec line and the HTML report when told where they are', () => {
    const run = sampleRun();
    const links = { source: 'https://github.com/o/r/blob/abc1234/', html: 'report.html' };
    const md = buildMarkdown(run.info, [run.dialogues[1]!], run.summary, { maxChars: MAX_MARKDOWN_CHARS, links });
    expect(md).toContain('[`specs/shop.yaml:3`](<https://github.com/o/r/blob/abc1234/specs/shop.yaml#L3>)');
    expect(md).toContain('[`specs/shop.yaml:7:9`](<https://github.com/o/r/blob/abc1234/specs/shop.yaml#L7>)');
    expect(md).toMatch(/\[in the HTML report\]\(<report\.html#d-[0-9a-f]{10}>\)/);
    const plain = buildMarkdown(run.info, [run.dialogues[1]!], run.summary, { maxChars: MAX_MARKDOWN_CHARS });
    expect(plain).not.toContain('](');
  });

  it('builds the link base from GitHub Actions and refuses URLs that could carry a secret', () => {
    const gh = {
      GITHUB_SERVER_URL: 'https://github.example.com/',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_SHA: 'abcdef1234567',
    };
    expect(sourceLinkBase(undefined, gh)).toEqual({ base: 'https://github.example.com/o/r/blob/abcdef1234567/' });
    expect(sourceLinkBase(undefined, { ...gh, GITHUB_SERVER_URL: 'https://x:tok@github.com' })).toEqual({});
    expect(sourceLinkBase(undefined, { GITHUB_REPOSITORY: 'o/r' })).toEqual({});
    expect(sourceLinkBase('https://gitlab.example.com/g/p/-/blob/main', gh)).toEqual({
      base: 'https://gitlab.example.com/g/p/-/blob/main/',
    });
    expect(sourceLinkBase('https://me:secret@h.example/', {})).toEqual({
      error: '--markdown-link-base must not carry credentials (user:password@)',
    });
    expect(checkLinkUrl('https://h.example/r?token=s3cret')).toEqual({
      error: 'must not carry a query (?…): it could hold a token',
    });
    expect(checkLinkUrl('javascript:alert(1)')).toEqual({ error: 'must be an http(s) URL' });
    expect(sourceLink('https://h/b/', 'specs/a b#.yaml', 4)).toBe('https://h/b/specs/a%20b%23.yaml#L4');
    expect(sourceLink('https://h/b/', '../elsewhere.yaml', 4)).toBeUndefined();
    expect(sourceLink('https://h/b/', '/abs/x.yaml', 4)).toBeUndefined();
  });
});
