import { CiKitError, mapLimit } from '@aws-ci-kit/core';
import type { BlobSource, ImageSource, ManifestNode } from './image-types.ts';
import type { BlobOutcome, RegistryClient } from './registry-client.ts';

export interface BlobReport {
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
  readonly outcome: BlobOutcome;
  readonly seconds: number;
  /** Upload sessions resumed after a failure. */
  readonly resumes: number;
}

export interface PushImageOptions {
  readonly client: RegistryClient;
  readonly repository: string;
  readonly source: ImageSource;
  /** Tags to point at the image; with none, the image is pushed by digest only. */
  readonly tags: readonly string[];
  /** Blobs uploaded at once (default 4). */
  readonly concurrency?: number;
  /** Other repositories of the registry to mount blobs from. */
  readonly mountFrom?: readonly string[];
  readonly chunkSize?: number;
  readonly monolithicMax?: number;
  /** Blobs already in the repository (e.g. layers compressed straight into it): not checked again. */
  readonly done?: ReadonlyMap<string, { readonly outcome: BlobOutcome; readonly seconds: number }>;
  /** Called once per blob when it is done. */
  readonly onBlob?: (report: BlobReport) => void;
}

export interface PushResult {
  /** Registry and repository, e.g. `123456789012.dkr.ecr.eu-central-1.amazonaws.com/prod/webapp`. */
  readonly repositoryUri: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly tags: readonly string[];
  readonly platforms: readonly string[];
  readonly blobs: readonly BlobReport[];
  readonly bytesUploaded: number;
  readonly bytesTotal: number;
  readonly seconds: number;
}

function allNodes(node: ManifestNode): ManifestNode[] {
  return [node, ...node.children.flatMap(allNodes)];
}

/** Children before parents: a registry checks that what a manifest references exists. */
function manifestsBottomUp(node: ManifestNode): ManifestNode[] {
  return [...node.children.flatMap(manifestsBottomUp), node];
}

/**
 * Pushes an image without a daemon: every blob (in parallel, skipped when present, mounted when
 * possible, streamed and verified), then child manifests by digest, and the top manifest under
 * each tag last, so a failed push never leaves a tag pointing at missing blobs.
 */
export async function pushImage(options: PushImageOptions): Promise<PushResult> {
  const started = performance.now();
  const { client, repository, source } = options;
  const nodes = allNodes(source.top);
  const unique = new Map<string, BlobSource>();
  for (const node of nodes)
    for (const blob of node.blobs) if (!unique.has(blob.digest)) unique.set(blob.digest, blob);
  const blobs = [...unique.values()].sort((a, b) => b.size - a.size); // largest first: shortest total time

  // A registry stores a manifest only once everything it references is there: when it already has
  // this exact manifest (a re-push, a new tag), nothing needs uploading. That check and the blob
  // checks go out together: on a first push the blob answers are needed anyway.
  const reports: BlobReport[] = [];
  const t0 = performance.now();
  const done = options.done ?? new Map<string, { outcome: BlobOutcome; seconds: number }>();
  let knownSoFar = false;
  const [known, checked] = await Promise.all([
    client.manifestDigest(repository, source.top.digest, [source.top.mediaType]).then((digest) => {
      knownSoFar = digest === source.top.digest;
      return knownSoFar;
    }),
    mapLimit(
      blobs,
      16,
      async (blob) => knownSoFar || done.has(blob.digest) || client.hasBlob(repository, blob.digest),
    ),
  ]);
  const present = known ? blobs.map(() => true) : checked;
  for (const [i, blob] of blobs.entries()) {
    if (!present[i]) continue;
    const report: BlobReport = {
      digest: blob.digest,
      size: blob.size,
      mediaType: blob.mediaType,
      outcome: done.get(blob.digest)?.outcome ?? 'skipped',
      seconds: done.get(blob.digest)?.seconds ?? (performance.now() - t0) / 1000,
      resumes: 0,
    };
    reports.push(report);
    options.onBlob?.(report);
  }
  const missing = blobs.filter((_, i) => !present[i]);
  await mapLimit(missing, options.concurrency ?? 4, async (blob) => {
    const t0 = performance.now();
    const result = await client.uploadBlob(repository, blob, {
      knownMissing: true,
      ...(options.mountFrom ? { mountFrom: options.mountFrom } : {}),
      ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
      ...(options.monolithicMax !== undefined ? { monolithicMax: options.monolithicMax } : {}),
    });
    const report: BlobReport = {
      digest: blob.digest,
      size: blob.size,
      mediaType: blob.mediaType,
      outcome: result.outcome,
      seconds: (performance.now() - t0) / 1000,
      resumes: result.resumes,
    };
    reports.push(report);
    options.onBlob?.(report);
  });

  for (const node of manifestsBottomUp(source.top)) {
    if (node === source.top || known) break;
    await client.putManifest(repository, node.digest, node.mediaType, node.bytes);
  }
  const top = source.top;
  const references = options.tags.length > 0 ? options.tags : [top.digest];
  for (const reference of references) {
    const reported = await client.putManifest(repository, reference, top.mediaType, top.bytes);
    if (reported && reported !== top.digest) {
      throw new CiKitError(
        'registry',
        `The registry stored the manifest as ${reported}, expected ${top.digest}.`,
        {
          code: 'DigestMismatch',
        },
      );
    }
  }
  const bytesTotal = blobs.reduce((sum, b) => sum + b.size, 0);
  return {
    repositoryUri: `${client.host}/${repository}`,
    digest: top.digest,
    mediaType: top.mediaType,
    tags: [...options.tags],
    platforms: top.children.map((c) => c.platform).filter((p): p is string => !!p),
    blobs: reports,
    bytesUploaded: reports.filter((r) => r.outcome === 'uploaded').reduce((sum, r) => sum + r.size, 0),
    bytesTotal,
    seconds: (performance.now() - started) / 1000,
  };
}
