import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivateFile } from '@aws-ci-kit/core';
import type { KnownLayer } from './layer-reuse.ts';

// What this machine compressed before: diff_id -> the gzip blob (digest, size) it gave, as Docker
// keeps it in its image store and skopeo in its blob-info cache. A layer whose record names a blob
// the repository has is not compressed again (a push to a new tag, one changed layer of many).
// The record holds no secret and proves nothing: the registry is asked for the blob before it is
// reused (and an image whose layer does not unpack to its diff_id fails on pull, as with Docker's).
// Each entry also says where the blob was last sent (registry host and repository), as skopeo's
// cache keeps a blob's locations: a blob last sent elsewhere is probably not here.

/** A recorded blob, and where it was last sent (`<host>/<repository>`), when known. */
export interface RecordedLayer extends KnownLayer {
  readonly at?: string;
}

export interface LayerRecord {
  /** The recorded blobs of these diff_ids (unknown ones are left out); never fails. */
  lookup(diffIds: readonly string[]): Promise<Map<string, RecordedLayer>>;
  /** Records a diff_id's blob and where it was sent; best effort (a failure only costs a later compression). */
  remember(diffId: string, layer: KnownLayer, at?: string): Promise<void>;
}

/** Entries kept; beyond this the oldest are removed (one file of ~200 bytes each). */
export const RECORD_MAX = 2000;
const DIGEST = /^sha256:([a-f0-9]{64})$/;
/** The longest `at` kept (a host and a repository name; the entry is read in one 1 KiB read). */
const MAX_AT = 600;
const LAYER_TYPES = new Set([
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
]);

/** The folder, made if missing (0700); refused when it is a link, not ours, or writable by others. */
async function ownFolder(dir: string): Promise<boolean> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  const ours = process.getuid === undefined || info.uid === process.getuid();
  return info.isDirectory() && !info.isSymbolicLink() && ours && (info.mode & 0o022) === 0;
}

/** A recorded entry, read without following a link; anything malformed counts as no entry. */
async function readEntry(path: string): Promise<RecordedLayer | undefined> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buf = Buffer.alloc(1024);
    const { bytesRead } = await file.read(buf, 0, buf.length, 0);
    const json = JSON.parse(buf.subarray(0, bytesRead).toString('utf8')) as Partial<RecordedLayer>;
    const { digest, size, mediaType, at } = json;
    if (typeof digest !== 'string' || !DIGEST.test(digest)) return undefined;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
    if (typeof mediaType !== 'string' || !LAYER_TYPES.has(mediaType)) return undefined;
    return { digest, size, mediaType, ...(typeof at === 'string' && at.length <= MAX_AT ? { at } : {}) };
  } finally {
    await file.close();
  }
}

/** Removes the oldest entries when there are more than `max`, down to three quarters of it. */
export async function pruneRecord(dir: string, max = RECORD_MAX): Promise<void> {
  const names = (await readdir(dir)).filter((n) => /^[a-f0-9]{64}\.json$/.test(n));
  if (names.length <= max) return;
  const aged = await Promise.all(
    names.map(async (name) => ({ name, at: (await stat(join(dir, name))).mtimeMs })),
  );
  aged.sort((a, b) => a.at - b.at);
  const extra = aged.slice(0, names.length - Math.floor((max * 3) / 4));
  await Promise.all(extra.map(({ name }) => unlink(join(dir, name)).catch(() => undefined)));
}

/**
 * The layer record in `dir` (e.g. under the runner's tool cache), one small file per diff_id,
 * written new (0600, never through a link) and bounded to RECORD_MAX entries. A folder that is a
 * link, belongs to another user or is writable by others is not used at all.
 */
export function layerRecord(dir: string, debug: (message: string) => void = () => {}): LayerRecord {
  let usable: Promise<boolean> | undefined;
  const ready = (): Promise<boolean> => {
    usable ??= ownFolder(dir)
      .catch(() => false)
      .then((ok) => {
        if (!ok) debug(`The layer record ${dir} is not used: not a private folder of this user.`);
        return ok;
      });
    return usable;
  };
  const path = (diffId: string): string | undefined => {
    const hex = DIGEST.exec(diffId)?.[1];
    return hex ? join(dir, `${hex}.json`) : undefined;
  };
  let pruned = false;
  return {
    async lookup(diffIds) {
      const found = new Map<string, RecordedLayer>();
      if (!(await ready())) return found;
      await Promise.all(
        diffIds.map(async (diffId) => {
          const file = path(diffId);
          const layer = file ? await readEntry(file).catch(() => undefined) : undefined;
          if (layer) found.set(diffId, layer);
        }),
      );
      return found;
    },
    async remember(diffId, layer, at) {
      const file = path(diffId);
      if (!file || !(await ready())) return;
      const where = at !== undefined && at.length <= MAX_AT ? { at } : {};
      const text = JSON.stringify({
        digest: layer.digest,
        size: layer.size,
        mediaType: layer.mediaType,
        ...where,
      });
      try {
        await writePrivateFile(file, text, { within: dir });
        if (!pruned) {
          pruned = true;
          await pruneRecord(dir);
        }
      } catch (error) {
        debug(`Could not record layer ${diffId}: ${(error as Error).message}`);
      }
    },
  };
}
