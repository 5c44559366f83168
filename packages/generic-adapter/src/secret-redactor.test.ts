import { describe, expect, it } from 'vitest';
import { secretRedactor } from './secret-redactor.ts';

describe('secretRedactor', () => {
  it('redacts every registered value, longest first, and each line of a multi-line one', () => {
    const redactor = secretRedactor();
    expect(redactor.add('abc')).toEqual(['abc']);
    expect(redactor.add('abcdef')).toEqual(['abcdef']);
    expect(redactor.redact('x abcdef y abc z')).toBe('x *** y *** z');
    redactor.add('line-one\nline-two');
    expect(redactor.redact('got line-two then line-one')).toBe('got *** then ***');
  });

  it('returns only the pieces it did not have, and lists them all', () => {
    const redactor = secretRedactor();
    redactor.add('one\ntwo');
    expect(redactor.add('two\nthree')).toEqual(['three']);
    expect(redactor.add('one')).toEqual([]);
    expect(redactor.pieces().sort()).toEqual(['one', 'three', 'two']);
  });

  it('leaves text without a secret as it is', () => {
    const redactor = secretRedactor();
    expect(redactor.redact('nothing registered')).toBe('nothing registered');
    redactor.add('s3cr3t');
    expect(redactor.redact('plain text')).toBe('plain text');
  });
});
