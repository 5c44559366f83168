import { CiKitError, isCiKitError } from './errors.ts';

const PROBLEMS: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'has a file where a directory should be in its path',
  EISDIR: 'is a directory, not a file',
  EACCES: 'cannot be accessed (permission denied)',
  EPERM: 'cannot be accessed (operation not permitted)',
  ELOOP: 'is a loop of symbolic links',
  ENAMETOOLONG: 'has a name that is too long',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'cannot be written: the disk is full',
  EMFILE: 'cannot be opened: too many open files',
};

/**
 * A Node file error (`ENOTDIR`, `EPERM`, `EISDIR`, ...) as one line naming the file and what it is
 * for, with a fix, instead of the raw `ENOTDIR: not a directory, open '…'`.
 */
export function fileError(what: string, path: string, error: unknown, hint?: string): CiKitError {
  if (isCiKitError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const problem =
    PROBLEMS[code] ?? `cannot be used (${code || String((error as Error)?.message ?? error).slice(0, 80)})`;
  return new CiKitError('configuration', `${what} ${path} ${problem}.`, {
    code: 'FileUnusable',
    hint: hint ?? `Check the path and permissions of ${path}.`,
    cause: error,
  });
}
