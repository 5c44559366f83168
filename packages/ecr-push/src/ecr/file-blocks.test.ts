import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileBlocks } from './file-blocks.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function file(bytes: Buffer): string {
  dir = mkdtempSync(join(tmpdir(), 'file-blocks-'));
  const path = join(dir, 'archive.tar');
  writeFileSync(path, bytes);
  return path;
}

describe('fileBlocks', () => {
  it('cuts a range inside a file into blocks at fixed offsets, the last shorter', async () => {
    const data = randomBytes(10_000);
    const path = file(data);
    const seen: Buffer[] = [];
    for await (const block of fileBlocks({ path, start: 123, end: 9_000 }, 4096, 2)) {
      seen.push(Buffer.from(block.bytes));
      block.release();
    }
    expect(seen.map((b) => b.length)).toEqual([4096, 4096, 9_000 - 123 - 8192]);
    expect(Buffer.concat(seen).equals(data.subarray(123, 9_000))).toBe(true);
  });

  it('gives one empty block for an empty range', async () => {
    const path = file(Buffer.from('abc'));
    const sizes: number[] = [];
    for await (const block of fileBlocks({ path, start: 2, end: 2 }, 4096, 1)) sizes.push(block.bytes.length);
    expect(sizes).toEqual([0]);
  });

  it('reads the next block only once a buffer is released, and then reuses it', async () => {
    const path = file(randomBytes(3 * 4096));
    const blocks = fileBlocks({ path, start: 0, end: 3 * 4096 }, 4096, 1);
    const first = (await blocks.next()).value;
    let second: IteratorResult<unknown> | undefined;
    const pending = blocks.next().then((r) => {
      second = r;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(second).toBeUndefined();
    first?.release();
    first?.release(); // twice: no effect
    const next = (await pending).value as { bytes: Buffer; release(): void };
    expect(next.bytes.buffer).toBe(first?.bytes.buffer);
    await blocks.return(undefined);
  });

  it('fails with the one-line error when the file is shorter than the range', async () => {
    const path = file(Buffer.alloc(5000));
    const read = async () => {
      for await (const block of fileBlocks({ path, start: 0, end: 9000 }, 4096, 2)) block.release();
    };
    await expect(read()).rejects.toMatchObject({ code: 'ImageSourceChanged' });
  });
});
