import { type RegistrySession, repoPath } from './registry-auth.ts';
import { registryError } from './registry-error.ts';

// The manifest part of a registry client: put a manifest under a tag or digest, ask what a tag points to.

/** `PUT /v2/<name>/manifests/<reference>`; returns the digest the registry reports. */
export async function putManifest(
  session: RegistrySession,
  repository: string,
  reference: string,
  mediaType: string,
  bytes: Buffer,
): Promise<string | undefined> {
  const res = await session.requestWithRetry({
    method: 'PUT',
    url: session.url(`/v2/${repoPath(repository)}/manifests/${encodeURIComponent(reference)}`),
    scope: session.scope(repository),
    headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
    body: () => bytes,
    what: 'Manifest upload',
    repository,
  });
  if (res.status !== 201 && res.status !== 200) {
    throw registryError(res.status, res.body, { host: session.host, repository, what: 'Manifest upload' });
  }
  return (res.headers['docker-content-digest'] as string | undefined) ?? undefined;
}

/** The digest a tag or digest points to (`HEAD /v2/<name>/manifests/<reference>`), or undefined. */
export async function manifestDigest(
  session: RegistrySession,
  repository: string,
  reference: string,
  accept: readonly string[],
): Promise<string | undefined> {
  const res = await session.requestWithRetry({
    method: 'HEAD',
    url: session.url(`/v2/${repoPath(repository)}/manifests/${encodeURIComponent(reference)}`),
    scope: session.scope(repository),
    headers: { accept: accept.join(', ') },
    what: 'Manifest check',
    repository,
  });
  if (res.status === 404) return undefined;
  if (res.status !== 200)
    throw registryError(res.status, res.body, { host: session.host, repository, what: 'Manifest check' });
  return res.headers['docker-content-digest'] as string | undefined;
}
