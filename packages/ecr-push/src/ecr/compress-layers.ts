import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { settleAll } from '@aws-ci-kit/core';
import type { BlobOutcome } from './blob-upload.ts';
import { giveBack } from './buffer-pool.ts';
import { type BlobSource, GZIP_TYPE_OF, type ImageSource, type ManifestNode } from './image-types.ts';
import type { LayerRecord, RecordedLayer } from './layer-record.ts';
import { type KnownLayer, learnLayers, listedBlobs, readTags, type TagManifest } from './layer-reuse.ts';
import { type GzipOptions, parallelGzip } from './parallel-gzip.ts';
import type { RegistryClient } from './registry-client.ts';
import { slots } from './slots.ts';
import { stopwatch } from './stopwatch.ts';

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  [key: string]: unknown;
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
  /** This machine's record of the blobs its layers compressed to (layerRecord), read and kept up to date. */
  readonly record?: LayerRecord;
}

export interface CompressedImage {
  /** The image with gzip layers: its manifests name the compressed blobs. */
  readonly source: ImageSource;
  /** Blobs already in the repository (uploaded here, or reused), with what was done and how long it took. */
  readonly done: ReadonlyMap<string, { outcome: BlobOutcome; seconds: number }>;
}

function collectLayers(node: ManifestNode, into: BlobSource[] = []): BlobSource[] {
  for (const b of node.blobs)
    if (b.mediaType in GZIP_TYPE_OF && !into.some((l) => l.digest === b.digest)) into.push(b);
  for (const child of node.children) collectLayers(child, into);
  return into;
}

