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

/**
 * The compressed layers the repository holds under the given tags, by diff_id: read from each tag's
 * manifest and config, as `docker push` keeps them in its local metadata. Best effort: a tag that
 * is missing, an index, or any failure adds nothing (the layer is then compressed and uploaded).
 */
export async function learnLayers(
  session: RegistrySession,
  repository: string,
  references: readonly string[],
): Promise<Map<string, KnownLayer>> {
  const known = new Map<string, KnownLayer>();
  await Promise.all(
    references.map(async (reference) => {
      try {
        const manifest = await getManifest(session, repository, reference);
        if (!manifest) return;
        const json = JSON.parse(manifest.bytes.toString('utf8')) as { config?: Descriptor };
        const configDigest = json.config?.digest;
        if (typeof configDigest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(configDigest)) return;
        const config = await getSmallBlob(session, repository, configDigest);
        if (!config) return;
        for (const [diffId, layer] of pairLayers(manifest.bytes, config)) known.set(diffId, layer);
      } catch (error) {
        session.debug(`No layers to reuse from ${repository}:${reference}: ${(error as Error).message}`);
      }
    }),
  );
  return known;
}
