import { createHash, type Hash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import { CiKitError } from '@aws-ci-kit/core';
import { giveBack } from './buffer-pool.ts';
import type { BlobSource } from './image-types.ts';
import { READ_BLOCK } from './pooled-reader.ts';
import { type RegistrySession, repoPath } from './registry-auth.ts';
import { registryError } from './registry-error.ts';

// The blob upload part of a registry client: HEAD, cross-repository mount, monolithic PUT, or
// resumable PATCH requests, each blob one retried operation.

export type BlobOutcome = 'uploaded' | 'skipped' | 'mounted';

export interface UploadOptions {
  /** Repositories of the same registry that may already hold the blob (cross-repository mount). */
  readonly mountFrom?: readonly string[];
  /** Blobs up to this size go in one PUT (default 8 MiB); larger ones in PATCH requests that can resume. */
  readonly monolithicMax?: number;
  /** Bytes per PATCH request; 0 (default) sends the rest of the blob in one PATCH. */
  readonly chunkSize?: number;
  /** Called with each chunk of bytes sent (for progress). */
  readonly onBytes?: (bytes: number) => void;
  /** The caller already knows the repository lacks the blob (skips the HEAD). */
  readonly knownMissing?: boolean;
}

export interface UploadResult {
  readonly outcome: BlobOutcome;
  /** Upload sessions resumed after a failure. */
  readonly resumes: number;
}

/** A stream tap that hashes and counts what passes through. */
function tap(hash: Hash, onBytes?: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      onBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
}

function piped(source: Readable, through: Transform): Transform {
  pipeline(source, through, () => {});
  return through;
}

/** Whether the repository already has the blob (`HEAD /v2/<name>/blobs/<digest>`). */
export async function hasBlob(
  session: RegistrySession,
  repository: string,
  digest: string,
): Promise<boolean> {
  const res = await session.requestWithRetry({
    method: 'HEAD',
    url: session.url(`/v2/${repoPath(repository)}/blobs/${digest}`),
    scope: session.scope(repository),
    what: 'Blob check',
    repository,
  });
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw registryError(res.status, res.body, { host: session.host, repository, what: 'Blob check' });
}

/** Starts an upload session, or mounts the blob from `mount.from` (201: done, no session). */
export function startUpload(
  session: RegistrySession,
  repository: string,
  mount?: { digest: string; from: string },
): Promise<{ mounted: true } | { mounted: false; location: URL }> {
  return session.retried('Start of upload', () => startUploadOnce(session, repository, mount));
}

async function startUploadOnce(
  session: RegistrySession,
  repository: string,
  mount?: { digest: string; from: string },
): Promise<{ mounted: true } | { mounted: false; location: URL }> {
  const url = session.url(`/v2/${repoPath(repository)}/blobs/uploads/`);
  if (mount) {
    url.searchParams.set('mount', mount.digest);
    url.searchParams.set('from', mount.from);
  }
  const res = await session.requestOnce({
    method: 'POST',
    url,
    scope: session.scope(repository, mount ? [mount.from] : []),
    headers: { 'content-length': '0' },
    what: 'Start of upload',
    repository,
  });
  if (res.status === 201 && mount) return { mounted: true };
  if (res.status !== 202)
    throw registryError(res.status, res.body, { host: session.host, repository, what: 'Start of upload' });
  return { mounted: false, location: session.location(res, url) };
}

/** Bytes the registry holds for an upload session (`GET <location>` -> Range), or undefined if the session is gone. */
export async function uploadOffset(
  session: RegistrySession,
  repository: string,
  location: URL,
): Promise<{ offset: number; location: URL } | undefined> {
  // One try: this runs inside the upload's own bounded retry loop.
  const res = await session.request({
    method: 'GET',
    url: location,
    scope: session.scope(repository),
    what: 'Upload status',
    repository,
  });
  if (res.status !== 204 && res.status !== 202) return undefined;
  const range = /^(?:bytes=)?(\d+)-(\d+)$/.exec(String(res.headers.range ?? ''));
  const end = range ? Number(range[2]) : -1;
  const offset = end > 0 ? end + 1 : 0;
  return { offset, location: res.headers.location ? session.location(res, location) : location };
}

/**
 * Uploads one blob unless the repository has it: HEAD and skip, cross-repository mount, then a
 * monolithic PUT (small blobs) or PATCH requests that resume from the registry's Range after a
 * failure. The digest is verified while streaming, before the upload is committed.
 */
export async function uploadBlob(
  session: RegistrySession,
  repository: string,
  blob: BlobSource,
  options: UploadOptions = {},
): Promise<UploadResult> {
  if (!options.knownMissing && (await hasBlob(session, repository, blob.digest)))
    return { outcome: 'skipped', resumes: 0 };
  let location: URL | undefined;
  for (const from of options.mountFrom ?? []) {
    if (from === repository) continue;
    const started = await startUpload(session, repository, { digest: blob.digest, from });
    if (started.mounted) return { outcome: 'mounted', resumes: 0 };
    location = started.location;
    break;
  }
  const monolithicMax = options.monolithicMax ?? 8 * 1024 * 1024;
  const chunkSize = options.chunkSize && options.chunkSize > 0 ? options.chunkSize : Number.POSITIVE_INFINITY;
  let committed = createHash('sha256');
  let offset = 0;
  let resumes = 0;
  // The whole upload is one retried operation: each try after the first resumes from the registry's
  // offset when it can, or starts over; the steps inside (start, PATCH, PUT) are single tries.
  return session.retried<UploadResult>(`Upload of ${blob.digest}`, async (attempt) => {
    if (attempt > 1) {
      const state = location
        ? await uploadOffset(session, repository, location).catch(() => undefined)
        : undefined;
      if (state && blob.size > monolithicMax && state.offset >= offset && state.offset <= blob.size) {
        // Resume: hash the bytes the registry already has, then go on from its offset.
        for await (const chunk of blob.open(offset, state.offset)) committed.update(chunk as Buffer);
        session.debug(`Upload of ${blob.digest} resumes at byte ${state.offset} of ${blob.size}.`);
        offset = state.offset;
        location = state.location;
        resumes++;
      } else {
        location = undefined;
        committed = createHash('sha256');
        offset = 0;
      }
    }
    let whole: Whole | undefined;
    if (!location) {
      // A blob of one read block is read and verified while its upload session opens.
      const small = blob.size <= Math.min(READ_BLOCK, monolithicMax);
      const [started, read] = await Promise.all([
        startUploadOnce(session, repository),
        small ? readWhole(blob) : undefined,
      ]);
      if (started.mounted) return { outcome: 'mounted', resumes };
      location = started.location;
      whole = read;
    }
    if (blob.size <= monolithicMax) {
      // A blob's open() reads afresh each try: its chunks go back to the pool once written.
      await putMonolithic({
        session,
        repository,
        location,
        blob,
        onBytes: options.onBytes,
        onWritten: giveBack,
        whole,
      });
      return { outcome: 'uploaded', resumes };
    }
    while (offset < blob.size) {
      const end = Math.min(blob.size, offset + chunkSize);
      const sent = await patch(session, repository, location, blob, offset, end, committed, options.onBytes);
      location = sent.location;
      committed = sent.hash;
      offset = end;
    }

    verify(blob, committed);
    await commit(session, repository, location, blob.digest);
    return { outcome: 'uploaded', resumes };
  });
}

function verify(blob: BlobSource, hash: Hash): void {
  const actual = `sha256:${hash.digest('hex')}`;
  if (blob.digest.startsWith('sha256:') && actual !== blob.digest) {
    throw new CiKitError(
      'input',
      `Blob ${blob.digest} is corrupt on disk (its content hashes to ${actual}).`,
      {
        code: 'BlobCorrupt',
        hint: 'Rebuild or re-export the image; nothing was committed for this blob.',
      },
    );
  }
}

function withDigest(location: URL, digest: string): URL {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url;
}

/** One blob in one `PUT` to its upload session. */
interface MonolithicPut {
  readonly session: RegistrySession;
  readonly repository: string;
  readonly location: URL;
  readonly blob: BlobSource;
  /** Called with each chunk of bytes sent (for progress). */
  readonly onBytes?: ((n: number) => void) | undefined;
  /** Each chunk once the registry is done with it (given back to the pool); never after a failure. */
  readonly onWritten?: ((chunk: Buffer) => void) | undefined;
  /** The blob already read and verified (one read block at most). */
  readonly whole?: Whole | undefined;
}

/** A blob of one read block, read whole and verified against its digest. */
interface Whole {
  readonly bytes: Buffer;
  /** The chunks it was read in, to give back once sent. */
  readonly chunks: readonly Buffer[];
}

async function readWhole(blob: BlobSource): Promise<Whole> {
  const chunks: Buffer[] = [];
  for await (const chunk of blob.open()) chunks.push(chunk as Buffer);
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  verify(blob, hash);
  return { bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks), chunks };
}

