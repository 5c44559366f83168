import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CiKitError } from '@aws-ci-kit/core';
import { borrow } from './buffer-pool.ts';

/** Bytes `start` up to `end` (exclusive; Infinity: up to the file's end) of a file on disk. */
export interface FileRange {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** Bytes per chunk of a pooled read: a blob of at most this many is one chunk. */
export const READ_BLOCK = 1024 * 1024;
const SMALL = 64 * 1024;

/** The one-line error for a file that ends before the range it was opened for. */
export function changedOnDisk(range: FileRange): CiKitError {
  return new CiKitError('input', `${range.path} became shorter while it was being pushed.`, {
    code: 'ImageSourceChanged',
    hint: 'Let the build or `docker save` finish before the push starts, then run it again.',
  });
}

/**
 * A file range as a stream of 1 MiB blocks read straight into pooled buffers (buffer-pool.ts): a
 * consumer that gives each chunk back once done with it (an upload once written, the compression
 * once a block is compressed) reads a blob of any size through the same few buffers; one that does
 * not leaves them to the garbage collector. A file shorter than the range fails the stream
 * (ImageSourceChanged).
 */
export function readPooled(range: FileRange): Readable {
  let file: FileHandle | undefined;
  let at = range.start;
  // One chunk per block, never joined with the next (a byte stream's read() would join what it holds).
  return new Readable({
    objectMode: true,
    highWaterMark: 2,
    construct(callback) {
      open(range.path, 'r').then(
        (handle) => {
          file = handle;
          callback();
        },
        (error: Error) => callback(error),
      );
    },
    read() {
      const length = Math.min(READ_BLOCK, range.end - at);
      if (length <= 0 || !file) {
        this.push(null);
        return;
      }
      // Small reads (a manifest, a 2-byte peek) take no pooled buffer.
      const buffer = length >= SMALL ? borrow(length) : Buffer.allocUnsafe(length);
      file.read(buffer, 0, length, at).then(
        ({ bytesRead }) => {
          if (bytesRead === 0 && !Number.isFinite(range.end)) return this.push(null);
          if (bytesRead === 0) return this.destroy(changedOnDisk(range));
          at += bytesRead;
          this.push(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
        },
        (error: Error) => this.destroy(error),
      );
    },
    destroy(error, callback) {
      const closing = file?.close() ?? Promise.resolve();
      file = undefined;
      closing.then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
}
