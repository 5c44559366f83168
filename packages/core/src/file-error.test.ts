import { describe, expect, it } from 'vitest';
import { CiKitError, errorCode } from './errors.ts';
import { fileError } from './file-error.ts';

const errno = (code: string, message = `${code}: failed`) => Object.assign(new Error(message), { code });

describe('fileError', () => {
  it('words a known errno as one line naming the file and its use, with a fix', () => {
    const error = fileError('The Dockerfile', '/work/Dockerfile', errno('ENOENT'));
    expect(error.message).toBe('The Dockerfile /work/Dockerfile does not exist.');
    expect(errorCode(error)).toBe('FileUnusable');
    expect(error.kind).toBe('configuration');
    expect(error.hint).toBe('Check the path and permissions of /work/Dockerfile.');
    expect(fileError('The file', '/x', errno('EISDIR')).message).toBe(
      'The file /x is a directory, not a file.',
    );
  });

  it('keeps the given hint and the cause', () => {
    const cause = errno('EACCES');
    const error = fileError('The file', '/x', cause, 'Run as the file owner.');
    expect(error.message).toBe('The file /x cannot be accessed (permission denied).');
    expect(error.hint).toBe('Run as the file owner.');
    expect(error.cause).toBe(cause);
  });

  it('names an unknown code, else the first 80 characters of the message', () => {
    expect(fileError('The file', '/x', errno('EXDEV')).message).toBe('The file /x cannot be used (EXDEV).');
    expect(fileError('The file', '/x', new Error('x'.repeat(100))).message).toBe(
      `The file /x cannot be used (${'x'.repeat(80)}).`,
    );
  });

  it('passes a CiKitError through untouched', () => {
    const original = new CiKitError('input', 'Already worded.', { code: 'Mine' });
    expect(fileError('The file', '/x', original)).toBe(original);
  });
});