async function putMonolithic(put: MonolithicPut): Promise<void> {
  const { session, repository, location, blob, onBytes, onWritten } = put;
  if (blob.size <= READ_BLOCK) return putWhole(put, put.whole ?? (await readWhole(blob)));
  let hash = createHash('sha256');
  const res = await session.request({
    method: 'PUT',
    url: withDigest(location, blob.digest),
    scope: session.scope(repository),
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
    body: () => {
      hash = createHash('sha256');
      return piped(blob.open(), tap(hash, onBytes));
    },
    ...(onWritten ? { onBodyWritten: onWritten } : {}),
    what: 'Upload',
    repository,
  });
  if (res.status === 201) {
    verify(blob, hash);
    return;
  }
  if (res.status === 400 && /DIGEST_INVALID/.test(res.body.toString('utf8'))) verify(blob, hash);
  throw registryError(res.status, res.body, { host: session.host, repository, what: 'Upload' });
}

/**
 * A blob of one read block (a config, a small layer), read whole and verified, goes as one buffer: no
 * stream to set up for it, and corrupt bytes are never sent. Its chunks go to `onWritten` once the
 * registry has stored them (201), never after a failure.
 */
async function putWhole(
  { session, repository, location, blob, onBytes, onWritten }: MonolithicPut,
  { bytes, chunks }: Whole,
): Promise<void> {
  onBytes?.(bytes.length);
  const res = await session.request({
    method: 'PUT',
    url: withDigest(location, blob.digest),
    scope: session.scope(repository),
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
    body: () => bytes,
    what: 'Upload',
    repository,
  });
  if (res.status !== 201)
    throw registryError(res.status, res.body, { host: session.host, repository, what: 'Upload' });
  if (onWritten) for (const chunk of chunks) onWritten(chunk);
}

