import { createCipheriv, createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

// A `docker save`-style archive (manifest.json form) written without an engine: a tar holding
// manifest.json, the config and one uncompressed layer tar per layer, each layer one file of
// generated content. Written as a stream, so layers of any size take no memory.

const BLOCK = 512;
const MiB = 1024 * 1024;

export interface ArchiveLayer {
  /** Bytes of the one file in the layer. */
  readonly size: number;
  /** Seeds the content: the same seed gives the same layer (and diff_id). */
  readonly seed: string;
}

export interface DockerArchive {
  readonly path: string;
  readonly diffIds: string[];
  readonly repoTag: string;
}

function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h[156] = 0x30;
  h.write('ustar\x0000', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

const padding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
const layerTarSize = (size: number): number => BLOCK + size + padding(size).length + 2 * BLOCK;

let textPool: Buffer | undefined;
/** 4 MiB of text-like bytes (words and numbers): slices of it compress like source code or logs. */
function pool(): Buffer {
  if (textPool) return textPool;
  const words = 'const return function import export value error result stream buffer layer image push'.split(
    ' ',
  );
  const parts: string[] = [];
  let s = 7;
  let length = 0;
  while (length < 4 * MiB) {
    s = (s * 1103515245 + 12345) >>> 0;
    const w = `${words[s % words.length]}${s % 3 === 0 ? `_${(s >>> 8) % 100000}` : ''}${s % 11 === 0 ? '\n' : ' '}`;
    parts.push(w);
    length += w.length;
  }
  textPool = Buffer.from(parts.join(''));
  return textPool;
}

/**
 * The content of a layer: 64 KiB pieces, alternately random-looking (as compressed files or
 * binaries would be; AES-CTR keyed by the seed) and text-like. Same seed and size, same bytes.
 */
function* content(layer: ArchiveLayer): Generator<Buffer> {
  const text = pool();
  const key = createHash('sha256').update(layer.seed).digest();
  const noise = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(64 * 1024);
  let left = layer.size;
  for (let i = 0; left > 0; i++) {
    const n = Math.min(64 * 1024, left);
    const random = noise.update(zeros.subarray(0, n));
    if (i % 2 === 0) yield random;
    else {
      const at = random.readUInt32LE(0) % (text.length - n);
      yield text.subarray(at, at + n);
    }
    left -= n;
  }
}

/**
 * Writes `path` as `docker save` would (manifest.json form) with one layer per entry of `layers`
 * (same seed and size: same layer, same diff_id); returns the diff_ids.
 */
export async function writeDockerArchive(
  path: string,
  layers: readonly ArchiveLayer[],
  repoTag = 'bench/app:latest',
): Promise<DockerArchive> {
  const file = await open(path, 'wx', 0o644);
  const diffIds: string[] = [];
  try {
    const write = async (buf: Buffer): Promise<void> => {
      await file.write(buf);
    };
    const layerNames: string[] = [];
    for (const [i, layer] of layers.entries()) {
      const name = `layer-${i}/layer.tar`;
      layerNames.push(name);
      await write(tarHeader(name, layerTarSize(layer.size)));
      const hash = createHash('sha256');
      const put = async (b: Buffer): Promise<void> => {
        hash.update(b);
        await write(b);
      };
      await put(tarHeader(`data/${layer.seed}.bin`, layer.size));
      for (const piece of content(layer)) await put(piece);
      await put(Buffer.concat([padding(layer.size), Buffer.alloc(2 * BLOCK)]));
      await write(padding(layerTarSize(layer.size)));
      diffIds.push(`sha256:${hash.digest('hex')}`);
    }
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: diffIds },
      }),
    );
    const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
    const manifest = Buffer.from(
      JSON.stringify([{ Config: configName, RepoTags: [repoTag], Layers: layerNames }]),
    );
    for (const [name, body] of [
      [configName, config],
      ['manifest.json', manifest],
    ] as const) {
      await write(tarHeader(name, body.length));
      await write(Buffer.concat([body, padding(body.length)]));
    }
    await write(Buffer.alloc(2 * BLOCK));
  } finally {
    await file.close();
  }
  return { path, diffIds, repoTag };
}
