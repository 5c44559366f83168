import { describe, expect, it } from 'vitest';
import { secretLines } from './secret-lines.ts';

describe('secretLines', () => {
  it('a one-line secret is masked whole', () => {
    expect(secretLines('s3cr3t')).toEqual(['s3cr3t']);
    expect(secretLines('  spaced value  ')).toEqual(['  spaced value  ']);
  });

  it('nothing to mask in an empty or blank value', () => {
    expect(secretLines('')).toEqual([]);
    expect(secretLines('  \n\t')).toEqual([]);
  });

  it('a multi-line secret is masked line by line (LF, CRLF or CR), blank lines skipped', () => {
    expect(secretLines('-----BEGIN-----\nabc\r\ndef\rghi\n\n-----END-----\n')).toEqual([
      '-----BEGIN-----',
      'abc',
      'def',
      'ghi',
      '-----END-----',
    ]);
  });

  it('an indented line is masked as printed and trimmed; repeated lines once', () => {
    expect(secretLines('key:\n  value  \nkey:')).toEqual(['key:', '  value  ', 'value']);
  });
});

describe('secretLines with structured values', () => {
  it('leaves out lines of pure punctuation but keeps every line that holds data', () => {
    const json = '{\n  "user": "app",\n  "password": "p@ss"\n}';
    expect(secretLines(json)).toEqual([
      '  "user": "app",',
      '"user": "app",',
      '  "password": "p@ss"',
      '"password": "p@ss"',
    ]);
  });
  it('still masks a one-line value that is only punctuation', () => {
    expect(secretLines('}{')).toEqual(['}{']);
  });
});
