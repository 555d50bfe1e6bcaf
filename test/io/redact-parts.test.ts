/**
 * Report chunks are masked piece by piece, not joined: the bytes written must still be what
 * masking the joined text gives, a secret cut between two writes included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { AtomicStreamFile } from '../../src/io/atomic-stream.js';
import { clearSecrets, MASK, redact, registerSecret, spellingsOf } from '../../src/io/redact.js';
import { redactParts } from '../../src/io/redact-parts.js';
import { tempProject } from '../helpers/temp.js';

const SECRET = 'k3y/with+odd=chars&<"\'>.(x)';
const OTHER = 'second-secret-value';
const PLAIN = 'plain-secret-value';
afterEach(clearSecrets);

describe('masking texts piece by piece', () => {
  // a plain secret has few spellings (searched one by one), an odd one many (searched by one regex)
  it.each([SECRET, PLAIN])('masks %s cut between two texts, in every spelling, at every cut', (secret) => {
    registerSecret(secret);
    for (const form of spellingsOf(secret))
      for (let cut = 1; cut < form.length; cut++) {
        const texts = [`before ${form.slice(0, cut)}`, `${form.slice(cut)} after`];
        expect(redactParts(texts).join('')).toBe(`before ${MASK} after`);
      }
  });

  it('masks a secret spread over several short texts', () => {
    registerSecret(SECRET);
    const form = spellingsOf(SECRET).at(-1)!; // the longest: every character as \uXXXX
    const texts = ['x', ...form.match(/.{1,5}/g)!, 'y'];
    expect(redactParts(texts).join('')).toBe(`x${MASK}y`);
  });

  it('gives the same text as masking the joined texts, however they are cut', () => {
    registerSecret(SECRET);
    registerSecret(OTHER);
    const forms = [...spellingsOf(SECRET), ...spellingsOf(OTHER)];
    // a text of secrets, bits of secrets and filler, cut at random places: spellings cross the cuts
    const whole = fc
      .array(
        fc.oneof(
          fc.constantFrom(...forms),
          fc.constantFrom(...forms).map((f) => f.slice(1)),
          fc.string(),
        ),
        {
          maxLength: 8,
        },
      )
      .map((p) => p.join(''));
    const cut = whole.chain((w) =>
      fc
        .uniqueArray(fc.nat(w.length), { maxLength: 10 })
        .map((at) => [0, ...at.sort((x, y) => x - y), w.length])
        .map((at) => at.slice(1).map((end, i) => w.slice(at[i], end))),
    );
    fc.assert(
      fc.property(cut, (t) => {
        expect(redactParts(t).join('')).toBe(redact(t.join('')));
      }),
      { numRuns: 2000 },
    );
  });

  it('passes a text that holds no secret on as it is, not a copy', () => {
    registerSecret(SECRET);
    // the secret far from the cuts: a text near one that holds it is joined with its neighbour
    const far = 'c'.repeat(1000);
    const texts = ['a'.repeat(1000), 'b'.repeat(1000), `${far}${SECRET}${far}`];
    const parts = redactParts(texts);
    expect(parts[0]).toBe(texts[0]);
    expect(parts[1]).toBe(texts[1]);
    expect(parts[2]).toBe(`${far}${MASK}${far}`);
  });
});

describe('a report written in pieces', () => {
  it('writes a secret cut between two writes masked', async () => {
    registerSecret(SECRET);
    const path = join(tempProject(), 'report.txt');
    const file = new AtomicStreamFile(path);
    await file.open();
    await file.write(`one ${SECRET.slice(0, 9)}`);
    await file.write([SECRET.slice(9, 14), `${SECRET.slice(14)} two`]);
    await file.commit();
    expect(readFileSync(path, 'utf8')).toBe(`one ${MASK} two`);
  });

  it('writes a character whose surrogate halves came in two writes as that character', async () => {
    const path = join(tempProject(), 'report.txt');
    const file = new AtomicStreamFile(path);
    await file.open();
    await file.write('a\ud83d');
    await file.write(['\ude00', 'b']);
    await file.commit();
    expect(readFileSync(path, 'utf8')).toBe('a😀b');
  });
});
