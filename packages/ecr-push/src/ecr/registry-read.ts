import { createHash } from 'node:crypto';
import { sendHttpRequest } from './http-request.ts';
import { MEDIA_TYPES } from './image-types.ts';
import { type RegistrySession, repoPath } from './registry-auth.ts';

// Reads of what a repository already holds (a tag's manifest, a small blob such as a config), for
// reusing compressed layers. Every answer is checked against its digest before it is used. They are
// best effort, so each is tried once: a registry failing them only costs a compression, and must
// not spend the push's time on retries (the push's own requests retry, and report the failure).

const MANIFEST_TYPES = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest];
const SMALL = 4 * 1024 * 1024;

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A tag's image manifest (not an index) and its digest, or undefined when there is none. */
export async function getManifest(
  session: RegistrySession,
  repository: string,
  reference: string,
): Promise<{ digest: string; bytes: Buffer } | undefined> {
  const res = await session.requestOnce({
    method: 'GET',
    url: session.url(`/v2/${repoPath(repository)}/manifests/${encodeURIComponent(reference)}`),
    scope: session.scope(repository),
    headers: { accept: MANIFEST_TYPES.join(', ') },
    what: 'Manifest read',
    repository,
  });
  if (res.status !== 200 || res.body.length > SMALL) return undefined;
  const digest = digestOf(res.body);
  const reported = res.headers['docker-content-digest'];
  if (reported && reported !== digest) return undefined;
  return { digest, bytes: res.body };
}

/**
 * A small blob (a config), checked against its digest. A registry may redirect blob reads to
 * storage elsewhere (ECR: S3); the redirect carries its own signature, so no credentials go there.
 */
export async function getSmallBlob(
  session: RegistrySession,
  repository: string,
  digest: string,
): Promise<Buffer | undefined> {
  const res = await session.requestOnce({
    method: 'GET',
    url: session.url(`/v2/${repoPath(repository)}/blobs/${digest}`),
    scope: session.scope(repository),
    what: 'Config read',
    repository,
  });
  let body = res.body;
  if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location) {
    const target = new URL(res.headers.location, session.base);
    if (target.protocol !== 'https:' && target.host !== session.host) return undefined;
    const moved = await sendHttpRequest(target, {
      method: 'GET',
      idleTimeoutMs: 15_000,
      maxResponseBytes: SMALL,
    });
    if (moved.status !== 200) return undefined;
    body = moved.body;
  } else if (res.status !== 200) return undefined;
  return digestOf(body) === digest ? body : undefined;
}
