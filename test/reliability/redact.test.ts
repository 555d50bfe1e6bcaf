/** The redaction point itself: every spelling masked, data masked before it is cut, echoes masked. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, MASK, maskEcho, redact, redactValue, registerSecret, spellingsOf } from '../../src/io/redact.js';
import { truncate } from '../../src/render/text.js';

const SECRET = 'k3y/with+odd=chars&<"\'>.(x)';
afterEach(clearSecrets);

describe('redact', () => {
  it('masks the secret in every spelling an output may give it', () => {
    registerSecret(SECRET);
    for (const form of spellingsOf(SECRET)) expect(redact(`before ${form} after`)).toBe(`before ${MASK} after`);
    expect(spellingsOf(SECRET)).toContain(JSON.stringify(SECRET).slice(1, -1));
    expect(spellingsOf(SECRET)).toContain(Buffer.from(SECRET).toString('base64'));
  });

  it('leaves short values and text without secrets alone', () => {
    registerSecret('abc'); // too short: it would mask ordinary words
    expect(redact('abc def')).toBe('abc def');
    registerSecret(SECRET);
    expect(redact('nothing here')).toBe('nothing here');
  });
});

describe('redactValue', () => {
  it('masks strings and keys deep in a result, so a later cut cannot split the secret', () => {
    registerSecret(SECRET);
    const result = { steps: [{ turn: { text: `x${SECRET}y`, information: { [SECRET]: ['v'] } }, request: { body: JSON.stringify({ t: SECRET }) } }] };
    const masked = redactValue(result);
    expect(JSON.stringify(masked)).not.toContain('k3y');
    expect(masked.steps[0]!.turn.text).toBe(`x${MASK}y`);
    // a report cutting the text now cuts the mask, never the secret
    expect(truncate(masked.steps[0]!.turn.text, 5)).not.toMatch(/k3y/);
    expect(result.steps[0]!.turn.text).toBe(`x${SECRET}y`); // the original is not touched
  });

  it('finds every spelling in a nested string or key, the ones JSON would escape too', () => {
    registerSecret(SECRET);
    for (const form of spellingsOf(SECRET)) {
      const masked = redactValue({ steps: [{ turn: { text: `a${form}b` } }], [`k${form}`]: 1 });
      expect(masked.steps[0]!.turn.text).toBe(`a${MASK}b`);
      expect(Object.keys(masked)).toContain(`k${MASK}`);
    }
  });

  it('still masks a value JSON cannot write (a cycle)', () => {
    registerSecret(SECRET);
    const cyclic: Record<string, unknown> = { text: `x${SECRET}` };
    cyclic.self = { list: [cyclic] };
    expect(() => redactValue(cyclic)).not.toThrow();
  });

  it('returns the very same object when nothing needs masking (no copy on the hot path)', () => {
    registerSecret(SECRET);
    const result = { steps: [{ text: 'hello', list: ['a', 'b'], n: 1, nil: null }] };
    expect(redactValue(result)).toBe(result);
  });

  it('keeps keys named like Object.prototype members as plain keys', () => {
    registerSecret(SECRET);
    const masked = redactValue(JSON.parse(`{"__proto__": "${'x'.repeat(3)}", "t": ${JSON.stringify(SECRET)}}`) as Record<string, unknown>);
    expect(Object.keys(masked)).toEqual(['__proto__', 't']);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
  });
});

describe('maskEcho', () => {
  it('masks a transient value (a signature) in every spelling, without registering it', () => {
    const signature = 'WNhhb/gerurdmn/o4wDmFmcBSMS87p8YZBtsBG2W/XY=';
    expect(maskEcho(`{"text":"sig ${signature}"}`, signature)).toBe(`{"text":"sig ${MASK}"}`);
    expect(maskEcho(`{"text":"sig ${signature.replace(/\//g, '\\/')}"}`, signature)).toBe(`{"text":"sig ${MASK}"}`);
    expect(maskEcho(`?s=${encodeURIComponent(signature)}`, signature)).toBe(`?s=${MASK}`);
    expect(redact(signature)).toBe(signature); // nothing was registered
  });
});
