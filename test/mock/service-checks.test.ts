/**
 * The mock refuses what the service refuses, with the service's status and body, and accepts what
 * real clients send — down to the vendor's own Python example client.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadBotDefinition } from '../../src/mock/load.js';
import { SIGNATURE_HEADER, signBody } from '../../src/protocol/signature.js';
import { chat, EXAMPLE_BOT, postRaw, SECRET, startMock } from './helpers.js';

const bot = await loadBotDefinition(EXAMPLE_BOT);

function body(fields: Record<string, unknown>): string {
  return JSON.stringify({
    version: 'v2',
    userId: 'u-1',
    timestamp: Date.now(),
    bubbles: [{ type: 'text', data: { description: 'store hours' } }],
    event: 'send',
    ...fields,
  });
}

/** A chatbot error: HTTP 500 and {"code","message","timestamp"}. */
function expectChatbotError(res: { status: number; text: string }, code: string): void {
  expect(res.status).toBe(500);
  const json = JSON.parse(res.text);
  expect(Object.keys(json)).toEqual(['code', 'message', 'timestamp']);
  expect(json.code).toBe(code);
  expect(typeof json.message).toBe('string');
}

describe("the service's checks", () => {
  it('answers a valid, signed request', async () => {
    const mock = await startMock(bot);
    const res = await chat(mock.url, { event: 'send', userId: 'u-1', text: 'store hours' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(res.text).scenario.name).toBe('Store hours');
  });

  it('verifies the signature over the raw bytes, whatever their formatting', async () => {
    const mock = await startMock(bot);
    const spaced = `{\n  "version" : "v2", "userId": "u-1", "timestamp": ${Date.now()},\n  "bubbles": [ { "type": "text", "data": { "description": "\\uc601\\uc5c5\\uc2dc\\uac04" } } ], "event": "send" }`;
    const res = await postRaw(mock.url, spaced);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).scenario.name).toBe('Store hours');
  });

  it('rejects a wrong or missing signature with 4031', async () => {
    const mock = await startMock(bot);
    expectChatbotError(await postRaw(mock.url, body({}), { secret: 'another-secret' }), '4031');
    expectChatbotError(await postRaw(mock.url, body({}), { signature: null }), '4031');
    // signed, then changed in transit: one byte differs
    const signed = body({});
    expectChatbotError(
      await postRaw(mock.url, signed.replace('store', 'stork'), { signature: signBody(Buffer.from(signed), SECRET) }),
      '4031',
    );
  });

  it('rejects a timestamp more than 10 s from now with 4032, and accepts one inside the window', async () => {
    const mock = await startMock(bot);
    expectChatbotError(await postRaw(mock.url, body({ timestamp: Date.now() - 11_000 })), '4032');
    expectChatbotError(await postRaw(mock.url, body({ timestamp: Date.now() + 11_000 })), '4032');
    expectChatbotError(await postRaw(mock.url, body({ timestamp: 12345678 })), '4032');
    expect((await postRaw(mock.url, body({ timestamp: Date.now() - 8_000 }))).status).toBe(200);
  });

  it('can widen or drop the timestamp window for benchmarks replaying one body', async () => {
    const mock = await startMock(bot, { timestampWindowMs: Infinity });
    expect((await postRaw(mock.url, body({ timestamp: 12345678 }))).status).toBe(200);
  });

  it.each([
    ['userId missing', { userId: undefined }],
    ['userId empty', { userId: '' }],
    ['userId over 256 characters', { userId: 'u'.repeat(257) }],
    ['userId a number', { userId: 42 }],
    ['timestamp missing', { timestamp: undefined }],
    ['timestamp a string', { timestamp: String(Date.now()) }],
    ['bubbles missing', { bubbles: undefined }],
    ['bubbles not an array', { bubbles: { type: 'text' } }],
    ['event missing', { event: undefined }],
    ['an unknown event', { event: 'close' }],
    ['send without a bubble', { bubbles: [] }],
    ['a bubble without description', { bubbles: [{ type: 'text', data: {} }] }],
  ])('rejects %s with 4000', async (_, fields) => {
    const mock = await startMock(bot);
    expectChatbotError(await postRaw(mock.url, body(fields)), '4000');
  });

  it('accepts a userId of exactly 256 characters', async () => {
    const mock = await startMock(bot);
    const res = await postRaw(mock.url, body({ userId: 'u'.repeat(256) }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).userId).toBe('u'.repeat(256));
  });

  it('rejects a body that is not JSON, or not UTF-8, with 4000', async () => {
    const mock = await startMock(bot);
    expectChatbotError(await postRaw(mock.url, '{"version": "v2", '), '4000');
    expectChatbotError(await postRaw(mock.url, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), '4000');
    expectChatbotError(await postRaw(mock.url, '[]'), '4000');
  });

  it("answers a wrong path or method with the API Gateway's 404", async () => {
    const mock = await startMock(bot, { path: '/custom/v1/1234/abcd' });
    const right = await postRaw(mock.url, body({}));
    expect(right.status).toBe(200);
    for (const res of [
      await postRaw(new URL('/other', mock.url).href, body({})),
      await fetch(mock.url).then(async (r) => ({ status: r.status, text: await r.text() })),
    ]) {
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toEqual({ error: { errorCode: '300', message: 'Not Found Exception' } });
    }
  });

  it("refuses a body over the cap with the gateway's 413, without buffering it, and keeps serving", async () => {
    const mock = await startMock(bot, { maxBodyBytes: 64 * 1024 });
    const huge = body({ bubbles: [{ type: 'text', data: { description: 'x'.repeat(200 * 1024) } }] });
    const res = await postRaw(mock.url, huge);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.message).toBe('Request Entity Too Large');
    expect((await chat(mock.url, { event: 'send', userId: 'u-2', text: 'store hours' })).status).toBe(200);
    expect(mock.stats().rejected['413']).toBe(1);
  });

  it('counts what it answered and refused', async () => {
    const mock = await startMock(bot);
    await chat(mock.url, { event: 'open', userId: 'u-3' });
    await postRaw(mock.url, body({}), { signature: 'nope' });
    expect(mock.stats()).toMatchObject({ requests: 2, replies: 1, rejected: { '4031': 1 }, sessions: 1 });
  });
});

