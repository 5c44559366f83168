import { describe, expect, it } from 'vitest';
import { bypassesProxy } from './bypasses-proxy.ts';

describe('bypassesProxy (NO_PROXY)', () => {
  it('matches hosts, suffixes, ports and *', () => {
    expect(bypassesProxy('sts.amazonaws.com', 443, '.amazonaws.com')).toBe(true);
    expect(bypassesProxy('sts.amazonaws.com', 443, 'amazonaws.com')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 8080, 'localhost,127.0.0.1:8080')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 9090, '127.0.0.1:8080')).toBe(false);
    expect(bypassesProxy('example.com', 443, 'notexample.com')).toBe(false);
    expect(bypassesProxy('anything', 1, '*')).toBe(true);
    expect(bypassesProxy('anything', 1, undefined)).toBe(false);
  });
});
