/** `--shard auto`: each CI system's variables, its own counting, and the messages when they are missing. */
import { describe, expect, it } from 'vitest';
import { isAutoShard, shardFromCi } from '../../src/run/shard-auto.js';

describe('shardFromCi', () => {
  it('reads GitLab (1-based), CircleCI and Buildkite (0-based) and a Kubernetes indexed Job given its total', () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['auto', { CI_NODE_INDEX: '4', CI_NODE_TOTAL: '4' }, '4/4'],
      ['auto', { CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '2' }, '1/2'],
      ['auto', { BUILDKITE_PARALLEL_JOB: '2', BUILDKITE_PARALLEL_JOB_COUNT: '3' }, '3/3'],
      ['auto/5', { JOB_COMPLETION_INDEX: '4' }, '5/5'],
      ['AUTO', { JOB_COMPLETION_INDEX: '0', CLOVA_REGRESS_SHARD_TOTAL: '2' }, '1/2'],
      // the flag's total wins over the env's for Kubernetes
      ['auto/3', { JOB_COMPLETION_INDEX: '2', CLOVA_REGRESS_SHARD_TOTAL: '9' }, '3/3'],
    ];
    for (const [flag, env, shard] of cases) {
      const { index, total } = shardFromCi(flag, env);
      expect(`${index}/${total}`, JSON.stringify(env)).toBe(shard);
    }
  });

  it('says what is wrong: nothing found, a total missing or disagreeing, an index out of range or not a number', () => {
    const cases: Array<[string, Record<string, string>, string | RegExp]> = [
      [
        'auto',
        {},
        /no parallel CI job found: looked for CI_NODE_INDEX\/CI_NODE_TOTAL \(GitLab CI\), CIRCLE_NODE_INDEX/,
      ],
      ['auto', { CI_NODE_INDEX: '1' }, 'GitLab CI sets CI_NODE_INDEX but CI_NODE_TOTAL is not set'],
      ['auto/3', { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' }, 'CI_NODE_TOTAL says 4 jobs'],
      [
        'auto',
        { CI_NODE_INDEX: '0', CI_NODE_TOTAL: '4' },
        'CI_NODE_INDEX=0 is out of range for 4 jobs (GitLab CI counts from 1)',
      ],
      ['auto', { CIRCLE_NODE_INDEX: 'x', CIRCLE_NODE_TOTAL: '4' }, 'CIRCLE_NODE_INDEX is "x", not a whole number'],
      ['auto', { JOB_COMPLETION_INDEX: '0' }, 'give --shard auto/N or env CLOVA_REGRESS_SHARD_TOTAL'],
      ['auto/x', { JOB_COMPLETION_INDEX: '0' }, 'like auto/4'],
    ];
    for (const [flag, env, message] of cases)
      expect(() => shardFromCi(flag, env), JSON.stringify(env)).toThrow(message);
  });

  it('tells auto from i/n', () => {
    expect(isAutoShard('auto')).toBe(true);
    expect(isAutoShard('auto/4')).toBe(true);
    expect(isAutoShard('2/4')).toBe(false);
  });
});
