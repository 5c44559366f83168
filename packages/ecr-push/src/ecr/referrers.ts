import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobSource } from './image-types.ts';
import { MEDIA_TYPES } from './image-types.ts';
import { repoPath } from './registry-auth.ts';
import type { RegistryClient } from './registry-client.ts';
import { registryError } from './registry-error.ts';

// Artifacts that refer to an image, in cosign's tag scheme (`sha256-<hex>.sig`, `sha256-<hex>.att`):
// it works on every registry, also those without the OCI referrers API (Debian's distribution 2.8).
// A new artifact is appended to the layers already under the tag, as cosign appends signatures.

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface ArtifactManifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

export const sha256 = (bytes: Buffer): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** cosign's tag for what refers to `digest`: `sha256:<hex>` -> `sha256-<hex>.<suffix>`. */
export function referrerTag(digest: string, suffix: 'sig' | 'att'): string {
  return `${digest.replace(':', '-')}.${suffix}`;
}

/** A blob held in memory, as the registry client uploads any blob. */
export function bufferBlob(bytes: Buffer, mediaType: string): BlobSource {
  return {
    digest: sha256(bytes),
    size: bytes.length,
    mediaType,
    open: (start = 0, end = bytes.length) => Readable.from([bytes.subarray(start, end)]),
  };
}

/** `GET /v2/<name>/manifests/<reference>`: the bytes of an OCI image manifest, or undefined (404). */
export async function getManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<Buffer | undefined> {
  const res = await client.requestWithRetry({
    method: 'GET',
    url: client.url(`/v2/${repoPath(repository)}/manifests/${encodeURIComponent(reference)}`),
    scope: client.scope(repository),
    headers: { accept: MEDIA_TYPES.ociManifest },
    what: 'Manifest read',
    repository,
  });
  if (res.status === 404) return undefined;
  if (res.status !== 200) {
    throw registryError(res.status, res.body, { host: client.host, repository, what: 'Manifest read' });
  }
  return res.body;
}

/** The layers already under an artifact tag (none when the tag is new or holds something else). */
async function existingLayers(
  client: RegistryClient,
  repository: string,
  tag: string,
): Promise<Descriptor[]> {
  const bytes = await getManifest(client, repository, tag);
  if (!bytes) return [];
  try {
    const manifest = JSON.parse(bytes.toString('utf8')) as Partial<ArtifactManifest>;
    return Array.isArray(manifest.layers) ? [...manifest.layers] : [];
  } catch {
    return [];
  }
}

/**
 * Puts `layer` (with its annotations) under `sha256-<subject>.<suffix>`, keeping the layers already
 * there (the same layer twice is kept once). Blobs first, the manifest last. Returns the tag.
 */
export async function attachArtifact(
  client: RegistryClient,
  repository: string,
  subject: string,
  suffix: 'sig' | 'att',
  layer: { readonly bytes: Buffer; readonly mediaType: string; readonly annotations: Record<string, string> },
): Promise<{ tag: string; digest: string }> {
  const tag = referrerTag(subject, suffix);
  const blob = bufferBlob(layer.bytes, layer.mediaType);
  const ours: Descriptor = {
    mediaType: layer.mediaType,
    digest: blob.digest,
    size: blob.size,
    annotations: layer.annotations,
  };
  const same = (d: Descriptor) =>
    d.digest === ours.digest && JSON.stringify(d.annotations) === JSON.stringify(ours.annotations);
  const layers = [...(await existingLayers(client, repository, tag)).filter((d) => !same(d)), ours];
  // cosign's config: an empty image whose diff_ids are the layers' digests.
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      config: {},
      created: '0001-01-01T00:00:00Z',
      history: [{ created: '0001-01-01T00:00:00Z' }],
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((d) => d.digest) },
    }),
  );
  const configBlob = bufferBlob(config, MEDIA_TYPES.ociConfig);
  await client.uploadBlob(repository, blob);
  await client.uploadBlob(repository, configBlob);
  const manifest: ArtifactManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: configBlob.digest, size: configBlob.size },
    layers,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  await client.putManifest(repository, tag, MEDIA_TYPES.ociManifest, bytes);
  return { tag, digest: sha256(bytes) };
}
