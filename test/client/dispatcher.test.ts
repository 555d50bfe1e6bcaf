import { maxHeaderSize } from 'node:http';
import { describe, expect, it } from 'vitest';
import { nodeMaxHeaderSize } from '../../src/client/dispatcher.js';

describe('the reply-header limit the pool names', () => {
  it("is Node's own default when no --max-http-header-size is given", () => {
    // this test process runs without the option: node:http reads the same default
    expect(nodeMaxHeaderSize([], undefined)).toBe(maxHeaderSize);
    expect(nodeMaxHeaderSize(['--enable-source-maps'], '--max-old-space-size=4096')).toBe(maxHeaderSize);
  });

  it('is left to node:http when the option is set, on the command line or in NODE_OPTIONS', () => {
    expect(nodeMaxHeaderSize(['--max-http-header-size=65536'], undefined)).toBeUndefined();
    expect(nodeMaxHeaderSize([], '--max-http-header-size 65536')).toBeUndefined();
  });
});