function collectOthers(node: ManifestNode, into: BlobSource[] = []): BlobSource[] {
  for (const b of node.blobs)
    if (!(b.mediaType in GZIP_TYPE_OF) && !into.some((o) => o.digest === b.digest)) into.push(b);
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

/** Layers up to this size (uncompressed) are compressed in memory, then sent in one PUT. */
export const SMALL_LAYER = 8 * 1024 * 1024;

/**
 * A layer compressed into a new upload. A small one is compressed in memory while its upload
 * session starts, then sent in one PUT (one round trip fewer than a stream); a larger one
 * streams into its upload (POST, PATCH, PUT), its digest and size learnt on the way.
 */
async function compressOne(
  layer: BlobSource,
  options: CompressLayersOptions,
  early?: Readable,
): Promise<BlobSource> {
  const mediaType = GZIP_TYPE_OF[layer.mediaType] as string;
  let first = early;
  const gzipped = (): Readable => {
    const stream = first ?? compression(layer, options);
    first = undefined;
    return stream;
  };
  if (layer.size <= SMALL_LAYER) {
    // Kept as the members came (no copy into one new buffer): hashed and counted on the way.
    const members: Buffer[] = [];
    const made = (async () => {
      const hash = createHash('sha256');
      let size = 0;
      for await (const member of gzipped()) {
        members.push(member as Buffer);
        hash.update(member as Buffer);
        size += (member as Buffer).length;
      }
      const digest = `sha256:${hash.digest('hex')}`;
      return { digest, size, mediaType, open: () => Readable.from(members) };
    })();
    await options.client.uploadMade(options.repository, made);
    const blob = await made;
    for (const member of members) giveBack(member); // sent: its members serve the next layer
    return { ...blob, open: () => compression(layer, options) };
  }
  const sent = await options.client.uploadStream(options.repository, gzipped, { onWritten: giveBack });
  return { ...sent, mediaType, open: () => compression(layer, options) };
}

const compression = (layer: BlobSource, options: CompressLayersOptions): Readable =>
  parallelGzip(layer.open(), options.gzip);

/**
 * Compressed bytes a layer started early may make before its upload reads them: while the tags,
 * the checks and the upload session take their round trips, most of a mid-sized layer is ready.
 */
export const EARLY_AHEAD = 8 * 1024 * 1024;

/**
 * A layer's compression started ahead (while its reuse is still being looked up): up to
 * EARLY_AHEAD of its members wait, buffered, for the upload. An error waits for the reader (or is
 * dropped with it).
 */
function startEarly(layer: BlobSource, options: CompressLayersOptions): Readable {
  const stream = parallelGzip(layer.open(), { ...options.gzip, ahead: EARLY_AHEAD });
  stream.on('error', () => undefined);
  stream.read(0);
  return stream;
}

function reusedBlob(known: KnownLayer, layer: BlobSource): BlobSource {
  const mediaType = GZIP_TYPE_OF[layer.mediaType] as string;
  return { digest: known.digest, size: known.size, mediaType, open: () => notReadable(known.digest) };
}

function notReadable(digest: string): Readable {
  return new Readable({
    read() {
      this.destroy(new Error(`${digest} is reused from the registry; its bytes are not on this machine`));
    },
  });
}

/**
 * Where a layer's compressed blob was found: this machine's record (`moved`: the record named
 * another place for it), or the tags' current image.
 */
type Found = { layer: KnownLayer; from: 'record'; moved: boolean } | { layer: KnownLayer; from: 'tags' };

/**
 * Finds, per layer, a compressed blob of it that the repository holds: first the one this machine
 * recorded (options.record), then the one the tags' current image pairs with its diff_id (read
 * once, only when needed). A blob the tags' images are made of is taken as there (one manifest
 * read instead of a HEAD per layer); any other is checked. When the record knows some layers of
 * the image, a layer it lacks is taken as new and compressed at once, without waiting for the
 * tags' configs. A recorded blob last sent to another registry or repository is probably not
 * here: its layer starts compressing at once, while its HEAD and the tags are read together.
 * `asking` is called when a layer's answer still waits on the registry (the caller may start
 * compressing).
 */
export function reuseFinder(
  layers: readonly BlobSource[],
  options: CompressLayersOptions,
): (layer: BlobSource, asking?: () => void) => Promise<Found | undefined> {
  const { client, repository, record } = options;
  const here = whereSent(options);
  const recorded = record
    ? record.lookup(layers.map((l) => l.digest))
    : Promise.resolve(new Map<string, RecordedLayer>());
  let tags: Promise<TagManifest[]> | undefined;
  const readTagsOnce = () => {
    tags ??= readTags(client, repository, options.reuseFrom);
    return tags;
  };
  // Every path below reads the tags but one (a record that knows none of the layers): read them
  // alongside the record, not after it (a warm push waits on nothing else). readTags never fails.
  if (record && options.reuseFrom.length > 0) void readTagsOnce();
  let learned: Promise<Map<string, KnownLayer>> | undefined;
  const learn = () => {
    learned ??= readTagsOnce().then((manifests) => learnLayers(client, repository, manifests));
    return learned;
  };
  let listed: Promise<Set<string>> | undefined;
  // A blob the tags' images are made of is there; any other is checked (HEAD).
  const held = async (layer: KnownLayer | undefined) => {
    if (layer === undefined) return false;
    listed ??= readTagsOnce().then(listedBlobs);
    return (await listed).has(layer.digest) || (await client.hasBlob(repository, layer.digest));
  };
  // The blob the tags pair with the layer, if it is not the recorded one (already looked for) and is there.
  const fromTags = async (layer: BlobSource, lookedFor?: KnownLayer): Promise<Found | undefined> => {
    if (options.reuseFrom.length === 0) return undefined;
    const paired = (await learn()).get(layer.digest);
    if (paired?.digest === lookedFor?.digest || !(await held(paired))) return undefined;
    return { layer: paired as KnownLayer, from: 'tags' };
  };
  return async (layer, asking) => {
    const mine = await recorded;
    const fromRecord = mine.get(layer.digest);
    if (fromRecord === undefined) {
      if (mine.size > 0 || options.reuseFrom.length === 0) return undefined;
      asking?.();
      return fromTags(layer);
    }
    const found: Found = { layer: fromRecord, from: 'record', moved: fromRecord.at !== here };
    if (fromRecord.at === undefined || fromRecord.at === here) {
      if (await held(fromRecord)) return found;
      if (options.reuseFrom.length === 0) return undefined;
      asking?.();
      return fromTags(layer, fromRecord);
    }
    asking?.();
    const [there, paired] = await Promise.all([
      client.hasBlob(repository, fromRecord.digest),
      fromTags(layer, fromRecord),
    ]);
    return there ? found : paired;
  };
}

/** Where this push sends its blobs, as the layer record keeps it: `<registry host>/<repository>`. */
const whereSent = (options: CompressLayersOptions): string => `${options.client.host}/${options.repository}`;

/**
 * gzip-compresses the uncompressed layers of an image (`docker save` writes only those) straight
 * into the registry, as `docker push` does for the layers of its store: each layer is compressed
 * block by block on every core (parallelGzip: deterministic, memory flat in layer size) and
 * streamed into its upload, its digest computed on the way. A layer the repository already holds
 * compressed (found by reuseFinder, and the blob still there) is not compressed at all; the
 * checks do not wait for a compression slot. The config (and any layer already gzip'd) is
 * uploaded meanwhile. Returns the image with its manifests (and index) rewritten to the compressed
 * layers, and what is already in the repository; config and diff_ids do not change.
 */
export async function compressLayers(
  image: ImageSource,
  options: CompressLayersOptions,
): Promise<CompressedImage> {
  const layers = collectLayers(image.top).sort((a, b) => b.size - a.size);
  const compressed = new Map<string, BlobSource>();
  const done = new Map<string, { outcome: BlobOutcome; seconds: number }>();
  const find = reuseFinder(layers, options);
  const here = whereSent(options);
  const limit = options.concurrency ?? 3;
  const slot = slots(limit);
  let ahead = 0;
  const one = async (layer: BlobSource): Promise<void> => {
    const elapsed = stopwatch();
    // While the tags are read for reuse (a round trip or two), a few layers start compressing.
    let early: Readable | undefined;
    const found = await find(layer, () => {
      if (ahead >= limit) return;
      ahead++;
      early = startEarly(layer, options);
    });
    if (found && early) {
      early.destroy();
      ahead--;
    }
    const blob = found
      ? reusedBlob(found.layer, layer)
      : await slot(() => compressOne(layer, options, early)).finally(() => {
          if (early) ahead--;
        });
    compressed.set(layer.digest, blob);
    const seconds = elapsed();
    done.set(blob.digest, { outcome: found ? 'skipped' : 'uploaded', seconds });
    options.onLayer?.(layer, blob, found ? 'reused' : 'compressed');
    if (found?.from !== 'record' || found.moved) await options.record?.remember(layer.digest, blob, here);
  };
  // The config (and any gzip layer) goes up meanwhile: the push then only has its manifests left.
  const others = collectOthers(image.top).map(async (blob) => {
    const elapsed = stopwatch();
    const mount = options.mountFrom ? { mountFrom: options.mountFrom } : {};
    const { outcome } = await options.client.uploadBlob(options.repository, blob, mount);
    done.set(blob.digest, { outcome, seconds: elapsed() });
  });
  // Every job runs to its end (nothing left running) before the first failure is thrown.
  await settleAll([...layers.map(one), ...others]);
  return { source: { ...image, top: rewrite(image.top, compressed) }, done };
}
