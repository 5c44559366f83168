import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { borrow, giveBack } from './buffer-pool.ts';
import { readPooled } from './pooled-reader.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function file(bytes: Buffer): string {
  dir = mkdtempSync(join(tmpdir(), 'pooled-reader-'));
  const path = join(dir, 'blob');
  writeFileSync(path, bytes);
  return path;
}

async function chunksOf(stream: Readable): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

describe('readPooled', () => {
  it('reads a range of a file in 1 MiB chunks of pooled memory, which a consumer can give back', async () => {
    const data = randomBytes(2_500_000);
    const path = file(data);
    const chunks = await chunksOf(readPooled({ path, start: 1000, end: 2_400_000 }));
    expect(chunks.map((c) => c.length)).toEqual([1_048_576, 1_048_576, 2_400_000 - 1000 - 2_097_152]);
    expect(Buffer.concat(chunks).equals(data.subarray(1000, 2_400_000))).toBe(true);
    giveBack(chunks[0] as Buffer);
    const reused = borrow(10);
    expect(reused.buffer).toBe((chunks[0] as Buffer).buffer);
    giveBack(reused);
  });

  it('reads to the end of the file when the range has no end (Infinity)', async () => {
    const data = randomBytes(70_000);
    const path = file(data);
    const chunks = await chunksOf(readPooled({ path, start: 5, end: Number.POSITIVE_INFINITY }));
    expect(Buffer.concat(chunks).equals(data.subarray(5))).toBe(true);
  });

  it('fails with the one-line error when the file is shorter than the range', async () => {
    const path = file(randomBytes(1000));
    await expect(chunksOf(readPooled({ path, start: 0, end: 5000 }))).rejects.toMatchObject({
      code: 'ImageSourceChanged',
    });
  });

  it('fails when the file is missing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pooled-reader-'));
    await expect(chunksOf(readPooled({ path: join(dir, 'gone'), start: 0, end: 10 }))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
