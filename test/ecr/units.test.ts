// Edge units of the ECR logic that need a bed: the registry behind a token service, moto for other
// accounts' registries. (Bed-free units sit beside the code in packages/ecr-push/test.)
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { getEcrLogins, openImageSource, pushImage, RegistryClient } from '@aws-ci-kit/ecr-push/ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOciLayout, makeTempDir, skopeoInspect, startRegistry } from '../support/registry/index.js';
import { startBearerFront } from './support/bearer-front.ts';
import { startEcrAwsBed } from './support/ecr-bed.ts';

let work: string;
beforeAll(async () => {
  work = await makeTempDir('ecr-units');
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('Bearer token auth', () => {
  it('pushes through a token service, asking for push scope and pull scope of the mount source', async () => {
    const inner = { user: 'inner', password: 'inner-pw' };
    const outer = { user: 'ci', password: 'outer-pw' };
    const registry = await startRegistry({ users: [inner] });
    const front = await startBearerFront(registry.url, outer, inner);
    try {
      const layout = await makeOciLayout(join(work, 'bearer'), { layers: 1, layerSizeMb: 1 });
      const client = new RegistryClient({
        url: front.url,
        credentials: { username: outer.user, password: outer.password },
      });
      const source = await openImageSource(layout.dir);
      const first = await pushImage({ client, repository: 'team/a', source, tags: ['v1'] });
      const second = await pushImage({
        client,
        repository: 'team/b',
        source,
        tags: ['v1'],
        mountFrom: ['team/a'],
      });
      client.close();
      expect(first.digest).toBe(layout.digest);
      expect(second.blobs.map((b) => b.outcome)).toEqual(['mounted', 'mounted']);
      expect(front.tokenScopes.flat()).toContain('repository:team/a:pull,push');
      expect(
        front.tokenScopes.some(
          (s) => s.includes('repository:team/b:pull,push') && s.includes('repository:team/a:pull'),
        ),
      ).toBe(true);
      const image = await skopeoInspect(`docker://${registry.host}/team/b:v1`, {
        creds: inner,
        tlsVerify: false,
      });
      expect(image.Digest).toBe(layout.digest);
      const wrong = new RegistryClient({ url: front.url, credentials: { username: 'ci', password: 'nope' } });
      await expect(wrong.hasBlob('team/a', layout.digest)).rejects.toThrow(/refused the login \(HTTP 401\)/);
      wrong.close();
    } finally {
      await front.stop();
      await registry.stop();
    }
  }, 60_000);
});

describe('GetAuthorizationToken for other accounts (registries)', () => {
  it('returns one login per registry id under the pipeline role, each password masked', async () => {
    const aws = await startEcrAwsBed();
    try {
      const masked: string[] = [];
      const ecr = await aws.ecr('pipeline');
      const logins = await getEcrLogins(ecr, {
        registryIds: ['123456789012', '210987654321'],
        mask: (s) => masked.push(s),
      });
      expect(logins.map((l) => l.registry).sort()).toEqual([
        '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
        '210987654321.dkr.ecr.eu-central-1.amazonaws.com',
      ]);
      for (const l of logins) {
        expect(l.username).toBe('AWS');
        expect(masked).toContain(l.password);
      }
    } finally {
      await aws.stop();
    }
  }, 60_000);
});