async function patch(
  session: RegistrySession,
  repository: string,
  location: URL,
  blob: BlobSource,
  start: number,
  end: number,
  before: Hash,
  onBytes?: (n: number) => void,
): Promise<{ location: URL; hash: Hash }> {
  let hash = before.copy();
  const res = await session.request({
    method: 'PATCH',
    url: location,
    scope: session.scope(repository),
    headers: {
      'content-type': 'application/octet-stream',
      'content-length': String(end - start),
      'content-range': `${start}-${end - 1}`,
    },
    body: () => {
      hash = before.copy();
      return piped(blob.open(start, end), tap(hash, onBytes));
    },
    onBodyWritten: giveBack,
    what: 'Upload',
    repository,
  });
  if (res.status === 202) return { location: session.location(res, location), hash };
  throw registryError(res.status, res.body, { host: session.host, repository, what: 'Upload' });
}

async function commit(
  session: RegistrySession,
  repository: string,
  location: URL,
  digest: string,
): Promise<void> {
  const res = await session.request({
    method: 'PUT',
    url: withDigest(location, digest),
    scope: session.scope(repository),
    headers: { 'content-length': '0' },
    what: 'Upload commit',
    repository,
  });
  if (res.status !== 201)
    throw registryError(res.status, res.body, { host: session.host, repository, what: 'Upload commit' });
}

export interface StreamUploadOptions {
  readonly onBytes?: (bytes: number) => void;
  /** Each chunk once the connection is done with it: `open()`'s chunks are not read again after that. */
  readonly onWritten?: (chunk: Buffer) => void;
}

/**
 * Uploads a blob whose digest is known only once it is sent (a layer compressed on the fly): one
 * upload session, one PATCH streaming the bytes (chunked), hashed on the way, then the PUT that
 * commits them under that digest. A retry starts over from `open()`, which must give the same bytes.
 */
export async function uploadStream(
  session: RegistrySession,
  repository: string,
  open: () => Readable,
  options: StreamUploadOptions = {},
): Promise<{ digest: string; size: number }> {
  return session.retried('Upload', async () => {
    const started = await startUploadOnce(session, repository);
    if (started.mounted) throw new Error('an upload session without a mount was answered as a mount');
    let hash = createHash('sha256');
    let size = 0;
    const res = await session.request({
      method: 'PATCH',
      url: started.location,
      scope: session.scope(repository),
      headers: { 'content-type': 'application/octet-stream' },
      body: () => {
        hash = createHash('sha256');
        size = 0;
        return piped(
          open(),
          tap(hash, (n) => {
            size += n;
            options.onBytes?.(n);
          }),
        );
      },
      ...(options.onWritten ? { onBodyWritten: options.onWritten } : {}),
      what: 'Upload',
      repository,
    });
    if (res.status !== 202)
      throw registryError(res.status, res.body, { host: session.host, repository, what: 'Upload' });
    const digest = `sha256:${hash.digest('hex')}`;
    await commit(session, repository, session.location(res), digest);
    return { digest, size };
  });
}

/**
 * Uploads a blob still being made (a small layer compressed in memory): its upload session starts
 * meanwhile, then one PUT sends it under its digest. One retried operation: a try after a failure
 * starts a new session.
 */
export async function uploadMade(
  session: RegistrySession,
  repository: string,
  made: Promise<BlobSource>,
): Promise<void> {
  const [early, blob] = await Promise.allSettled([startUploadOnce(session, repository), made]);
  if (blob.status === 'rejected') throw blob.reason;
  await session.retried(`Upload of ${blob.value.digest}`, async (attempt) => {
    if (attempt === 1 && early.status === 'rejected') throw early.reason;
    const started =
      attempt === 1 && early.status === 'fulfilled'
        ? early.value
        : await startUploadOnce(session, repository);
    if (started.mounted) throw new Error('an upload session without a mount was answered as a mount');
    const location = started.location;
    await putMonolithic({ session, repository, location, blob: blob.value });
  });
}
