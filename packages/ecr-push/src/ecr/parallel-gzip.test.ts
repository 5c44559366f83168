import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  deflateRun,
  gzipMember,
  looksIncompressible,
  parallelGzip,
  runsOf,
  storedMember,
} from './parallel-gzip.ts';

const KiB = 1024;

function noise(n: number, seed = 'seed'): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(n));
}

function text(n: number): Buffer {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'layer', 'image', '\n'];
  const parts: string[] = [];
  for (let length = 0, s = 1; length < n; ) {
    s = (s * 1103515245 + 12345) >>> 0;
    const word = `${words[s % words.length]}${s % 97} `;
    parts.push(word);
    length += word.length;
  }
  return Buffer.from(parts.join('')).subarray(0, n);
}

/** The input as a stream of chunks of the given (odd) size. */
function chunked(data: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return Readable.from(chunks, { objectMode: false });
}

async function gzipAll(data: Buffer, chunk: number, options = {}): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const piece of parallelGzip(chunked(data, chunk), options)) out.push(piece as Buffer);
  return Buffer.concat(out);
}

describe('parallelGzip', () => {
  const mixed = Buffer.concat([text(300 * KiB), noise(200 * KiB), text(123 * KiB + 7), noise(1000)]);

  it('gunzips (multi-member) back to the input', async () => {
    const gz = await gzipAll(mixed, 10_000, { blockSize: 64 * KiB });
    expect(gunzipSync(gz).equals(mixed)).toBe(true);
    expect(gz.length).toBeLessThan(mixed.length * 0.7);
  });

  it('is deterministic: the same bytes whatever the read chunks or parallelism', async () => {
    const a = await gzipAll(mixed, 10_000, { blockSize: 64 * KiB, parallel: 1 });
    const b = await gzipAll(mixed, 77_777, { blockSize: 64 * KiB, parallel: 4 });
    const c = await gzipAll(mixed, 64 * KiB, { blockSize: 64 * KiB, parallel: 2 });
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(true);
  });

  it('writes the bytes earlier releases wrote (a layer keeps its digest), with the default options', async () => {
    // Random and text runs of odd lengths, so that segments, runs and blocks end mid-run.
    const input = Buffer.concat(
      Array.from({ length: 90 }, (_, i) =>
        i % 3 === 0 ? noise(40_000 + i, `s${i}`) : text(30_000 + i * 50),
      ),
    );
    const gz = await gzipAll(input, 65_537);
    expect(createHash('sha256').update(gz).digest('hex')).toBe(
      'b4c95defda04e662f1e997dc9b271a0ddd140e101f38419e364d5f4e25aea4cd',
    );
  });

  it('writes one member per block, at fixed offsets of the input', async () => {
    const gz = await gzipAll(text(200 * KiB), 5000, { blockSize: 64 * KiB });
    let members = 0;
    for (
      let i = gz.indexOf(Buffer.from([0x1f, 0x8b, 8]));
      i !== -1;
      i = gz.indexOf(Buffer.from([0x1f, 0x8b, 8]), i + 1)
    )
      members++;
    expect(members).toBeGreaterThanOrEqual(4); // 200 KiB in 64 KiB blocks: 4 members
  });

  it('makes up to `ahead` bytes before anything is read (1 MiB unless told)', async () => {
    /** Input bytes taken from the source once the stream, never read, stops asking for more. */
    const takenUnread = async (ahead?: number): Promise<number> => {
      let taken = 0;
      const blocks = (function* () {
        for (let i = 0; i < 256; i++) {
          taken += 64 * KiB;
          yield noise(64 * KiB, `b${i}`); // stored as it is: a member is its block and 23 bytes
        }
      })();
      const stream = parallelGzip(Readable.from(blocks, { objectMode: false }), {
        blockSize: 64 * KiB,
        parallel: 2,
        ...(ahead ? { ahead } : {}),
      });
      stream.read(0);
      for (let last = -1; taken !== last; ) {
        last = taken;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      stream.destroy();
      return taken;
    };
    const byDefault = await takenUnread();
    const four = await takenUnread(4096 * KiB);
    expect(byDefault).toBeGreaterThanOrEqual(1024 * KiB);
    expect(byDefault).toBeLessThanOrEqual(1024 * KiB + 4 * 64 * KiB);
    expect(four).toBeGreaterThanOrEqual(4096 * KiB);
    expect(four).toBeLessThanOrEqual(4096 * KiB + 4 * 64 * KiB);
  });

  it('gives a valid gzip for empty input', async () => {
    const gz = await gzipAll(Buffer.alloc(0), 1);
    expect(gunzipSync(gz).length).toBe(0);
  });
});

describe('incompressible blocks', () => {
  it('are recognised by their byte entropy (random yes, text and zeros no)', () => {
    expect(looksIncompressible(noise(KiB * KiB))).toBe(true);
    expect(looksIncompressible(text(KiB * KiB))).toBe(false);
    expect(looksIncompressible(Buffer.alloc(KiB * KiB))).toBe(false);
  });

  it('are found within a block: random runs stored, text runs deflated, in input order', async () => {
    const block = Buffer.concat([text(128 * KiB), noise(192 * KiB), text(64 * KiB)]);
    expect(runsOf(block).map((r) => [r.bytes.length / KiB, r.stored])).toEqual([
      [128, false],
      [192, true],
      [64, false],
    ]);
    const members = await gzipMember(block, 1);
    expect(gunzipSync(Buffer.concat(members)).equals(block)).toBe(true);
    expect(Buffer.concat(members).length).toBeLessThan(block.length * 0.7);
  });

  it('are stored: a member a few bytes larger than the block, that gunzips to it', async () => {
    const block = noise(200 * KiB + 3);
    const member = Buffer.concat(await gzipMember(block, 1));
    expect(member.length).toBeLessThan(block.length + 64);
    expect(gunzipSync(member).equals(block)).toBe(true);
    expect(Buffer.concat(storedMember(Buffer.alloc(0))).length).toBeGreaterThan(0);
    expect(gunzipSync(Buffer.concat(storedMember(Buffer.alloc(0)))).length).toBe(0);
  });

  it('that are large and exactly 64 KiB multiples still frame correctly', () => {
    const block = noise(4 * 65_535);
    expect(gunzipSync(Buffer.concat(storedMember(block))).equals(block)).toBe(true);
  });
});

describe('lanes', () => {
  it('give the same deflate output for a stretch whatever the lane did before (reset between jobs)', async () => {
    const a = text(100 * KiB);
    const b = Buffer.concat([text(50 * KiB), Buffer.alloc(30 * KiB, 7)]);
    const first = Buffer.concat(await deflateRun(b, 1));
    await deflateRun(a, 1);
    const again = Buffer.concat(await deflateRun(b, 1));
    expect(again.equals(first)).toBe(true);
  });

  it('write one member per block, mixed runs inside it', async () => {
    const block = Buffer.concat([text(128 * KiB), noise(128 * KiB), text(64 * KiB)]);
    const member = Buffer.concat(await gzipMember(block, 1));
    expect(member.indexOf(Buffer.from([0x1f, 0x8b, 8]), 1)).toBe(-1);
    expect(gunzipSync(member).equals(block)).toBe(true);
  });
});
