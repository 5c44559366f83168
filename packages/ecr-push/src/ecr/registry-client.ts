import type { Readable } from 'node:stream';
import type { StreamUploadOptions, UploadOptions, UploadResult } from './blob-upload.ts';
import * as blobs from './blob-upload.ts';
import type { BlobSource } from './image-types.ts';
import { RegistrySession } from './registry-auth.ts';
import * as manifests from './registry-manifests.ts';

export type { BlobOutcome, UploadOptions, UploadResult } from './blob-upload.ts';
export { DEFAULT_RETRY, type RegistryClientOptions, type RegistryCredentials } from './registry-auth.ts';

/**
 * A client of the registry HTTP API v2 (Docker Registry / OCI Distribution), as spoken by Amazon ECR
 * and any other registry: auth and transport (registry-auth.ts), blob uploads (blob-upload.ts) and
 * manifests (registry-manifests.ts).
 */
export class RegistryClient extends RegistrySession {
  /** Whether the repository already has the blob (`HEAD /v2/<name>/blobs/<digest>`). */
  hasBlob(repository: string, digest: string): Promise<boolean> {
    return blobs.hasBlob(this, repository, digest);
  }

  /** Starts an upload session, or mounts the blob from `mount.from` (201: done, no session). */
  startUpload(
    repository: string,
    mount?: { digest: string; from: string },
  ): Promise<{ mounted: true } | { mounted: false; location: URL }> {
    return blobs.startUpload(this, repository, mount);
  }

  /** Bytes the registry holds for an upload session, or undefined if the session is gone. */
  uploadOffset(repository: string, location: URL): Promise<{ offset: number; location: URL } | undefined> {
    return blobs.uploadOffset(this, repository, location);
  }

  /** Uploads one blob unless the repository has it (skip, mount, or upload resuming after failures). */
  uploadBlob(repository: string, blob: BlobSource, options: UploadOptions = {}): Promise<UploadResult> {
    return blobs.uploadBlob(this, repository, blob, options);
  }

  /** Uploads bytes whose digest is known once sent (a layer compressed on the fly); returns digest and size. */
  uploadStream(
    repository: string,
    open: () => Readable,
    options: StreamUploadOptions = {},
  ): Promise<{ digest: string; size: number }> {
    return blobs.uploadStream(this, repository, open, options);
  }

  /** Uploads a blob still being made (compressed in memory): its session starts meanwhile, then one PUT. */
  uploadMade(repository: string, made: Promise<BlobSource>): Promise<void> {
    return blobs.uploadMade(this, repository, made);
  }

  /** `PUT /v2/<name>/manifests/<reference>`; returns the digest the registry reports. */
  putManifest(
    repository: string,
    reference: string,
    mediaType: string,
    bytes: Buffer,
  ): Promise<string | undefined> {
    return manifests.putManifest(this, repository, reference, mediaType, bytes);
  }

  /** The digest a tag or digest points to, or undefined. */
  manifestDigest(
    repository: string,
    reference: string,
    accept: readonly string[],
  ): Promise<string | undefined> {
    return manifests.manifestDigest(this, repository, reference, accept);
  }
}
