import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openImageSource } from '../../packages/core/src/ecr/image-source.ts';
import { pushImage } from '../../packages/core/src/ecr/push-image.ts';
import { RegistryClient } from '../../packages/core/src/ecr/registry-client.ts';
import { makeOciLayout, makeTempDir, skopeoInspect, startRegistry } from '../support/registry/index.js';

describe('smoke', () => {
  it('pushes a layout', async () => {
    const alice = { user: 'alice', password: 'pw-alice-123' };
    const reg = await startRegistry({ users: [alice] });
    const work = await makeTempDir('smoke');
    try {
      const layout = await makeOciLayout(join(work, 'l'), { layers: 3, layerSizeMb: 10, platforms: ['linux/amd64', 'linux/arm64'] });
      const src = await openImageSource(layout.dir);
      const client = new RegistryClient({ url: reg.url, credentials: { username: alice.user, password: alice.password } });
      const res = await pushImage({ client, repository: 'a/b', source: src, tags: ['v1', 'latest'], onBlob: (r) => console.log(r) });
      console.log(res);
      const res2 = await pushImage({ client, repository: 'a/b', source: src, tags: ['v1'] });
      console.log(res2.seconds, res2.blobs.map((b) => b.outcome));
      const res3 = await pushImage({ client, repository: 'c', source: src, tags: ['v1'], mountFrom: ['a/b'] });
      console.log(res3.seconds, res3.blobs.map((b) => b.outcome));
      const img = await skopeoInspect(`docker://${reg.host}/a/b:v1`, { creds: alice, tlsVerify: false });
      expect(img.Digest).toBe(res.digest);
    } finally {
      await reg.stop();
      await rm(work, { recursive: true, force: true });
    }
  }, 120_000);
});
