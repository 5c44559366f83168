import { createHash } from 'node:crypto';
import { type Stats, statSync } from 'node:fs';
import { CiKitError, quoteValue } from '@aws-ci-kit/core';
import { type BlobStore, directoryStore, tarStore } from './blob-store.ts';
import {
  type BlobSource,
  type ImageSource,
  isIndexMediaType,
  type ManifestNode,
  MEDIA_TYPES,
} from './image-types.ts';
import { indexTar } from './tar-index.ts';

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

interface ManifestJson {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

export interface OpenImageOptions {
  /** Which image of a layout or archive holding several: a tag, ref name or `name:tag`. */
  readonly ref?: string;
}

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function invalid(message: string, hint?: string): CiKitError {
  return new CiKitError('input', message, {
    code: 'ImageSourceInvalid',
    hint: hint ?? 'Pass an OCI image layout directory or an uncompressed `docker save` archive.',
  });
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  if (!algorithm || !hex || !/^[a-z0-9]+$/.test(algorithm) || !/^[a-f0-9]+$/.test(hex)) {
    throw invalid(`Invalid digest ${quoteValue(digest)} in the image.`);
  }
  return `blobs/${algorithm}/${hex}`;
}

function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw invalid(`${what} is not valid JSON.`);
  }
}

function platformOf(d: Descriptor): string | undefined {
  const p = d.platform;
  if (!p?.os || !p.architecture) return undefined;
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

function blobFromStore(store: BlobStore, d: Descriptor, fallbackType: string): BlobSource {
  const path = blobPath(d.digest);
  const size = store.size(path);
  if (size === undefined) throw invalid(`The image is missing blob ${d.digest}.`);
  if (size !== d.size) throw invalid(`Blob ${d.digest} is ${size} bytes, the manifest says ${d.size}.`);
  return {
    digest: d.digest,
    size,
    mediaType: d.mediaType ?? fallbackType,
    open: (start, end) => store.open(path, start, end),
  };
}

function readNode(store: BlobStore, d: Descriptor): ManifestNode {
  const path = blobPath(d.digest);
  if (store.size(path) === undefined) {
    throw invalid(
      `The image is missing manifest ${d.digest}${platformOf(d) ? ` (${platformOf(d)})` : ''}.`,
      'Copy every platform into the layout (e.g. `skopeo copy --all`).',
    );
  }
  const bytes = store.read(path);
  if (sha256(bytes) !== d.digest) throw invalid(`Manifest ${d.digest} does not match its digest.`);
  const json = parseJson<ManifestJson>(bytes, `Manifest ${d.digest}`);
  const mediaType =
    json.mediaType ?? d.mediaType ?? (json.manifests ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest);
  const platform = platformOf(d);
  if (isIndexMediaType(mediaType) || json.manifests) {
    const children = (json.manifests ?? []).map((child) => readNode(store, child));
    return { digest: d.digest, mediaType, bytes, children, blobs: [], ...(platform ? { platform } : {}) };
  }
  if (!json.config) throw invalid(`Manifest ${d.digest} has no config.`);
  const layers = (json.layers ?? []).filter((l) => !l.urls?.length); // foreign layers stay where they are
  const blobs = [
    blobFromStore(store, json.config, MEDIA_TYPES.ociConfig),
    ...layers.map((l) => blobFromStore(store, l, MEDIA_TYPES.ociLayer)),
  ];
  return { digest: d.digest, mediaType, bytes, children: [], blobs, ...(platform ? { platform } : {}) };
}

function matchesRef(d: Descriptor, ref: string): boolean {
  const names = [d.annotations?.[REF_NAME], d.annotations?.[CONTAINERD_NAME]].filter((n): n is string => !!n);
  return names.some((n) => n === ref || n.endsWith(`:${ref}`) || n.endsWith(`/${ref}`));
}

function describeRefs(ds: Descriptor[]): string {
  return ds.map((d) => d.annotations?.[REF_NAME] ?? d.annotations?.[CONTAINERD_NAME] ?? d.digest).join(', ');
}

function fromLayout(store: BlobStore, what: string, ref: string | undefined): ManifestNode {
  const index = parseJson<ManifestJson>(store.read('index.json'), `${what}/index.json`);
  const entries = index.manifests ?? [];
  const chosen = ref ? entries.filter((d) => matchesRef(d, ref)) : entries;
  if (chosen.length === 0) {
    throw invalid(
      ref
        ? `${what} has no image named ${quoteValue(ref)} (it has: ${describeRefs(entries) || 'none'}).`
        : `${what} is empty.`,
      'Name one of the images it holds.',
    );
  }
  if (chosen.length > 1) {
    throw invalid(`${what} holds several images (${describeRefs(chosen)}).`, 'Name the one to push.');
  }
  return readNode(store, chosen[0] as Descriptor);
}

/** A layer of a `docker save` archive: an uncompressed tar named by its diff_id. */
function archiveLayer(store: BlobStore, what: string, path: string, diffId: string): BlobSource {
  const size = store.size(path);
  if (size === undefined) throw invalid(`${what} is missing ${path}.`);
  const head = store.read(path, 2);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    throw invalid(`${what}: layer ${path} is compressed, which \`docker save\` never writes.`);
  }
  return {
    digest: diffId,
    size,
    mediaType: MEDIA_TYPES.ociLayer,
    open: (start = 0, end) => store.open(path, start, end),
  };
}

