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
const SAMPLES = 4;
const SAMPLE = 8 * 1024;
/** Order-0 entropy (bits per byte) above which a block is taken as incompressible. */
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
    fn(buf, { level, memLevel: 9 }, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

/**
 * Whether a block looks incompressible (random or already compressed), from the byte entropy of a
 * few slices spread over it: a cheap test on the main thread, instead of deflating to find out.
 */
export function looksIncompressible(block: Buffer): boolean {
  const counts = new Uint32Array(256);
  let total = 0;
  const step = block.length <= SAMPLES * SAMPLE ? 0 : Math.floor((block.length - SAMPLE) / (SAMPLES - 1));
  for (let i = 0; i < SAMPLES; i++) {
    const start = i * step;
    const end = Math.min(block.length, start + (step === 0 ? block.length : SAMPLE));
    for (let j = start; j < end; j++) {
      const byte = block[j] as number;
      counts[byte] = (counts[byte] as number) + 1;
    }
    total += end - start;
    if (step === 0) break;
  }
  if (total < 1024) return false;
  let bits = 0;
  for (const c of counts) if (c > 0) bits -= (c / total) * Math.log2(c / total);
  return bits > INCOMPRESSIBLE_BITS;
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

/** One block as one gzip member: deflated at `level`, or stored when it does not compress. */
export async function gzipMember(block: Buffer, level: number): Promise<Buffer[]> {
  if (level > 0 && block.length > 0) {
    if (!looksIncompressible(block)) {
      const member = await onPool(() => promised(zlib.gzip, block, level));
      if (member.length < block.length + 64) return [member];
    }
  }
  return storedMember(block);
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
      if (pending.length >= parallel) yield* await (pending.shift() as Promise<Buffer[]>);
    }
    while (pending.length > 0) yield* await (pending.shift() as Promise<Buffer[]>);
  } finally {
    source.destroy();
  }
}

/** A gzip stream of `source`, compressed block by block on every core (see the note at the top). */
export function parallelGzip(source: Readable, options: GzipOptions = {}): Readable {
  return Readable.from(members(source, options), { objectMode: false, highWaterMark: 1024 * 1024 });
}
