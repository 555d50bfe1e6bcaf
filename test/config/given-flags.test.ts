/**
 * Which flags the command line typed, read as yargs reads them: a typed flag beats the config
 * file, even at its default value.
 */
import { describe, expect, it } from 'vitest';
import { givenFlags } from '../../src/cli/given-flags.js';
import { flagShapesOf } from '../../src/cli/config-wiring.js';

const given = (...args: string[]) => givenFlags(args, flagShapesOf('run'));

describe('givenFlags', () => {
  it('sees every way of writing a flag: --name v, --name=v, --camelName, --no-name, aliases', () => {
    expect([...given('run', '--retries', '0').flags]).toEqual(['retries']);
    expect([...given('run', '--max-failures=1').flags]).toEqual(['max-failures']);
    expect([...given('run', '--maxFailures', '1').flags]).toEqual(['max-failures']);
    expect([...given('run', '--no-progress').flags]).toEqual(['progress']);
    expect([...given('run', '-j', '4').flags]).toEqual(['concurrency']);
    expect([...given('run', '-qj4').flags].sort()).toEqual(['concurrency', 'quiet']);
    expect([...given('run', '-g', 'smoke').flags]).toEqual(['grep']);
  });

  it('tells flag values from positional paths', () => {
    expect(given('run', '--rps', '5').positionals).toBe(false);
    expect(given('run', '--quiet', 'specs/a.yaml').positionals).toBe(true);
    expect(given('run', '--json', '-').positionals).toBe(false);
    expect(given('run', '--scenarios', 'a.csv', 'b.csv').positionals).toBe(false);
    expect(given('run', '--scenarios', 'a.csv', '--quiet', 'specs').positionals).toBe(true);
    expect(given('run', '--', 'specs').positionals).toBe(true);
    expect(given('run').positionals).toBe(false);
  });
});
