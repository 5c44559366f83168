import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { borrow, giveBack, POOLED_BYTES } from './buffer-pool.ts';

// Parallel, deterministic gzip: the input is cut into fixed-size blocks, each block becomes one
// complete gzip member (RFC 1952 allows several members in a row; Go's gzip reader used by the
// registry, containerd, Docker and skopeo, and node's gunzip read them as one stream), and the
// members are written in input order. Within a block, stretches that do not compress (random or
// already-compressed data) are written as stored deflate blocks, at the speed of a copy and a CRC;
// the others are deflated on libuv's thread pool by a few long-lived raw deflate streams ("lanes",
// reset before each stretch and ended with a sync flush, so each stretch is an independent,
// byte-aligned run of deflate blocks): no zlib set-up and tear-down per stretch, which cost more
// main-thread time than the compression itself. Output depends only on the input bytes and the
// options: never on timing or on which lane did the work.

export interface GzipOptions {
  /** Bytes per gzip member (default 1 MiB). */
  readonly blockSize?: number;
  /** zlib level for blocks that compress (default 1). */
  readonly level?: number;
  /** Blocks of one stream being compressed at once (default: cores + 1, at most 4). */
  readonly parallel?: number;
  /** Compressed bytes made ahead of the reader, at most (default 1 MiB). */
  readonly ahead?: number;
}

export const GZIP_BLOCK = 1024 * 1024;
const STORED_MAX = 0xffff;
/** Stretches of a block judged apart: compressible runs are deflated, the others stored. */
const SEGMENT = 64 * 1024;
/** Every how many bytes of a segment the entropy test looks at. */
const STRIDE = 64;
/** Order-0 entropy (bits per byte) above which a segment is taken as incompressible. */
const INCOMPRESSIBLE_BITS = 7.5;

function defaultParallel(): number {
  return Math.max(2, Math.min(4, availableParallelism() + 1));
}

/** Lanes (deflate streams working at once, for all streams): one pool thread stays free for file reads. */
const poolSlots = Math.max(1, Math.min(availableParallelism() + 1, 3));
const idle = new Map<number, zlib.DeflateRaw[]>();
let busy = 0;
const waiting: Array<() => void> = [];

/** Output stays buffered until read after each job: no back-pressure stall inside a job (a stream option). */
const unbounded = { readableHighWaterMark: 1 << 30 };

/** A raw deflate stream at `level`, reused: every write is one pool job ending in a sync flush. */
function newLane(level: number): zlib.DeflateRaw {
  return zlib.createDeflateRaw({
    level,
    memLevel: 9,
    flush: zlib.constants.Z_SYNC_FLUSH,
    chunkSize: GZIP_BLOCK + (GZIP_BLOCK >> 3) + 1024,
    ...unbounded,
  });
}

/** Deflates one stretch on a free lane: byte-aligned deflate blocks, none final (see deflateRun). */
export async function deflateRun(bytes: Buffer, level: number): Promise<Buffer[]> {
  if (busy >= poolSlots) await new Promise<void>((resolve) => waiting.push(resolve));
  busy++;
  const lane = idle.get(level)?.pop() ?? newLane(level);
  let healthy = false;
  try {
    lane.reset();
    await new Promise<void>((resolve, reject) => {
      lane.once('error', reject);
      lane.write(bytes, (error) => {
        lane.off('error', reject);
        if (error) reject(error);
        else resolve();
      });
    });
    const out: Buffer[] = [];
    for (let piece = lane.read() as Buffer | null; piece !== null; piece = lane.read() as Buffer | null)
      out.push(piece);
    healthy = true;
    return out;
  } finally {
    if (healthy) idle.set(level, [...(idle.get(level) ?? []), lane]);
    else lane.destroy();
    busy--;
    waiting.shift()?.();
  }
}

/**
 * Whether bytes look incompressible (random or already compressed), from the byte entropy of every
 * STRIDE-th byte: a cheap test on the main thread, instead of deflating to find out.
 */
export function looksIncompressible(bytes: Buffer): boolean {
  return incompressible(bytes, 0, bytes.length, new Uint32Array(256));
}

/**
 * looksIncompressible of `block[start, end)`, counting into `counts`: indexes the block (no view per
 * segment, no iterator), so the test costs little before V8 optimizes it (it runs 16 times a block).
 */
function incompressible(block: Buffer, start: number, end: number, counts: Uint32Array): boolean {
  if (end - start < 1024) return false;
  counts.fill(0);
  let total = 0;
  for (let j = start; j < end; j += STRIDE) {
    const byte = block[j] as number;
    counts[byte] = (counts[byte] as number) + 1;
    total++;
  }
  let bits = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i] as number;
    if (c > 0) bits -= (c / total) * Math.log2(c / total);
  }
  return bits > INCOMPRESSIBLE_BITS;
}

