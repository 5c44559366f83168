import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { CiKitError } from '@aws-ci-kit/core';

// Image metadata (index, manifests, configs, tar headers) is a chain of small reads at the start of
// every push, each waiting on the one before. They are made here without the thread pool: ~0.05 ms
// each against ~0.25 ms through the pool, whose first use also starts its threads (1-2 ms). Blobs
// are streamed through the pool as before (pooled-reader.ts).

/**
 * Opens a file for reading: non-blocking, and only a regular file, so a FIFO or a device in an
 * image's place fails at once instead of blocking the step, and its deadline, for ever.
 */
export function openRegularFile(path: string): { readonly fd: number; readonly size: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const info = fstatSync(fd);
  if (info.isFile()) return { fd, size: info.size };
  closeSync(fd);
  throw new CiKitError('input', `${path} is not a regular file.`, {
    code: 'ImageSourceInvalid',
    hint: 'Point the push at an OCI image layout directory or a `docker save` archive on disk.',
  });
}

/** `length` bytes of an open file from `start`; fewer when the file ends first. */
export function readAt(fd: number, start: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(Math.max(0, length));
  let got = 0;
  while (got < bytes.length) {
    const n = readSync(fd, bytes, got, bytes.length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return got === bytes.length ? bytes : bytes.subarray(0, got);
}

/** `length` bytes of a regular file from `start` (default: the rest of it); fewer when it ends first. */
export function readFileBytes(path: string, start = 0, length?: number): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    return readAt(fd, start, length ?? size - start);
  } finally {
    closeSync(fd);
  }
}
