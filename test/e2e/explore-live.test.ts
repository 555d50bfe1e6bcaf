/**
 * `explore` against a live-like bot (signature and timestamp checked): `--from` starts a branch,
 * each path runs in its own session, a button whose reply errors is reported and exits 3 with the
 * tree still written, a phone button is recorded and never sent, and the secret appears nowhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, textReply, type Answer, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import type { ExploreTree } from '../../src/explore/tree.js';

const SECRET = 'explore-Secret-Key-0123456789+/=';
const withBot = scriptedBotPerTest(SECRET);

const text = (r: SeenRequest) =>
  (r.body.bubbles as Array<{ data: { description: string } }> | undefined)?.[0]?.data.description ?? '';
const quick = (title: string, action: Record<string, unknown>) => ({
  type: 'button',
  title,
  data: { type: 'basic', action },
});

const handler = (req: SeenRequest): Answer => {
  const said = text(req);
  if (req.body.event === 'open')
    return {
      json: {
        ...textReply(req.body.userId, '', 'Hello.'),
        scenario: { name: null },
        conversation: { scenarioName: null },
        event: 'open',
      },
    };
  if (req.body.event === 'getPersistentMenu')
    return { json: { ...textReply(req.body.userId, '', ''), bubbles: [], event: 'getPersistentMenu' } };
  if (said === 'help') {
    return {
      json: {
        ...textReply(req.body.userId, 'Help', 'How can I help?'),
        quickButtons: [
          quick('Works', { type: 'postback', data: { postback: 'works' } }),
          quick('Breaks', { type: 'postback', data: { postback: 'breaks' } }),
          quick('Call us', { type: 'phone', data: { number: '400-1111' } }),
        ],
      },
    };
  }
  if (said === 'breaks')
    return { status: 500, json: { code: '5000', message: 'Unknown error', timestamp: Date.now() } };
  return { json: textReply(req.body.userId, 'Works', 'It works.') };
};

describe('explore against a live bot', () => {
  it('starts from --from, reports the button that errored (exit 3), records the phone button, leaks no secret', async () => {
    const bot = await withBot(handler);
    const dir = tempProject();
    const result = await runCli(
      [
        'explore',
        '--from',
        'help',
        '--out',
        'suite',
        '--json',
        'tree.json',
        '--markdown',
        'tree.md',
        '--request-retries',
        '0',
      ],
      { cwd: dir, env: { CLOVA_INVOKE_URL: bot.url, CLOVA_SECRET_KEY: SECRET }, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('Buttons that errored (1)');
    expect(result.stdout).toMatch(/\[Breaks\] ✗ error: .*5000/);
    const tree = JSON.parse(readFileSync(join(dir, 'tree.json'), 'utf8')) as ExploreTree;
    expect(tree.states.map((s) => s.scenarioName)).toEqual([null, 'Help', 'Works']);
    expect(tree.states[1]!.recorded).toEqual([{ title: 'Call us', kind: 'phone', target: '400-1111' }]);
    expect(bot.requests.every((r) => r.signatureOk)).toBe(true);
    expect(bot.requests.some((r) => text(r).includes('400-1111'))).toBe(false);
    // one session per path: open of each path starts a userId no other path used
    const opens = bot.requests.filter((r) => r.body.event === 'open').map((r) => r.body.userId);
    expect(new Set(opens).size).toBe(opens.length);
    // the errored path is in the tree, not in the suite: the written specs only hold what answered
    const suite = readdirSync(join(dir, 'suite'))
      .map((f) => readFileSync(join(dir, 'suite', f), 'utf8'))
      .join('\n');
    expect(suite).toContain('- send: help');
    expect(suite).toContain('- click: Works');
    expect(suite).not.toContain('click: Breaks');
    for (const out of [
      result.stdout,
      result.stderr,
      suite,
      readFileSync(join(dir, 'tree.json'), 'utf8'),
      readFileSync(join(dir, 'tree.md'), 'utf8'),
    ])
      expect(out).not.toContain(SECRET);
  }, 90_000);
});
