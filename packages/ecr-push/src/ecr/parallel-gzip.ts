import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';

// Parallel, deterministic gzip: the input is cut into fixed-size blocks, each block becomes one
// complete gzip member (RFC 1952 allows several members in a row; Go's gzip reader used by the
// registry, containerd, Docker and skopeo, and node's gunzip read them as one stream), and the
// members are written in input order. Blocks are deflated on libuv's thread pool (zlib's async
// API), so every core works while the main thread hashes and uploads. A block that does not
// compress (random or already-compressed data) is written as stored deflate blocks, at the speed
// of a copy and a CRC. Output depends only on the input bytes and the options: never on timing.

export interface GzipOptions {
  /** Bytes per gzip member (default 1 MiB). */
  readonly blockSize?: number;
  /** zlib level for blocks that compress (default 1). */
  readonly level?: number;
  /** Blocks of one stream being compressed at once (default: cores + 1, at most 4). */
  readonly parallel?: number;
}

export const GZIP_BLOCK = 1024 * 1024;
const STORED_MAX = 0xffff;
/** Stretches of a block judged apart: compressible runs are deflated, the others stored. */
const SEGMENT = 64 * 1024;
/** Every how many bytes of a segment the entropy test looks at. */
const STRIDE = 4;
/** Order-0 entropy (bits per byte) above which a segment is taken as incompressible. */
const INCOMPRESSIBLE_BITS = 7.5;

function defaultParallel(): number {
  return Math.max(2, Math.min(4, availableParallelism() + 1));
}

/** Jobs on the thread pool at once, for all streams: one thread stays free for file reads. */
const poolSlots = Math.max(1, Math.min(availableParallelism() + 1, 3));
let running = 0;
const waiting: Array<() => void> = [];

async function onPool<T>(job: () => Promise<T>): Promise<T> {
  if (running >= poolSlots) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function promised(
  fn: (buf: Buffer, options: zlib.ZlibOptions, cb: (e: Error | null, r: Buffer) => void) => void,
  buf: Buffer,
  level: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // One output buffer for the whole block: zlib's default 16 KiB chunks cost a round trip each.
    fn(buf, { level, memLevel: 9, chunkSize: buf.length + (buf.length >> 3) + 1024 }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

/**
 * Whether bytes look incompressible (random or already compressed), from the byte entropy of every
 * STRIDE-th byte: a cheap test on the main thread, instead of deflating to find out.
 */
export function looksIncompressible(bytes: Buffer): boolean {
  if (bytes.length < 1024) return false;
  const counts = new Uint32Array(256);
  let total = 0;
  for (let j = 0; j < bytes.length; j += STRIDE) {
    const byte = bytes[j] as number;
    counts[byte] = (counts[byte] as number) + 1;
    total++;
  }
  let bits = 0;
  for (const c of counts) if (c > 0) bits -= (c / total) * Math.log2(c / total);
  return bits > INCOMPRESSIBLE_BITS;
}

/** The block cut into runs of neighbouring segments alike (compressible or not). */
export function runsOf(block: Buffer): { bytes: Buffer; stored: boolean }[] {
  const runs: { bytes: Buffer; stored: boolean }[] = [];
  let start = 0;
  let stored = false;
  for (let at = 0; at < block.length; at += SEGMENT) {
    const here = looksIncompressible(block.subarray(at, at + SEGMENT));
    if (at > 0 && here !== stored) {
      runs.push({ bytes: block.subarray(start, at), stored });
      start = at;
    }
    stored = here;
  }
  runs.push({ bytes: block.subarray(start), stored });
  return runs;
}

const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

/** One gzip member of stored (uncompressed) deflate blocks: header, block headers, data, CRC and size. */
export function storedMember(block: Buffer): Buffer[] {
  const crc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  if (!crc32) return [zlib.gzipSync(block, { level: 0 })];
  const out: Buffer[] = [HEADER];
  let offset = 0;
  do {
    const length = Math.min(STORED_MAX, block.length - offset);
    const head = Buffer.alloc(5);
    head[0] = offset + length >= block.length ? 1 : 0;
    head.writeUInt16LE(length, 1);
    head.writeUInt16LE(~length & 0xffff, 3);
    out.push(head, block.subarray(offset, offset + length));
    offset += length;
  } while (offset < block.length);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(block) >>> 0, 0);
  trailer.writeUInt32LE(block.length >>> 0, 4);
  out.push(trailer);
  return out;
}

/** Bytes as one gzip member, deflated at `level` (stored instead if that is no smaller). */
async function deflatedMember(bytes: Buffer, level: number): Promise<Buffer[]> {
  const member = await onPool(() => promised(zlib.gzip, bytes, level));
  return member.length < bytes.length + 64 ? [member] : storedMember(bytes);
}

/**
 * One block as gzip members: its compressible runs deflated at `level` on the thread pool, its
 * incompressible runs (random, already compressed) stored, at the cost of a copy and a CRC.
 */
export async function gzipMember(block: Buffer, level: number): Promise<Buffer[]> {
  if (level <= 0 || block.length === 0) return storedMember(block);
  const members = await Promise.all(
    runsOf(block).map((run) => (run.stored ? storedMember(run.bytes) : deflatedMember(run.bytes, level))),
  );
  return members.flat();
}

/** The input cut at fixed offsets into blocks of exactly `size` bytes (the last may be shorter). */
async function* blocksOf(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  let any = false;
  const take = (): Buffer => {
    const block = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, held);
    parts = [];
    held = 0;
    any = true;
    return block;
  };
  for await (const chunk of source) {
    let rest = chunk;
    while (held + rest.length >= size) {
      const need = size - held;
      parts.push(rest.subarray(0, need));
      held += need;
      rest = rest.subarray(need);
      yield take();
    }
    if (rest.length > 0) {
      parts.push(rest);
      held += rest.length;
    }
  }
  if (held > 0 || !any) yield take();
}

/** A member as one buffer: one write to the upload instead of three per 64 KiB stored block. */
const joined = (pieces: Buffer[]): Buffer =>
  pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);

async function* members(source: Readable, options: GzipOptions): AsyncGenerator<Buffer> {
  const size = options.blockSize ?? GZIP_BLOCK;
  const level = options.level ?? 1;
  const parallel = options.parallel ?? defaultParallel();
  const pending: Promise<Buffer[]>[] = [];
  try {
    for await (const block of blocksOf(source, size)) {
      const job = gzipMember(block, level);
      job.catch(() => undefined); // awaited in order below; a failure is raised there
      pending.push(job);
      if (pending.length >= parallel) yield joined(await (pending.shift() as Promise<Buffer[]>));
    }
    while (pending.length > 0) yield joined(await (pending.shift() as Promise<Buffer[]>));
  } finally {
    source.destroy();
  }
}

/** A gzip stream of `source`, compressed block by block on every core (see the note at the top). */
export function parallelGzip(source: Readable, options: GzipOptions = {}): Readable {
  return Readable.from(members(source, options), { objectMode: false, highWaterMark: 1024 * 1024 });
}
