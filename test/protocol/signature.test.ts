import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildRequestBody, requestBodyText, serializeBody, type ChatRequest } from '../../src/protocol/request.js';
import { signBody, verifySignature } from '../../src/protocol/signature.js';

// The example secret printed in the vendor's PHP client (seed 000): a made-up key, safe to commit.
const KEY = 'YnVFTWZDemt3bUZhaEJlalN1Z3ZNY2pzeVp0aVRjd04=12';

/**
 * Vectors computed independently with Python's hmac, as the vendor's Python client signs:
 * base64(hmac.new(key.encode('UTF-8'), body_bytes, hashlib.sha256).digest()).
 */
const VECTORS: Array<[string, string]> = [
  ['What products do you have?', 'qHxCL2q2YMAkKdgfNEl5AEjadLp+pS65rufTzso7EJA='],
  ['상품 뭐 있어요?', 'a7kBrX2qVd8z6SYyoVbeIVj7swllB6PZIF5eZTOpJJI='],
  [
    'コンソールから CLOVA Chatbotサービスにはどうやってアクセスしますか?',
    'sJYD8tlLUu7Raxayx3hN/QgZcpyTdQy84sJl5+su9Rc=',
  ],
  [
    'emoji 🍣🎉 and "quotes" \\ back\nslash\ttab \u0001 </script> \u2028',
    'pl3fPFdegEtkpcn4y6D3pdUh5FhX+iPicOvnKLdnkNQ=',
  ],
];

const bodyFor = (text: string) =>
  serializeBody(buildRequestBody({ event: 'send', userId: 'U47b00b58c90f8e47428af8b7bddcda3d', text }, 1725842214334));

describe('signBody', () => {
  it.each(VECTORS)('matches the Python-computed signature for %j', (text, signature) => {
    expect(signBody(bodyFor(text), KEY)).toBe(signature);
  });

  it('signs the bytes in the order the vendor examples put the fields', () => {
    expect(bodyFor('hi').toString('utf8')).toBe(
      '{"version":"v2","userId":"U47b00b58c90f8e47428af8b7bddcda3d","timestamp":1725842214334,"bubbles":[{"type":"text","data":{"description":"hi"}}],"event":"send"}',
    );
  });

  it('agrees with python3 hmac on a body signed now, when python3 is installed', () => {
    const body = bodyFor('실시간 검증 ✓ リアルタイム');
    const script =
      'import sys,hmac,hashlib,base64;d=sys.stdin.buffer.read();print(base64.b64encode(hmac.new(sys.argv[1].encode("UTF-8"),d,hashlib.sha256).digest()).decode())';
    const python = spawnSync('python3', ['-c', script, KEY], { input: body });
    if (python.error) return; // no python3 here: the fixed vectors above still hold
    expect(python.stdout.toString().trim()).toBe(signBody(body, KEY));
  });

  it('verifies its own signatures and rejects a changed body or key', () => {
    const body = bodyFor('hello');
    const signature = signBody(body, KEY);
    expect(verifySignature(body, KEY, signature)).toBe(true);
    expect(verifySignature(bodyFor('hellO'), KEY, signature)).toBe(false);
    expect(verifySignature(body, `${KEY}x`, signature)).toBe(false);
    expect(verifySignature(body, KEY, undefined)).toBe(false);
  });
});

describe('buildRequestBody', () => {
  it('sends an open with no bubble, or with the welcome postback as one text bubble', () => {
    expect(buildRequestBody({ event: 'open', userId: 'u' }, 1).bubbles).toEqual([]);
    expect(
      buildRequestBody({ event: 'open', userId: 'u', text: 'postback text of welcome action' }, 1).bubbles,
    ).toEqual([{ type: 'text', data: { description: 'postback text of welcome action' } }]);
  });
});

describe('requestBodyText', () => {
  // the client writes the body straight from the request; it must be the bytes JSON.stringify gives
  const requests: ChatRequest[] = [
    { event: 'open', userId: 'u' },
    { event: 'open', userId: 'u', text: 'welcome postback' },
    { event: 'send', userId: 'U47b00b58c90f8e47428af8b7bddcda3d', text: VECTORS[3]![0] },
    { event: 'send', userId: 'quote " back \\ \u2028 \ud800 lone', text: '\udfff\u0000 </script>', userIp: '10.0.0.1' },
    { event: 'getPersistentMenu', userId: '상품', userIp: '::1' },
  ];
  it.each(requests)('writes %j as JSON.stringify of its body object', (request) => {
    for (const timestamp of [1725842214334, 0, NaN])
      expect(requestBodyText(request, timestamp)).toBe(JSON.stringify(buildRequestBody(request, timestamp)));
  });
});
