/** `--shard auto`: each CI system's variables, its own counting, and the messages when they are missing. */
import { describe, expect, it } from 'vitest';
import { isAutoShard, shardFromCi } from '../../src/run/shard-auto.js';

describe('shardFromCi', () => {
  it('reads GitLab (1-based), CircleCI and Buildkite (0-based) and a Kubernetes indexed Job with its total given', () => {
    expect(shardFromCi('auto', { CI_NODE_INDEX: '4', CI_NODE_TOTAL: '4' })).toEqual({ index: 4, total: 4 });
    expect(shardFromCi('auto', { CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '2' })).toEqual({ index: 1, total: 2 });
    expect(shardFromCi('auto', { BUILDKITE_PARALLEL_JOB: '2', BUILDKITE_PARALLEL_JOB_COUNT: '3' })).toEqual({ index: 3, total: 3 });
    expect(shardFromCi('auto/5', { JOB_COMPLETION_INDEX: '4' })).toEqual({ index: 5, total: 5 });
    expect(shardFromCi('AUTO', { JOB_COMPLETION_INDEX: '0', CLOVA_REGRESS_SHARD_TOTAL: '2' })).toEqual({ index: 1, total: 2 });
    // the flag's total wins over the env's for Kubernetes
    expect(shardFromCi('auto/3', { JOB_COMPLETION_INDEX: '2', CLOVA_REGRESS_SHARD_TOTAL: '9' })).toEqual({ index: 3, total: 3 });
  });

  it('says what is wrong: nothing found, a total missing or disagreeing, an index out of range or not a number', () => {
    expect(() => shardFromCi('auto', {})).toThrow(/no parallel CI job found: looked for CI_NODE_INDEX\/CI_NODE_TOTAL \(GitLab CI\), CIRCLE_NODE_INDEX/);
    expect(() => shardFromCi('auto', { CI_NODE_INDEX: '1' })).toThrow('GitLab CI sets CI_NODE_INDEX but CI_NODE_TOTAL is not set');
    expect(() => shardFromCi('auto/3', { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' })).toThrow('CI_NODE_TOTAL says 4 jobs');
    expect(() => shardFromCi('auto', { CI_NODE_INDEX: '0', CI_NODE_TOTAL: '4' })).toThrow('CI_NODE_INDEX=0 is out of range for 4 jobs (GitLab CI counts from 1)');
    expect(() => shardFromCi('auto', { CIRCLE_NODE_INDEX: 'x', CIRCLE_NODE_TOTAL: '4' })).toThrow('CIRCLE_NODE_INDEX is "x", not a whole number');
    expect(() => shardFromCi('auto', { JOB_COMPLETION_INDEX: '0' })).toThrow('give --shard auto/N or env CLOVA_REGRESS_SHARD_TOTAL');
    expect(() => shardFromCi('auto/x', { JOB_COMPLETION_INDEX: '0' })).toThrow('like auto/4');
  });

  it('tells auto from i/n', () => {
    expect(isAutoShard('auto')).toBe(true);
    expect(isAutoShard('auto/4')).toBe(true);
    expect(isAutoShard('2/4')).toBe(false);
  });
});
