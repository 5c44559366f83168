import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { borrow, POOLED_BYTES } from './buffer-pool.ts';
import { changedOnDisk, type FileRange } from './file-blocks.ts';

const BLOCK = 1024 * 1024;
const SMALL = 64 * 1024;

/**
 * A file range (`end` may be Infinity: up to the file's end) as a stream of blocks read into
 * pooled buffers (buffer-pool.ts): a consumer that
 * gives each chunk back once written (an upload) reads a blob of any size through the same few
 * buffers; one that does not leaves them to the garbage collector. A file shorter than the range
 * fails the stream (ImageSourceChanged).
 */
export function readPooled(range: FileRange): Readable {
  let file: FileHandle | undefined;
  let at = range.start;
  return new Readable({
    highWaterMark: POOLED_BYTES,
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
      const length = Math.min(BLOCK, range.end - at);
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
