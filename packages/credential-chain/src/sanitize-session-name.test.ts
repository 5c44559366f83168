import { describe, expect, it } from 'vitest';
import { sanitizeSessionName } from './sanitize-session-name.ts';

describe('sanitizeSessionName', () => {
  it('sanitises to [\\w+=,.@-]{2,64}', () => {
    expect(sanitizeSessionName('octo/web app#1')).toBe('octo-web-app-1');
    expect(sanitizeSessionName('a+b=c,d.e@f_g-h')).toBe('a+b=c,d.e@f_g-h');
    expect(sanitizeSessionName('x'.repeat(80))).toHaveLength(64);
    expect(sanitizeSessionName('!')).toBe('aws-ci-kit');
  });
});
