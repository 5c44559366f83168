import type { Readable } from 'node:stream';

/** One blob (config or layer) of an image, readable from any offset so an upload can resume. */
export interface BlobSource {
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
  /** A stream of the blob's bytes from `start` (default 0) up to `end` (exclusive, default its size). */
  open(start?: number, end?: number): Readable;
}

/** A manifest (with its config and layers) or an image index (with its child manifests). */
export interface ManifestNode {
  readonly digest: string;
  readonly mediaType: string;
  /** The exact bytes pushed: a manifest's digest is the digest of these bytes. */
  readonly bytes: Buffer;
  /** Child manifests of an image index; empty for an image manifest. */
  readonly children: readonly ManifestNode[];
  /** Config and layers of an image manifest; empty for an index. */
  readonly blobs: readonly BlobSource[];
  /** `os/arch[/variant]` of an index entry, when known. */
  readonly platform?: string;
}

export type ImageSourceKind = 'oci-layout' | 'oci-archive' | 'docker-archive';

/** An image read from disk, ready to push without a daemon. */
export interface ImageSource {
  readonly kind: ImageSourceKind;
  readonly path: string;
  readonly top: ManifestNode;
}

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** Uncompressed layer media types (`docker save` writes only those), each with its gzip type. */
export const GZIP_TYPE_OF: Readonly<Record<string, string>> = {
  [MEDIA_TYPES.ociLayer]: MEDIA_TYPES.ociLayerGzip,
  'application/vnd.docker.image.rootfs.diff.tar': 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};

/** Whether any layer of the image is an uncompressed tar (`docker save` writes only those). */
export function hasUncompressedLayers(node: ManifestNode): boolean {
  return node.blobs.some((b) => b.mediaType in GZIP_TYPE_OF) || node.children.some(hasUncompressedLayers);
}

/** Whether a manifest media type is an index (multi-platform) rather than one image. */
export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;
}
