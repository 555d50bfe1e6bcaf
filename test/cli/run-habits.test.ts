/** `--min-pass-rate` as a fraction or a percentage, and `--forbid-only`'s default in CI. */
import { describe, expect, it } from 'vitest';
import { forbidOnly, parsePassRate } from '../../src/cli/run-habits.js';
import { runsNeeded } from '../../src/results/model.js';

describe('parsePassRate', () => {
  it('takes a fraction or a percentage', () => {
    expect(parsePassRate('0.7')).toBe(0.7);
    expect(parsePassRate('70%')).toBe(0.7);
    expect(parsePassRate(' 66.5 % ')).toBeCloseTo(0.665);
    expect(parsePassRate('.5')).toBe(0.5);
    expect(parsePassRate('1')).toBe(1);
    expect(parsePassRate('100%')).toBe(1);
  });

  it('refuses what is not a share of runs above 0', () => {
    for (const bad of ['0', '0%', '1.5', '101%', '-0.5', 'most', '', '7/10']) {
      expect(() => parsePassRate(bad), bad).toThrow(/--min-pass-rate must be/);
    }
  });

  it('needs ⌈rate × N⌉ runs, without float noise', () => {
    expect(runsNeeded({ each: 10, minPassRate: 0.7 })).toBe(7);
    expect(runsNeeded({ each: 3, minPassRate: 0.5 })).toBe(2);
    expect(runsNeeded({ each: 10, minPassRate: 1 })).toBe(10);
    expect(runsNeeded({ each: 100, minPassRate: 0.29 })).toBe(29);
  });
});

describe('forbidOnly', () => {
  it('is on when CI is set, as Playwright does, and the flag wins', () => {
    expect(forbidOnly(undefined, { CI: 'true' })).toBe(true);
    expect(forbidOnly(undefined, { CI: '1' })).toBe(true);
    expect(forbidOnly(undefined, {})).toBe(false);
    expect(forbidOnly(undefined, { CI: 'false' })).toBe(false);
    expect(forbidOnly(undefined, { CI: '0' })).toBe(false);
    expect(forbidOnly(false, { CI: 'true' })).toBe(false);
    expect(forbidOnly(true, {})).toBe(true);
  });
});
