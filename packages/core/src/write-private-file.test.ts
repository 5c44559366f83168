import { link, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError, errorCode } from './errors.ts';
import { appendPrivateFile, writePrivateFile } from './write-private-file.ts';

describe('writePrivateFile', () => {
  it('writes 0600 in a 0700 directory, and narrows a file that was wider', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'private-'));
    try {
      const file = join(dir, 'sub', 'secret.env');
      await writePrivateFile(file, 'A=1\n');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'sub'))).mode & 0o777).toBe(0o700);
      const wide = join(dir, 'wide');
      await writeFile(wide, 'old', { mode: 0o644 });
      await writePrivateFile(wide, 'new');
      expect((await stat(wide)).mode & 0o777).toBe(0o600);
      expect(await readFile(wide, 'utf8')).toBe('new');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('writePrivateFile and appendPrivateFile', () => {
  let dir: string;
  let outside: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'own-'));
    outside = await mkdtemp(join(tmpdir(), 'outside-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('creates 0600 and replaces a regular file by rename', async () => {
    const file = join(dir, 'a.env');
    await writeFile(file, 'old', { mode: 0o644 });
    await writePrivateFile(file, 'new', { within: dir });
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it.each(['symlink', 'dangling', 'hardlink', 'fifo-like dir', 'parent symlink'])(
    'refuses a planted %s in one line naming the path, writing nothing through it',
    async (kind) => {
      const target = join(outside, 'target');
      await writeFile(target, 'keep');
      let file = join(dir, 'a.env');
      if (kind === 'symlink') await symlink(target, file);
      if (kind === 'dangling') await symlink(join(outside, 'missing'), file);
      if (kind === 'hardlink') await link(target, file);
      if (kind === 'fifo-like dir') await mkdir(file);
      if (kind === 'parent symlink') {
        await symlink(outside, join(dir, 'out'));
        file = join(dir, 'out', 'a.env');
      }
      for (const write of [writePrivateFile, appendPrivateFile]) {
        let error: unknown;
        await write(file, 'SECRET=1\n', { within: dir }).catch((e: unknown) => {
          error = e;
        });
        expect(errorCode(error)).toBe('UnsafeFilePath');
        const line = describeError(error);
        expect(line).not.toMatch(/[\r\n]/);
        expect(line).toContain(kind === 'parent symlink' ? join(dir, 'out') : file);
      }
      expect(await readFile(target, 'utf8')).toBe('keep');
      await expect(stat(join(outside, 'missing'))).rejects.toThrow();
      await expect(stat(join(outside, 'a.env'))).rejects.toThrow();
    },
  );

  it('appends to a regular file, narrowing it to 0600 first', async () => {
    const file = join(dir, 'bash_env');
    await writeFile(file, 'A=1\n', { mode: 0o644 });
    await appendPrivateFile(file, 'B=2\n', { within: dir });
    expect(await readFile(file, 'utf8')).toBe('A=1\nB=2\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