/** The block cut into runs of neighbouring segments alike (compressible or not). */
export function runsOf(block: Buffer): { bytes: Buffer; stored: boolean }[] {
  const runs: { bytes: Buffer; stored: boolean }[] = [];
  const counts = new Uint32Array(256);
  let start = 0;
  let stored = false;
  for (let at = 0; at < block.length; at += SEGMENT) {
    const here = incompressible(block, at, Math.min(at + SEGMENT, block.length), counts);
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
/** An empty stored block marked final: ends a deflate stream whose blocks so far were not. */
const FINAL_EMPTY = Buffer.from([1, 0, 0, 0xff, 0xff]);
const crc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;

/** Stored (uncompressed) deflate blocks of `bytes`, none final. */
function storedBlocks(bytes: Buffer, out: Buffer[]): void {
  for (let offset = 0; offset < bytes.length; offset += STORED_MAX) {
    const length = Math.min(STORED_MAX, bytes.length - offset);
    const head = Buffer.alloc(5);
    head.writeUInt16LE(length, 1);
    head.writeUInt16LE(~length & 0xffff, 3);
    out.push(head, bytes.subarray(offset, offset + length));
  }
}

function trailer(block: Buffer): Buffer {
  const end = Buffer.alloc(8);
  end.writeUInt32LE((crc32 as (data: Buffer) => number)(block) >>> 0, 0);
  end.writeUInt32LE(block.length >>> 0, 4);
  return end;
}

/** One gzip member of stored (uncompressed) deflate blocks: header, block headers, data, CRC and size. */
export function storedMember(block: Buffer): Buffer[] {
  if (!crc32) return [zlib.gzipSync(block, { level: 0 })];
  const out: Buffer[] = [HEADER];
  storedBlocks(block, out);
  out.push(FINAL_EMPTY, trailer(block));
  return out;
}

/**
 * One block as one gzip member: its compressible runs deflated at `level` on a lane, its
 * incompressible runs (random, already compressed) stored, at the cost of a copy and a CRC.
 */
export async function gzipMember(block: Buffer, level: number): Promise<Buffer[]> {
  if (level <= 0 || block.length === 0) return storedMember(block);
  if (!crc32) return [await promisify(zlib.gzip)(block, { level })];
  const runs = runsOf(block);
  if (runs.every((run) => run.stored)) return storedMember(block);
  const parts = await Promise.all(runs.map((run) => (run.stored ? undefined : deflateRun(run.bytes, level))));
  const out: Buffer[] = [HEADER];
  for (const [i, run] of runs.entries()) {
    const deflated = parts[i];
    if (!deflated) storedBlocks(run.bytes, out);
    else if (deflated.reduce((n, b) => n + b.length, 0) < run.bytes.length) out.push(...deflated);
    else storedBlocks(run.bytes, out);
  }
  out.push(FINAL_EMPTY, trailer(block));
  return out;
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

/**
 * A member as one buffer (a pooled one when it fits; see buffer-pool.ts), copied out of the block:
 * the block's buffer can then be reused, and the upload gets one write instead of three per
 * 64 KiB stored block.
 */
function joined(pieces: Buffer[]): Buffer {
  if (pieces.length === 1) return pieces[0] as Buffer;
  const length = pieces.reduce((n, piece) => n + piece.length, 0);
  if (length > POOLED_BYTES) return Buffer.concat(pieces, length);
  const member = borrow(length);
  let at = 0;
  for (const piece of pieces) at += piece.copy(member, at);
  return member;
}

async function* members(source: Readable, options: GzipOptions): AsyncGenerator<Buffer> {
  const size = options.blockSize ?? GZIP_BLOCK;
  const level = options.level ?? 1;
  const parallel = options.parallel ?? defaultParallel();
  const pending: Promise<Buffer>[] = [];
  try {
    for await (const block of blocksOf(source, size)) {
      // The member is copied out of the block: a pooled block (pooled-reader.ts) serves the next read.
      const job = gzipMember(block, level).then((pieces) => {
        const member = joined(pieces);
        giveBack(block);
        return member;
      });
      job.catch(() => undefined); // awaited in order below; a failure is raised there
      pending.push(job);
      if (pending.length >= parallel) yield await (pending.shift() as Promise<Buffer>);
    }
    while (pending.length > 0) yield await (pending.shift() as Promise<Buffer>);
  } finally {
    source.destroy();
  }
}

/**
 * A gzip stream of `source`, compressed block by block on every core (see the note at the top).
 * Its chunks are pooled buffers (buffer-pool.ts): a consumer done with one may give it back.
 */
export function parallelGzip(source: Readable, options: GzipOptions = {}): Readable {
  const highWaterMark = options.ahead ?? 1024 * 1024;
  return Readable.from(members(source, options), { objectMode: false, highWaterMark });
}
