import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { shellQuote } from './shell-quote.ts';

const HOSTILE = [
  '',
  "'",
  "''",
  "a'b'c",
  '$(touch /tmp/akit-quote-pwned)',
  '`touch /tmp/akit-quote-pwned`',
  'x; touch /tmp/akit-quote-pwned',
  'multi\nline\n',
  '\\',
  '"$HOME"',
  "'; echo pwned; echo '",
  '!event',
  '*?[a]',
];

function throughBash(values: readonly string[]): string[] {
  const script = values.map((v, i) => `V${i}=${shellQuote(v)}; printf '%s\\0' "$V${i}";`).join('\n');
  return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, values.length);
}

describe('shellQuote', () => {
  it('bash reads every hostile value back exactly', () => {
    expect(throughBash(HOSTILE)).toEqual(HOSTILE);
  });

  it('random bytes (as text) survive too', () => {
    const values = Array.from({ length: 50 }, () => randomBytes(40).toString('latin1').replace(/\0/g, ''));
    expect(throughBash(values)).toEqual(values);
  });
});
