import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownTable } from '../src/markdown-table.ts';
import { oneLine } from '../src/one-line.ts';
import { writePrivateFile } from '../src/write-private-file.ts';

describe('oneLine', () => {
  it('joins lines and runs of space, trims, cuts at max, and escapes nothing for a CI', () => {
    expect(oneLine('  a\r\n  b\tc  ')).toBe('a b c');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
    expect(oneLine('##vso[task.setvariable] ::add-mask::x')).toBe('##vso[task.setvariable] ::add-mask::x');
  });
});

describe('markdownTable', () => {
  it('escapes every cell: pipes, line breaks and HTML cannot break the table', () => {
    const table = markdownTable(
      ['Name', 'Size'],
      [
        ['a|b\nc', '<img src=x>'],
        [{ code: 'repo`x|y' }, '1'],
      ],
      ['left', 'right'],
    );
    expect(table.split('\n')).toEqual([
      '| Name | Size |',
      '| --- | ---: |',
      '| a\\|b c | &lt;img src=x&gt; |',
      "| `repo'x\\|y` | 1 |",
    ]);
  });
});

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
