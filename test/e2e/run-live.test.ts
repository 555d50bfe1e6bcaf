/**
 * The CLI against a live-like bot: a local server that checks the signature and timestamp window
 * as the service does. Passing, failing and erroring dialogues; exit codes; JUnit; no secret out.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, textReply, type Answer, type SeenRequest } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'e2e-Secret-Key-0123456789+/=';
const withBot = scriptedBotPerTest(SECRET);

const env = (url: string, secret = SECRET) => ({ CLOVA_INVOKE_URL: url, CLOVA_SECRET_KEY: secret });
const description = (r: SeenRequest) =>
  (r.body.bubbles as Array<{ data: { description: string } }>)[0]?.data.description ?? '';

/** A bot that answers "Products" to anything mentioning products, "Fallback" otherwise. */
const shopBot = (req: SeenRequest): Answer => {
  const text = description(req);
  if (req.body.event === 'open')
    return {
      json: {
        ...textReply(req.body.userId, '', 'Hello.\nAsk any questions to the chatbot.'),
        scenario: { name: null },
        conversation: { scenarioName: null },
        event: 'open',
      },
    };
  if (/products/i.test(text)) {
    return {
      json: {
        ...textReply(req.body.userId, 'Products', 'We have three products.'),
        quickButtons: [
          {
            type: 'button',
            title: 'Product A',
            data: {
              type: 'basic',
              action: { type: 'postback', data: { postback: 'Product A', postbackFull: '_T_Product A' } },
            },
          },
          {
            type: 'button',
            title: 'Product B',
            data: { type: 'basic', action: { type: 'postback', data: { postback: 'Product B' } } },
          },
          {
            type: 'button',
            title: 'Website',
            data: { type: 'basic', action: { type: 'link', data: { url: 'https://www.ncloud.com' } } },
          },
        ],
      },
    };
  }
  return {
    json: textReply(req.body.userId, text.startsWith('_T_') ? 'Product detail' : 'Fallback', `You said: ${text}`),
  };
};

const SPEC = `suite: Shop
dialogues:
  - name: greets on open
    steps:
      - open:
        expect:
          chatType: TEXT
          description: /Ask any questions/
  - name: products then a click
    steps:
      - send: What products do you have? 상품 ✓
        expect:
          scenarioName: Products
          buttons: [Product A, /Product [BC]/]
      - click: Product A
        expect:
          scenarioName: Product detail
`;

