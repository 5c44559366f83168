import { describe, expect, it } from 'vitest';
import { HOLD_LIMIT, lineRedactor } from './line-redactor.ts';

function through(secrets: string[], chunks: Array<string | Buffer>): string {
  const r = lineRedactor(secrets);
  const out = chunks.map((c) => r.push(typeof c === 'string' ? Buffer.from(c) : c));
  out.push(r.end());
  return Buffer.concat(out).toString('utf8');
}

describe('lineRedactor', () => {
  it('replaces a secret by ***', () => {
    expect(through(['s3cr3t'], ['key=s3cr3t\n'])).toBe('key=***\n');
  });

  it('redacts a secret split across chunks, at every split point', () => {
    const text = 'before hunter2-long-value after\n';
    for (let i = 1; i < text.length; i++) {
      expect(through(['hunter2-long-value'], [text.slice(0, i), text.slice(i)])).toBe('before *** after\n');
    }
  });

  it('redacts each line of a multi-line secret', () => {
    const pem = '-----BEGIN KEY-----\nAAAAline1\nBBBBline2\n-----END KEY-----';
    const out = through([pem], [`${pem}\n`, 'x BBBBline2 y\n']);
    expect(out).not.toMatch(/AAAAline1|BBBBline2/);
    expect(out).toContain('x *** y\n');
  });

  it('writes a last line without a line break at the end, redacted', () => {
    const r = lineRedactor(['tok3n']);
    expect(r.push(Buffer.from('a tok')).length).toBe(0);
    expect(r.push(Buffer.from('3n')).length).toBe(0);
    expect(r.end().toString()).toBe('a ***');
  });

  it('passes bytes that are not UTF-8 through unchanged', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a, 0xc3]);
    const r = lineRedactor(['x1y2']);
    expect(Buffer.concat([r.push(bytes), r.end()])).toEqual(bytes);
  });

  it('redacts secrets in UTF-8 text split inside a character', () => {
    const text = Buffer.from('pässwörd: ünïcødé-secret\n');
    expect(through(['ünïcødé-secret'], [text.subarray(0, 12), text.subarray(12)])).toBe('pässwörd: ***\n');
  });

  it('writes a very long line in parts without ever splitting a secret', () => {
    const secret = 'S'.repeat(40);
    const body = `${'a'.repeat(HOLD_LIMIT - 10)}${secret}${'b'.repeat(100)}`;
    const r = lineRedactor([secret]);
    const first = r.push(Buffer.from(body));
    expect(first.length).toBeGreaterThan(0);
    const out = Buffer.concat([first, r.end()]).toString();
    expect(out).toBe(`${'a'.repeat(HOLD_LIMIT - 10)}***${'b'.repeat(100)}`);
  });

  it('with no secrets, passes everything through', () => {
    expect(through([], ['a\nb', 'c'])).toBe('a\nbc');
  });
});