interface DockerArchiveEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

function fromDockerManifest(store: BlobStore, what: string, ref: string | undefined): ManifestNode {
  const all = parseJson<DockerArchiveEntry[]>(store.read('manifest.json'), `${what}/manifest.json`);
  const chosen = ref
    ? all.filter((e) => (e.RepoTags ?? []).some((t) => t === ref || t.endsWith(`:${ref}`)))
    : all;
  const tags = all.flatMap((e) => e.RepoTags ?? []).join(', ') || 'untagged';
  if (chosen.length !== 1) {
    throw invalid(
      chosen.length === 0
        ? `${what} has no image ${quoteValue(ref ?? '')} (it has: ${tags}).`
        : `${what} holds several images (${tags}).`,
      'Name the one to push.',
    );
  }
  const entry = chosen[0] as DockerArchiveEntry;
  const configBytes = store.read(entry.Config);
  const config = parseJson<{ rootfs?: { diff_ids?: string[] } }>(configBytes, entry.Config);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== entry.Layers.length) {
    throw invalid(`${what}: ${entry.Layers.length} layers but ${diffIds.length} diff_ids in the config.`);
  }
  const configBlob: BlobSource = {
    digest: sha256(configBytes),
    size: configBytes.length,
    mediaType: MEDIA_TYPES.ociConfig,
    open: (start = 0, end) => store.open(entry.Config, start, end),
  };
  const layers = entry.Layers.map((path, i) => archiveLayer(store, what, path, diffIds[i] as string));
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, digest: configBlob.digest, size: configBlob.size },
    layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return {
    digest: sha256(bytes),
    mediaType: MEDIA_TYPES.ociManifest,
    bytes,
    children: [],
    blobs: [configBlob, ...layers],
  };
}

/**
 * Opens an image for a daemonless push: an OCI image layout directory (buildah, skopeo, crane,
 * `docker buildx --output type=oci,tar=false`), or a tar archive: an OCI archive or `docker save`
 * output (both the OCI form of Docker 25+ and the older manifest.json form).
 */
export async function openImageSource(path: string, options: OpenImageOptions = {}): Promise<ImageSource> {
  let info: Stats | undefined;
  try {
    info = statSync(path, { throwIfNoEntry: false });
  } catch {
    info = undefined;
  }
  if (!info) {
    throw new CiKitError('input', `The image path ${path} does not exist.`, {
      code: 'ImageSourceMissing',
      hint: 'Build the image first, or point `image` at an OCI layout directory or a `docker save` archive.',
    });
  }
  return info.isDirectory() ? fromDirectory(path, options.ref) : fromArchive(path, options.ref);
}

function fromDirectory(path: string, ref: string | undefined): ImageSource {
  const store = directoryStore(path);
  if (store.size('index.json') === undefined || store.size('oci-layout') === undefined) {
    throw invalid(`${path} is a directory but not an OCI image layout (no oci-layout and index.json).`);
  }
  return { kind: 'oci-layout', path, top: fromLayout(store, path, ref) };
}

function fromArchive(path: string, ref: string | undefined): ImageSource {
  const entries = indexTar(path);
  const store = tarStore(path, entries);
  if (entries.has('index.json') && entries.has('oci-layout')) {
    if (!entries.has('manifest.json'))
      return { kind: 'oci-archive', path, top: fromLayout(store, path, ref) };
    try {
      return { kind: 'docker-archive', path, top: fromLayout(store, path, ref) };
    } catch {
      // A docker save archive names images in manifest.json (RepoTags) as well.
      return { kind: 'docker-archive', path, top: fromDockerManifest(store, path, ref) };
    }
  }
  if (entries.has('manifest.json')) {
    return { kind: 'docker-archive', path, top: fromDockerManifest(store, path, ref) };
  }
  throw invalid(`${path} is neither an OCI archive nor a \`docker save\` archive.`);
}
