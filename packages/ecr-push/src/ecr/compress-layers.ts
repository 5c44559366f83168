import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { mapLimit } from '@aws-ci-kit/core';
import type { BlobOutcome } from './blob-upload.ts';
import type { BlobSource, ImageSource, ManifestNode } from './image-types.ts';
import { type KnownLayer, learnLayers } from './layer-reuse.ts';
import { type GzipOptions, parallelGzip } from './parallel-gzip.ts';
import type { RegistryClient } from './registry-client.ts';

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

export type LayerHow = 'compressed' | 'reused';

export interface CompressLayersOptions {
  readonly client: RegistryClient;
  readonly repository: string;
  /** References (tags) whose current image may hold layers to reuse. */
  readonly reuseFrom: readonly string[];
  /** Layers compressed and uploaded at once (default 3; each one uses every core as well). */
  readonly concurrency?: number;
  readonly gzip?: GzipOptions;
  /** Repositories to mount the other blobs (config, gzip layers) from, as pushImage does. */
  readonly mountFrom?: readonly string[];
  readonly onLayer?: (from: BlobSource, to: BlobSource, how: LayerHow) => void;
}

export interface CompressedImage {
  /** The image with gzip layers: its manifests name the compressed blobs. */
  readonly source: ImageSource;
  /** Blobs already in the repository (uploaded here, or reused), with what was done and how long it took. */
  readonly done: ReadonlyMap<string, { outcome: BlobOutcome; seconds: number }>;
}

function collectLayers(node: ManifestNode, into: BlobSource[] = []): BlobSource[] {
  for (const b of node.blobs)
    if (b.mediaType in UNCOMPRESSED && !into.some((l) => l.digest === b.digest)) into.push(b);
  for (const child of node.children) collectLayers(child, into);
  return into;
}

function collectOthers(node: ManifestNode, into: BlobSource[] = []): BlobSource[] {
  for (const b of node.blobs)
    if (!(b.mediaType in UNCOMPRESSED) && !into.some((o) => o.digest === b.digest)) into.push(b);
  for (const child of node.children) collectOthers(child, into);
  return into;
}

function rewrite(node: ManifestNode, done: ReadonlyMap<string, BlobSource>): ManifestNode {
  const children = node.children.map((child) => rewrite(child, done));
  const json = JSON.parse(node.bytes.toString('utf8')) as { layers?: Descriptor[]; manifests?: Descriptor[] };
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
}

/** One layer: reused when the repository holds it compressed, else compressed into a new upload. */
async function compressOne(
  layer: BlobSource,
  reuse: KnownLayer | undefined,
  options: CompressLayersOptions,
): Promise<{ blob: BlobSource; how: LayerHow }> {
  const { client, repository } = options;
  const mediaType = UNCOMPRESSED[layer.mediaType] as string;
  if (reuse && (await client.hasBlob(repository, reuse.digest))) {
    const blob = { digest: reuse.digest, size: reuse.size, mediaType, open: () => notReadable(reuse.digest) };
    return { blob, how: 'reused' };
  }
  const gzipped = () => parallelGzip(layer.open(), options.gzip);
  const sent = await client.uploadStream(repository, gzipped);
  return { blob: { ...sent, mediaType, open: () => gzipped() }, how: 'compressed' };
}

function notReadable(digest: string): Readable {
  return new Readable({
    read() {
      this.destroy(new Error(`${digest} is reused from the registry; its bytes are not on this machine`));
    },
  });
}

/**
 * gzip-compresses the uncompressed layers of an image (`docker save` writes only those) straight
 * into the registry, as `docker push` does for the layers of its store: each layer is compressed
 * block by block on every core (parallelGzip: deterministic, memory flat in layer size) and
 * streamed into its upload, its digest computed on the way. A layer the repository already holds
 * compressed (same diff_id under one of `reuseFrom`, and the blob still there) is not compressed
 * at all. The config (and any layer already gzip'd) is uploaded meanwhile. Returns the image with
 * its manifests (and index) rewritten to the compressed layers, and what is already in the
 * repository; config and diff_ids do not change.
 */
export async function compressLayers(
  image: ImageSource,
  options: CompressLayersOptions,
): Promise<CompressedImage> {
  const { client, repository } = options;
  const layers = collectLayers(image.top).sort((a, b) => b.size - a.size);
  const compressed = new Map<string, BlobSource>();
  const done = new Map<string, { outcome: BlobOutcome; seconds: number }>();
  const compressAll = async (): Promise<void> => {
    const known = await learnLayers(client, repository, options.reuseFrom);
    await mapLimit(layers, options.concurrency ?? 3, async (layer) => {
      const t0 = performance.now();
      const to = await compressOne(layer, known.get(layer.digest), options);
      compressed.set(layer.digest, to.blob);
      done.set(to.blob.digest, {
        outcome: to.how === 'reused' ? 'skipped' : 'uploaded',
        seconds: (performance.now() - t0) / 1000,
      });
      options.onLayer?.(layer, to.blob, to.how);
    });
  };
  // The config (and any gzip layer) goes up meanwhile: the push then only has its manifests left.
  const uploadOthers = () =>
    mapLimit(collectOthers(image.top), 4, async (blob) => {
      const t0 = performance.now();
      const { outcome } = await client.uploadBlob(repository, blob, {
        ...(options.mountFrom ? { mountFrom: options.mountFrom } : {}),
      });
      done.set(blob.digest, { outcome, seconds: (performance.now() - t0) / 1000 });
    });
  await Promise.all([compressAll(), uploadOthers()]);
  return { source: { ...image, top: rewrite(image.top, compressed) }, done };
}
