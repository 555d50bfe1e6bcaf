/** The redaction point itself: every spelling masked, data masked before it is cut, echoes masked. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  clearSecrets,
  markProvenClean,
  MASK,
  redact,
  redactValue,
  registerSecret,
  replyTextIsClean,
  spellingsOf,
} from '../../src/io/redact.js';
import { maskEcho } from '../../src/io/echo-mask.js';
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
    const result = {
      steps: [
        {
          turn: { text: `x${SECRET}y`, information: { [SECRET]: ['v'] } },
          request: { body: JSON.stringify({ t: SECRET }) },
        },
      ],
    };
    const masked = redactValue(result);
    expect(JSON.stringify(masked)).not.toContain('k3y');
    expect(masked.steps[0]!.turn.text).toBe(`x${MASK}y`);
    // a report cutting the text now cuts the mask, never the secret
    expect(truncate(masked.steps[0]!.turn.text, 5)).not.toMatch(/k3y/);
    expect(result.steps[0]!.turn.text).toBe(`x${SECRET}y`); // the original is not touched
  });

  it('finds every spelling in a nested string or key', () => {
    registerSecret(SECRET);
    for (const form of spellingsOf(SECRET)) {
      const masked = redactValue({ steps: [{ turn: { text: `a${form}b` } }], [`k${form}`]: 1 });
      expect(masked.steps[0]!.turn.text).toBe(`a${MASK}b`);
      expect(Object.keys(masked)).toContain(`k${MASK}`);
    }
  });

  it('vouches for a reply text only when no string parsed from it can hold a spelling', () => {
    registerSecret(SECRET);
    const plain = JSON.stringify({ bubbles: [{ data: { description: 'hello "there"\n' } }] });
    expect(replyTextIsClean(plain)).not.toBeUndefined();
    for (const form of spellingsOf(SECRET)) {
      // as a bot's JSON encoder writes it: JSON.stringify, then the forms other encoders use
      const text = JSON.stringify({ t: `a${form}b`, [`k${form}`]: 1 });
      expect(JSON.parse(text).t).toContain(form);
      expect(replyTextIsClean(text)).toBeUndefined();
      expect(replyTextIsClean(text.replace(/\//g, '\\/'))).toBeUndefined();
    }
    // escapes decode to characters the text does not show: never vouched for
    expect(replyTextIsClean('{"t":"\\u0041"}')).toBeUndefined();
  });

  it('walks only the composed strings of a value proven clean at its source', () => {
    registerSecret(SECRET);
    const turn = { text: 'joined', raw: { t: 'x' } };
    markProvenClean(turn, [turn.text], replyTextIsClean('{"t":"x"}')!);
    expect(redactValue({ steps: [{ turn }] }).steps[0]!.turn).toBe(turn);
    const composed = { text: `a\n${SECRET}` };
    markProvenClean(composed, [composed.text], replyTextIsClean('{}')!);
    expect(JSON.stringify(redactValue({ turn: composed }))).not.toContain('k3y');
    // a secret registered after the check voids the proof: the whole value is walked again
    const later = { text: 'fine', raw: { t: 'late-secret-value' } };
    markProvenClean(later, [later.text], replyTextIsClean('{"t":"late-secret-value"}')!);
    registerSecret('late-secret-value');
    expect(JSON.stringify(redactValue({ turn: later }))).not.toContain('late-secret');
  });

  it('masks a string it has seen clean once a secret it holds is registered', () => {
    // the walk remembers strings found clean (a spec path in every step): registering voids that
    registerSecret(SECRET);
    const path = '/specs/late-secret-value-in-a-long-path/suite.yaml';
    for (let i = 0; i < 3; i++) expect(redactValue({ pos: { file: `${path}` } }).pos.file).toBe(path);
    registerSecret('late-secret-value');
    expect(redactValue({ pos: { file: path } }).pos.file).toBe(`/specs/${MASK}-in-a-long-path/suite.yaml`);
    expect(redactValue({ [path]: 1 })).toEqual({ [`/specs/${MASK}-in-a-long-path/suite.yaml`]: 1 });
  });

  it('returns the very same object when nothing needs masking (no copy on the hot path)', () => {
    registerSecret(SECRET);
    const result = { steps: [{ text: 'hello', list: ['a', 'b'], n: 1, nil: null }] };
    expect(redactValue(result)).toBe(result);
  });

  it('keeps keys named like Object.prototype members as plain keys', () => {
    registerSecret(SECRET);
    const masked = redactValue(
      JSON.parse(`{"__proto__": "${'x'.repeat(3)}", "t": ${JSON.stringify(SECRET)}}`) as Record<string, unknown>,
    );
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
