import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { mapLimit } from '@aws-ci-kit/core';
import type { BlobSource, ImageSource, ManifestNode } from './image-types.ts';

const UNCOMPRESSED: Record<string, string> = {
  'application/vnd.oci.image.layer.v1.tar': 'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar': 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  [key: string]: unknown;
}

/** Whether any layer of the image is an uncompressed tar (`docker save` writes only those). */
export function hasUncompressedLayers(node: ManifestNode): boolean {
  return node.blobs.some((b) => b.mediaType in UNCOMPRESSED) || node.children.some(hasUncompressedLayers);
}

export interface CompressedImage {
  readonly source: ImageSource;
  /** Deletes the compressed copies. */
  cleanup(): Promise<void>;
}

/**
 * gzip-compresses the uncompressed layers of an image into a temporary directory (streamed, level 1:
 * fast, and memory flat in layer size), as `docker push` does for the layers of its store, and
 * rewrites the manifests (and index) to point at them. Config and diff_ids do not change.
 */
export async function compressLayers(
  image: ImageSource,
  tempParent: string,
  options: { concurrency?: number; onLayer?: (from: BlobSource, to: BlobSource) => void } = {},
): Promise<CompressedImage> {
  const dir = await mkdtemp(join(tempParent, 'aws-ci-kit-layers-'));
  const done = new Map<string, BlobSource>();
  const compress = async (blob: BlobSource): Promise<BlobSource> => {
    const file = join(dir, blob.digest.replace(/[^a-z0-9]/gi, '_'));
    const hash = createHash('sha256');
    await pipeline(
      blob.open(),
      createGzip({ level: 1 }),
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback(null, chunk);
        },
      }),
      createWriteStream(file),
    );
    const { size } = await stat(file);
    const compressed: BlobSource = {
      digest: `sha256:${hash.digest('hex')}`,
      size,
      mediaType: UNCOMPRESSED[blob.mediaType] as string,
      open: (start = 0, end = size) =>
        start >= end
          ? Readable.from([])
          : createReadStream(file, { start, end: end - 1, highWaterMark: 1024 * 1024 }),
    };
    options.onLayer?.(blob, compressed);
    return compressed;
  };
  try {
    const layers: BlobSource[] = [];
    const collect = (node: ManifestNode): void => {
      for (const b of node.blobs)
        if (b.mediaType in UNCOMPRESSED && !layers.some((l) => l.digest === b.digest)) layers.push(b);
      node.children.forEach(collect);
    };
    collect(image.top);
    await mapLimit(layers, options.concurrency ?? 2, async (layer) => {
      done.set(layer.digest, await compress(layer));
    });
    const rewrite = (node: ManifestNode): ManifestNode => {
      const children = node.children.map(rewrite);
      const json = JSON.parse(node.bytes.toString('utf8')) as {
        layers?: Descriptor[];
        manifests?: Descriptor[];
      };
      if (json.layers) {
        json.layers = json.layers.map((l) => {
          const c = done.get(l.digest);
          return c ? { ...l, mediaType: c.mediaType, digest: c.digest, size: c.size } : l;
        });
      }
      if (json.manifests) {
        json.manifests = json.manifests.map((m, i) => {
          const child = children[i];
          return child ? { ...m, digest: child.digest, size: child.bytes.length } : m;
        });
      }
      const bytes = Buffer.from(JSON.stringify(json));
      return {
        ...node,
        bytes,
        digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
        children,
        blobs: node.blobs.map((b) => done.get(b.digest) ?? b),
      };
    };
    return {
      source: { ...image, top: rewrite(image.top) },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
