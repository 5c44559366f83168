import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageSource } from './image-types.ts';
import { pushImage } from './push-image.ts';
import { RegistryClient } from './registry-client.ts';
import { type FakeRegistry, memoryBlob, startFakeRegistry } from './testing/fake-registry.ts';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function image(layers: Buffer[]): ImageSource {
  const config = memoryBlob(Buffer.from('{"rootfs":{"diff_ids":[]}}'));
  const blobs = layers.map(memoryBlob);
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      config: { digest: config.digest, size: config.size },
      layers: blobs.map((b) => ({ digest: b.digest, size: b.size })),
    }),
  );
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const top = { digest: sha(bytes), mediaType, bytes, children: [], blobs: [config, ...blobs] };
  return { kind: 'oci-layout', path: '/nowhere', top };
}

/** Blob checks wait for the manifest check's answer: which checks still go out is then certain. */
class ManifestFirst extends RegistryClient {
  private answered: Promise<unknown> = Promise.resolve();
  override manifestDigest(...args: Parameters<RegistryClient['manifestDigest']>) {
    const answer = super.manifestDigest(...args);
    this.answered = answer;
    return answer;
  }
  override async hasBlob(repository: string, digest: string): Promise<boolean> {
    await this.answered;
    return super.hasBlob(repository, digest);
  }
}

const said = (r: { method: string; url: string }) => `${r.method} ${r.url.split('?')[0]}`;

let registry: FakeRegistry | undefined;
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
});

describe('pushImage', () => {
  it('checks and uploads every blob, then tags; a re-push uploads nothing', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    const source = image([Buffer.alloc(3000, 1), Buffer.alloc(2000, 2)]);
    const first = await pushImage({ client, repository: 'app', source, tags: ['v1'] });
    expect(first.blobs.map((b) => b.outcome).sort()).toEqual(['uploaded', 'uploaded', 'uploaded']);
    expect(registry.requests.at(-1)?.method).toBe('PUT');
    expect(registry.requests.at(-1)?.url).toBe('/v2/app/manifests/v1');
    const again = await pushImage({ client, repository: 'app', source, tags: ['v2'] });
    expect(again.bytesUploaded).toBe(0);
    client.close();
  });

  it('checks no manifest for a small image: its blob checks all go out at once anyway', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    const source = image([Buffer.alloc(3000, 1)]);
    await pushImage({ client, repository: 'app', source, tags: ['v1'] });
    await pushImage({ client, repository: 'app', source, tags: ['v2'] });
    const asked = registry.requests.map(said);
    expect(asked.filter((r) => r.startsWith('HEAD /v2/app/manifests/'))).toEqual([]);
    expect(asked.filter((r) => r.startsWith('HEAD /v2/app/blobs/'))).toHaveLength(4);
    expect(asked.filter((r) => r.startsWith('PUT /v2/app/manifests/'))).toEqual([
      'PUT /v2/app/manifests/v1',
      'PUT /v2/app/manifests/v2',
    ]);
    client.close();
  });

  it('checks the manifest of an image with more blobs than are checked at once: a re-push checks 16', async () => {
    registry = await startFakeRegistry();
    const client = new ManifestFirst({ url: registry.url });
    const source = image(Array.from({ length: 19 }, (_, i) => Buffer.alloc(100, i)));
    await pushImage({ client, repository: 'app', source, tags: ['v1'] });
    const first = registry.requests.map(said);
    expect(first.filter((r) => r.startsWith('HEAD /v2/app/manifests/'))).toHaveLength(1);
    registry.requests.length = 0;
    const again = await pushImage({ client, repository: 'app', source, tags: ['v2'] });
    const asked = registry.requests.map(said);
    expect(asked.filter((r) => r.startsWith('HEAD /v2/app/manifests/'))).toHaveLength(1);
    expect(asked.filter((r) => r.startsWith('HEAD /v2/app/blobs/'))).toHaveLength(16);
    expect(again.blobs.map((b) => b.outcome)).toEqual(Array(20).fill('skipped'));
    client.close();
  });

  it('with every blob already done and no child manifest, sends only the tags', async () => {
    const login = { user: 'AWS', password: 'not-a-secret' };
    registry = await startFakeRegistry({ login });
    const credentials = { username: login.user, password: login.password };
    const client = new RegistryClient({ url: registry.url, credentials });
    const source = image([Buffer.alloc(100, 1)]);
    const done = new Map(
      source.top.blobs.map((b) => [b.digest, { outcome: 'uploaded' as const, seconds: 0 }]),
    );
    const result = await pushImage({ client, repository: 'app', source, tags: ['a', 'b'], done });
    expect(registry.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /v2/app/manifests/a',
      'PUT /v2/app/manifests/b',
    ]);
    expect(result.blobs.map((b) => b.outcome)).toEqual(['uploaded', 'uploaded']);
    client.close();
  });
});
