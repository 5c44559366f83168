import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readPooled } from './pooled-reader.ts';
import type { TarEntry } from './tar-index.ts';

/** Where an image's files live: an OCI layout directory or entries of a tar archive. */
export interface BlobStore {
  /** Size of a file, or undefined when it is missing. */
  size(path: string): Promise<number | undefined>;
  /** Reads a small file (manifest, config, index) whole. */
  read(path: string): Promise<Buffer>;
  /** Streams a file from `start` up to `end` (exclusive; default: its end). */
  open(path: string, start?: number, end?: number): Readable;
}

function emptyOr(start: number, end: number, make: () => Readable): Readable {
  return start >= end ? Readable.from([]) : make();
}

/** Files of a directory (an OCI image layout). */
export function directoryStore(root: string): BlobStore {
  return {
    size: async (path) => (await stat(join(root, path)).catch(() => undefined))?.size,
    read: (path) => readFile(join(root, path)),
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
    size: async (path) => entries.get(path)?.size,
    read: async (path) => {
      const chunks: Buffer[] = [];
      for await (const chunk of open(path)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    open,
  };
}