describe('clova-regress run against a live bot', () => {
  it('passes, signing every request correctly with a fresh timestamp, and writes JUnit', async () => {
    const b = await withBot(shopBot);
    const dir = tempProject({ 'specs/shop.yaml': SPEC });
    const result = await runCli(['run', '--junit', 'out/junit.xml'], { cwd: dir, env: env(b.url) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`Target: bot at ${b.url.replace(/\/$/, '/')}`);
    expect(result.stdout).toMatch(/✓ Shop › greets on open/);
    expect(result.stdout).toMatch(/^2 passed, 0 failed, 0 errors/m);

    expect(b.requests).toHaveLength(3);
    for (const r of b.requests) {
      expect(r.signatureOk).toBe(true);
      expect(r.timestampSkewMs).toBeLessThan(5_000);
      expect(r.contentType).toBe('application/json;UTF-8');
      expect(r.body.version).toBe('v2');
    }
    const [open, send, click] = b.requests;
    expect(open!.body).toMatchObject({ event: 'open', bubbles: [] });
    expect(description(send!)).toBe('What products do you have? 상품 ✓');
    // the click sends the button's postbackFull, as a send, in the same session
    expect(click!.body).toMatchObject({
      event: 'send',
      bubbles: [{ type: 'text', data: { description: '_T_Product A' } }],
    });
    expect(click!.body.userId).toBe(send!.body.userId);
    expect(open!.body.userId).not.toBe(send!.body.userId);

    const xml = readFileSync(join(dir, 'out/junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'Shop', tests: '2', failures: '0', errors: '0', skipped: '0' });
    expect(
      suite.testcase.map((t: { classname: string; name: string; file: string }) => [t.classname, t.name, t.file]),
    ).toEqual([
      ['Shop', 'greets on open', 'specs/shop.yaml'],
      ['Shop', 'products then a click', 'specs/shop.yaml'],
    ]);
    expect(suite.testcase[1]['system-out']).toContain('> send: _T_Product A');
  });

  it('fails with expected vs actual per field, exit 1, and a JUnit <failure>', async () => {
    const b = await withBot(shopBot);
    const dir = tempProject({
      'specs/shop.yaml': `suite: Shop
dialogues:
  - name: wrong expectations
    steps:
      - send: products please
        expect:
          scenarioName: Store hours
          buttons: [Product C]
      - send: and then
        expect:
          description: { contains: said }
      - click: Product Z
      - send: never sent
`,
    });
    const result = await runCli(['run', 'specs', '--junit', 'junit.xml'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      ['    scenarioName (specs/shop.yaml:7:11)', '      expected: "Store hours"', '      actual:   "Products"'].join(
        '\n',
      ),
    );
    expect(result.stdout).toContain(
      [
        '    buttons (specs/shop.yaml:8:11)',
        '      expected: a button matching "Product C"',
        '      actual:   ["Product A", "Product B", "Website"]',
      ].join('\n'),
    );
    // a missing button fails the step, listing the titles that were there, and ends the dialogue
    expect(result.stdout).toContain('step 3: click "Product Z"');
    expect(result.stdout).toContain('expected: a button titled "Product Z" in the previous reply');
    expect(result.stdout).toContain('step 4 not run: step 3 could not click');
    expect(result.stdout).toMatch(/^0 passed, 1 failed, 0 errors/m);
    expect(b.requests).toHaveLength(2);

    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const failure = doc.testsuites.testsuite.testcase.failure;
    expect(failure.message).toBe(
      'step 1 (send "products please"): scenarioName expected "Store hours", actual "Products" (+1 more)',
    );
    expect(failure['#text']).toContain('buttons (specs/shop.yaml:8:11)');
  });

  it('reports the signature rejection as an error with its cause, exit 3, and never prints the key', async () => {
    const b = await withBot(shopBot);
    const dir = tempProject({ 'specs/shop.yaml': SPEC });
    const result = await runCli(['run', '--junit', 'junit.xml'], { cwd: dir, env: env(b.url, 'the-WRONG-secret-key') });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(
      'error: signature rejected — check CLOVA_SECRET_KEY (code 4031: Signature is invalid), HTTP 500',
    );
    expect(result.stdout).toMatch(/^0 passed, 0 failed, 2 errors/m);
    // 4031 is not worth a retry: one request per dialogue
    expect(b.requests).toHaveLength(2);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites.testsuite).toMatchObject({ errors: '2', failures: '0' });
    expect(doc.testsuites.testsuite.testcase[0].error.type).toBe('bot-error');
    for (const text of [result.stdout, result.stderr, xml]) {
      expect(text).not.toContain('the-WRONG-secret-key');
      expect(text).not.toContain(Buffer.from('the-WRONG-secret-key').toString('base64'));
    }
  });

  it.each<[string, Answer, RegExp]>([
    [
      'an HTML error page',
      { status: 502, text: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>oops</body></html>' },
      /error: HTTP 502 with an HTML body \("502 Bad Gateway"\)/,
    ],
    [
      'a non-JSON success body',
      { status: 200, text: 'not json at all' },
      /error: HTTP 200 with a non-JSON body \("not json at all"\)/,
    ],
    [
      'an API Gateway error',
      { status: 401, json: { error: { errorCode: '200', message: 'Authentication Failed' } } },
      /error: API Gateway error: Authentication Failed \(errorCode 200\), HTTP 401/,
    ],
    [
      'a domain not found',
      { status: 500, json: { code: '1001', message: 'domain not found', timestamp: 1 } },
      /error: domain not found — check the invoke URL \(code 1001: domain not found\), HTTP 500/,
    ],
  ])('turns %s into a dialogue error with a cause a human understands', async (_what, answer, message) => {
    const b = await withBot(() => answer);
    const dir = tempProject({ 'specs/s.yaml': 'dialogues:\n  - name: one\n    steps: [{ send: hi }]\n' });
    const result = await runCli(['run'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(message);
    expect(result.stderr).toBe('');
    expect(b.requests).toHaveLength(1);
  });

  it('retries 429/503 with backoff (honouring Retry-After) and passes', async () => {
    const b = await withBot((req, i) =>
      i === 0
        ? {
            status: 429,
            headers: { 'retry-after': '0' },
            json: { error: { errorCode: '410', message: 'Throttle Limited' } },
          }
        : i === 1
          ? { status: 503, json: { error: { errorCode: '503', message: 'Endpoint Error' } } }
          : shopBot(req),
    );
    const dir = tempProject({
      'specs/s.yaml':
        'dialogues:\n  - name: one\n    steps:\n      - send: products\n        expect: { scenarioName: Products }\n',
    });
    const result = await runCli(['run'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(0);
    expect(b.requests).toHaveLength(3);
    // every attempt is re-signed with its own timestamp
    expect(new Set(b.requests.map((r) => r.body.timestamp)).size).toBe(3);
    expect(b.requests.every((r) => r.signatureOk)).toBe(true);
    expect(result.stdout).toMatch(/throttled 1 request/);
  });

  it('gives up after --request-retries and reports the last cause', async () => {
    const b = await withBot(() => ({
      status: 504,
      json: { error: { errorCode: '504', message: 'Endpoint Timeout' } },
    }));
    const dir = tempProject({ 'specs/s.yaml': 'dialogues:\n  - name: one\n    steps: [{ send: hi }]\n' });
    const result = await runCli(['run', '--request-retries', '1'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(3);
    expect(b.requests).toHaveLength(2);
    expect(result.stdout).toContain('error: API Gateway error: Endpoint Timeout (errorCode 504), HTTP 504');
  });

  it('times out a silent bot per --timeout and a dead one as a connection error', async () => {
    const b = await withBot(() => ({ hang: true }));
    const dir = tempProject({ 'specs/s.yaml': 'dialogues:\n  - name: one\n    steps: [{ send: hi }]\n' });
    const slow = await runCli(['run', '--timeout', '300'], { cwd: dir, env: env(b.url) });
    expect(slow.code).toBe(3);
    expect(slow.stdout).toMatch(/error: timed out after 300 ms \(127\.0\.0\.1:\d+\)/);
    const url = b.url;
    await b.close();
    const dead = await runCli(['run', '--request-retries', '0'], { cwd: dir, env: env(url) });
    expect(dead.code).toBe(3);
    expect(dead.stdout).toMatch(/error: connection refused \(127\.0\.0\.1:\d+, ECONNREFUSED\)/);
  });

  it('refuses a broken spec with file:line:column, exit 2, and sends nothing', async () => {
    const b = await withBot(shopBot);
    const dir = tempProject({ 'specs/shop.yaml': SPEC.replace('scenarioName: Products', 'scenarioNmae: Products') });
    const result = await runCli(['run', '--junit', 'junit.xml'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: unknown key `scenarioNmae` in an expectation\n  --> specs/shop.yaml:13:11');
    expect(result.stderr).toContain('did you mean `scenarioName`?');
    expect(result.stdout).toBe('');
    expect(b.requests).toHaveLength(0);
    expect(existsSync(join(dir, 'junit.xml'))).toBe(false);
  });

  it('asks for the secret when a URL is given without one, exit 2', async () => {
    const dir = tempProject({ 'specs/s.yaml': 'dialogues:\n  - name: one\n    steps: [{ send: hi }]\n' });
    const result = await runCli(['run', '--url', 'http://127.0.0.1:9/x'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/needs its secret key in env CLOVA_SECRET_KEY/);
  });

  it('writes valid JUnit XML whatever the bot says', async () => {
    const nasty = 'ctrl \u0000\u0001\u0007\u001b[31mred\u001b[0m ]]> twice ]]> and ]]]]> \uD800 lone \uFFFE end';
    const b = await withBot((req) => ({ json: textReply(req.body.userId, nasty, nasty.repeat(20_000)) }));
    const dir = tempProject({
      'specs/s.yaml':
        'dialogues:\n  - name: "weird ]]> name \u0007"\n    steps:\n      - send: hi\n        expect: { scenarioName: x }\n',
    });
    const result = await runCli(['run', '--junit', 'junit.xml'], { cwd: dir, env: env(b.url) });
    expect(result.code).toBe(1);
    const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.length).toBeLessThan(200_000); // a 1.3 MB reply is truncated, with a note
    expect(xml).toContain('(transcript truncated:');
    const testcase = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite
      .testcase;
    // the CDATA text reads back as the bot's words, every ]]> intact
    expect(testcase['system-out']).toContain(
      '< [ctrl \\u0000\\u0001\\u0007red ]]> twice ]]> and ]]]]> \\ud800 lone \\ufffe end',
    );
  });
});
