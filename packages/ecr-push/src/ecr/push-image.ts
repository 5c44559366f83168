import { CiKitError, mapLimit } from '@aws-ci-kit/core';
import type { BlobSource, ImageSource, ManifestNode } from './image-types.ts';
import type { BlobOutcome, RegistryClient, UploadOptions } from './registry-client.ts';
import { slots } from './slots.ts';
import { stopwatch } from './stopwatch.ts';

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

/** The blobs of every manifest, each once, largest first (shortest total time). */
function uniqueBlobs(top: ManifestNode): BlobSource[] {
  const unique = new Map<string, BlobSource>();
  for (const node of allNodes(top))
    for (const blob of node.blobs) if (!unique.has(blob.digest)) unique.set(blob.digest, blob);
  return [...unique.values()].sort((a, b) => b.size - a.size);
}

function uploadOptions(options: PushImageOptions): UploadOptions {
  return {
    knownMissing: true,
    ...(options.mountFrom ? { mountFrom: options.mountFrom } : {}),
    ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
    ...(options.monolithicMax !== undefined ? { monolithicMax: options.monolithicMax } : {}),
  };
}

/** Blob checks (HEAD) in flight at once. */
const CHECKS_AT_ONCE = 16;

/**
 * Whether checking the top manifest can save a request: a registry stores a manifest only once
 * everything it references is there, so when it has it (a re-push, a new tag) the blob checks still
 * waiting for a place and the child manifests are known present. With no child manifest and no more
 * blobs than go out at once, every blob check is already on its way: the manifest check would only
 * be one request more (on a first push, the usual case in CI, it is always 404).
 */
function topCheckSaves(top: ManifestNode, unchecked: number): boolean {
  return top.children.length > 0 || unchecked > CHECKS_AT_ONCE;
}

/**
 * Every blob not in `options.done` into the repository: each checked (HEAD) and, when missing,
 * uploaded at once, while the top manifest is checked alongside when that can save requests (see
 * topCheckSaves). Returns whether the registry had the top manifest.
 */
async function sendBlobs(
  options: PushImageOptions,
  blobs: readonly BlobSource[],
  report: (blob: BlobSource, outcome: BlobOutcome, seconds: number, resumes?: number) => void,
): Promise<boolean> {
  const { client, repository, source } = options;
  const done = options.done ?? new Map<string, { outcome: BlobOutcome; seconds: number }>();
  const rest = blobs.filter((blob) => {
    const already = done.get(blob.digest);
    if (already) report(blob, already.outcome, already.seconds);
    return !already;
  });
  let known = false;
  const upload = slots(options.concurrency ?? 4);
  const elapsed = stopwatch();
  const [top] = await Promise.all([
    topCheckSaves(source.top, rest.length)
      ? client.manifestDigest(repository, source.top.digest, [source.top.mediaType]).then((digest) => {
          known = digest === source.top.digest;
          return known;
        })
      : false,
    mapLimit(rest, CHECKS_AT_ONCE, async (blob) => {
      if (known || (await client.hasBlob(repository, blob.digest))) return report(blob, 'skipped', elapsed());
      await upload(async () => {
        const uploading = stopwatch();
        const result = await client.uploadBlob(repository, blob, uploadOptions(options));
        report(blob, result.outcome, uploading(), result.resumes);
      });
    }),
  ]);
  return top;
}

/** Child manifests by digest (unless the registry has the top one), then the top one under each tag. */
async function putManifests(options: PushImageOptions, known: boolean): Promise<void> {
  const { client, repository, source } = options;
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
        { code: 'DigestMismatch' },
      );
    }
  }
}

/**
 * Pushes an image without a daemon: every blob (in parallel, skipped when present, mounted when
 * possible, streamed and verified), then child manifests by digest, and the top manifest under
 * each tag last, so a failed push never leaves a tag pointing at missing blobs.
 */
export async function pushImage(options: PushImageOptions): Promise<PushResult> {
  const elapsed = stopwatch();
  const { client, source } = options;
  const blobs = uniqueBlobs(source.top);
  const reports: BlobReport[] = [];
  const known = await sendBlobs(options, blobs, (blob, outcome, seconds, resumes = 0) => {
    const report = {
      digest: blob.digest,
      size: blob.size,
      mediaType: blob.mediaType,
      outcome,
      seconds,
      resumes,
    };
    reports.push(report);
    options.onBlob?.(report);
  });
  await putManifests(options, known);
  const top = source.top;
  return {
    repositoryUri: `${client.host}/${options.repository}`,
    digest: top.digest,
    mediaType: top.mediaType,
    tags: [...options.tags],
    platforms: top.children.map((c) => c.platform).filter((p): p is string => !!p),
    blobs: reports,
    bytesUploaded: reports.filter((r) => r.outcome === 'uploaded').reduce((sum, r) => sum + r.size, 0),
    bytesTotal: blobs.reduce((sum, b) => sum + b.size, 0),
    seconds: elapsed(),
  };
}