const python = spawnSync('python3', ['-c', 'import requests'], { encoding: 'utf8' });

/** Asynchronously: the mock answers from this very process, so the client must not block it. */
async function runPython(code: string): Promise<{ stdout: string; stderr: string }> {
  // the mock is local: no proxy may stand between
  const env = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };
  return promisify(execFile)('python3', ['-c', code], { encoding: 'utf8', timeout: 20_000, env });
}

describe("the vendor's Python example client (seed 000)", () => {
  it.runIf(python.status === 0)('gets a proper reply, signed with the same secret', async () => {
    const mock = await startMock(bot);
    const result = await runPython(pythonClient(mock.url, SECRET));
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('200');
    const reply = JSON.parse(lines[1]!);
    expect(reply.userId).toBe('U47b00b58c90f8e47428af8b7bddcda3d1111111');
    expect(reply.scenario.name).toBe('About');
    expect(reply.bubbles[0].data.description).toMatch(/clova-regress mock/);
  });

  it.runIf(python.status === 0)('is refused with 4031 when its secret differs', async () => {
    const mock = await startMock(bot);
    const result = await runPython(pythonClient(mock.url, 'not-the-secret'));
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('500');
    expect(JSON.parse(lines[1]!).code).toBe('4031');
  });

  it('has python3 with requests available (else the tests above did not run)', () => {
    expect(python.status, python.stderr).toBe(0);
  });
});

/**
 * The seed's ChatbotMessageSender, verbatim in its body construction and signature (json.dumps with
 * its default spaced separators, base64 HMAC-SHA256, Content-Type application/json;UTF-8); only
 * the endpoint, the key, and printing the body on any status differ.
 */
function pythonClient(url: string, secret: string): string {
  return `
import hashlib
import hmac
import base64
import time
import requests
import json

class ChatbotMessageSender:

    # chatbot api gateway url
    ep_path = ${JSON.stringify(url)}
    # chatbot custom secret key
    secret_key = ${JSON.stringify(secret)}

    def req_message_send(self):

        timestamp = self.get_timestamp()
        request_body = {
            'version': 'v2',
            'userId': 'U47b00b58c90f8e47428af8b7bddcda3d1111111',
            'timestamp': timestamp,
            'bubbles': [
                {
                    'type': 'text',
                    'data': {
                        'description': 'About Me'
                    }
                }
            ],
            'event': 'send'
        }

        ## Request body
        encode_request_body = json.dumps(request_body).encode('UTF-8')

        ## make signature
        signature = self.make_signature(self.secret_key, encode_request_body)

        ## headers
        custom_headers = {
            'Content-Type': 'application/json;UTF-8',
            '${SIGNATURE_HEADER}': signature
        }

        ## POST Request
        response = requests.post(headers=custom_headers, url=self.ep_path, data=encode_request_body)

        return response

    @staticmethod
    def get_timestamp():
        timestamp = int(time.time() * 1000)
        return timestamp

    @staticmethod
    def make_signature(secret_key, request_body):

        secret_key_bytes = bytes(secret_key, 'UTF-8')

        signing_key = base64.b64encode(hmac.new(secret_key_bytes, request_body, digestmod=hashlib.sha256).digest())

        return signing_key

if __name__ == '__main__':

    res = ChatbotMessageSender().req_message_send()

    print(res.status_code)
    print(res.text)
`;
}
