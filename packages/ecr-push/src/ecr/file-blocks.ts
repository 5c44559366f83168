import { open } from 'node:fs/promises';
import { CiKitError } from '@aws-ci-kit/core';
import { borrow, giveBack, POOLED_BYTES } from './buffer-pool.ts';

/** Bytes `start` up to `end` (exclusive) of a file on disk. */
export interface FileRange {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** One block of a file range, in a buffer lent by fileBlocks. */
export interface Block {
  readonly bytes: Buffer;
  /** Lends the buffer to the next read: call once nothing uses `bytes` any more. */
  release(): void;
}

/** At most `count` buffers of `size` out at once (from the pool when they fit): a take waits while all are out. */
function lender(size: number, count: number): { take(): Promise<Buffer>; give(buffer: Buffer): void } {
  const pooled = size <= POOLED_BYTES;
  const waiting: Array<() => void> = [];
  let out = 0;
  return {
    take: async () => {
      if (out >= count) await new Promise<void>((resolve) => waiting.push(resolve));
      out++;
      return pooled ? borrow(size) : Buffer.allocUnsafe(size);
    },
    give: (buffer) => {
      if (pooled) giveBack(buffer);
      out--;
      waiting.shift()?.();
    },
  };
}

/** The one-line error for a file that ends before the range it was opened for. */
export function changedOnDisk(range: FileRange): CiKitError {
  return new CiKitError('input', `${range.path} became shorter while it was being pushed.`, {
    code: 'ImageSourceChanged',
    hint: 'Let the build or `docker save` finish before the push starts, then run it again.',
  });
}

/**
 * A file range cut into blocks of exactly `size` bytes (the last may be shorter; an empty range
 * gives one empty block), each read straight into a reused buffer (buffer-pool.ts): nothing is
 * joined, and no block costs fresh memory. At most `buffers` blocks are out at once: a read waits
 * for a release.
 */
export async function* fileBlocks(range: FileRange, size: number, buffers: number): AsyncGenerator<Block> {
  const lend = lender(size, Math.max(1, buffers));
  const file = await open(range.path, 'r');
  try {
    let at = range.start;
    do {
      const length = Math.min(size, range.end - at);
      const buffer = await lend.take();
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await file.read(buffer, filled, length - filled, at + filled);
        if (bytesRead === 0) throw changedOnDisk(range);
        filled += bytesRead;
      }
      let lent = true;
      const release = (): void => {
        if (lent) lend.give(buffer);
        lent = false;
      };
      yield { bytes: buffer.subarray(0, length), release };
      at += length;
    } while (at < range.end);
  } finally {
    await file.close();
  }
}
