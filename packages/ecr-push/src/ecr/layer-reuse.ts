import type { RegistrySession } from './registry-auth.ts';
import { getManifest, getSmallBlob } from './registry-read.ts';

/** A compressed layer the repository holds, found by the digest of its uncompressed tar (diff_id). */
export interface KnownLayer {
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
}

const GZIP_LAYERS = new Set([
  'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar.gzip',
]);

interface Descriptor {
  mediaType?: string;
  digest?: string;
  size?: number;
}

/**
 * Pairs the diff_ids of an image's config with the layers of its manifest
 * (`config.rootfs.diff_ids[i]` is the uncompressed digest of `manifest.layers[i]`): gzip layers only.
 */
export function pairLayers(manifest: Buffer, config: Buffer): Map<string, KnownLayer> {
  const found = new Map<string, KnownLayer>();
  const m = JSON.parse(manifest.toString('utf8')) as { layers?: Descriptor[] };
  const c = JSON.parse(config.toString('utf8')) as { rootfs?: { diff_ids?: unknown[] } };
  const layers = m.layers ?? [];
  const diffIds = c.rootfs?.diff_ids ?? [];
  if (layers.length !== diffIds.length) return found;
  for (const [i, layer] of layers.entries()) {
    const diffId = diffIds[i];
    const { digest, size, mediaType } = layer;
    if (typeof diffId !== 'string' || typeof digest !== 'string' || typeof size !== 'number') continue;
    if (!mediaType || !GZIP_LAYERS.has(mediaType) || !/^sha256:[a-f0-9]{64}$/.test(digest)) continue;
    found.set(diffId, { digest, size, mediaType });
  }
  return found;
}

/** A tag's current manifest (an image manifest; an index or a failed read gives none). */
export type TagManifest = Buffer;

/**
 * Each tag's current manifest, read once. Best effort: a tag that is missing, an index, or any
 * failure gives nothing (its layers are then checked one by one, or compressed and uploaded).
 */
export async function readTags(
  session: RegistrySession,
  repository: string,
  references: readonly string[],
): Promise<TagManifest[]> {
  const read = await Promise.all(
    references.map(async (reference) => {
      try {
        return (await getManifest(session, repository, reference))?.bytes;
      } catch (error) {
        session.debug(`No layers to reuse from ${repository}:${reference}: ${(error as Error).message}`);
        return undefined;
      }
    }),
  );
  return read.filter((bytes): bytes is Buffer => bytes !== undefined);
}

/**
 * The blobs the tags' images are made of (their layers and configs): the repository holds them
 * (a registry keeps what a tagged image references), so a recorded layer found here needs no
 * check of its own.
 */
export function listedBlobs(manifests: readonly TagManifest[]): Set<string> {
  const listed = new Set<string>();
  for (const bytes of manifests) {
    try {
      const m = JSON.parse(bytes.toString('utf8')) as { layers?: Descriptor[]; config?: Descriptor };
      for (const d of [...(m.layers ?? []), ...(m.config ? [m.config] : [])])
        if (typeof d.digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(d.digest)) listed.add(d.digest);
    } catch {
      // not JSON: lists nothing
    }
  }
  return listed;
}

/**
 * The compressed layers the repository holds under the tags, by diff_id: each manifest paired with
 * its config, as `docker push` keeps them in its local metadata. Best effort, as readTags.
 */
export async function learnLayers(
  session: RegistrySession,
  repository: string,
  manifests: readonly TagManifest[],
): Promise<Map<string, KnownLayer>> {
  const known = new Map<string, KnownLayer>();
  await Promise.all(
    manifests.map(async (manifest) => {
      try {
        const json = JSON.parse(manifest.toString('utf8')) as { config?: Descriptor };
        const configDigest = json.config?.digest;
        if (typeof configDigest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(configDigest)) return;
        const config = await getSmallBlob(session, repository, configDigest);
        if (!config) return;
        for (const [diffId, layer] of pairLayers(manifest, config)) known.set(diffId, layer);
      } catch (error) {
        session.debug(`No layers to reuse from a tag of ${repository}: ${(error as Error).message}`);
      }
    }),
  );
  return known;
}
