import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readFileBytes } from './file-bytes.ts';
import { changedOnDisk, readPooled } from './pooled-reader.ts';
import type { TarEntry } from './tar-index.ts';

/**
 * Where an image's files live: an OCI layout directory or entries of a tar archive. Sizes and small
 * files are read synchronously (see file-bytes.ts), blobs streamed.
 */
export interface BlobStore {
  /** Size of a file, or undefined when it is missing. */
  size(path: string): number | undefined;
  /** Reads a small file (manifest, config, index) whole, or its first `length` bytes. */
  read(path: string, length?: number): Buffer;
  /** Streams a file from `start` up to `end` (exclusive; default: its end). */
  open(path: string, start?: number, end?: number): Readable;
}

function emptyOr(start: number, end: number, make: () => Readable): Readable {
  return start >= end ? Readable.from([]) : make();
}

/** Files of a directory (an OCI image layout). */
export function directoryStore(root: string): BlobStore {
  return {
    size: (path) => {
      try {
        return statSync(join(root, path), { throwIfNoEntry: false })?.size;
      } catch {
        return undefined; // unreadable is missing, as for a file the layout lacks
      }
    },
    read: (path, length) => readFileBytes(join(root, path), 0, length),
    open: (path, start = 0, end = Number.POSITIVE_INFINITY) =>
      emptyOr(start, end, () => readPooled({ path: join(root, path), start, end })),
  };
}

/** Files inside an uncompressed tar, addressed through its index (see indexTar). */
export function tarStore(archive: string, entries: ReadonlyMap<string, TarEntry>): BlobStore {
  const entry = (path: string): TarEntry => {
    const found = entries.get(path);
    if (!found) throw new Error(`${path} is not in ${archive}`);
    return found;
  };
  const open = (path: string, start = 0, end?: number): Readable => {
    const { offset, size } = entry(path);
    const stop = Math.min(end ?? size, size);
    return emptyOr(start, stop, () =>
      readPooled({ path: archive, start: offset + start, end: offset + stop }),
    );
  };
  return {
    size: (path) => entries.get(path)?.size,
    read: (path, length) => {
      const { offset, size } = entry(path);
      const want = Math.min(length ?? size, size);
      const bytes = readFileBytes(archive, offset, want);
      if (bytes.length < want) throw changedOnDisk({ path: archive, start: offset, end: offset + want });
      return bytes;
    },
    open,
  };
}
