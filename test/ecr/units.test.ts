// Edge units of the ECR logic, each through real parts where one exists: tar archives written by
// GNU tar, the registry behind a token service, moto for other accounts' registries.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  addDockerAuth,
  createDockerConfigDir,
  getEcrLogins,
  indexTar,
  normaliseRepositoryName,
  openImageSource,
  parseEcrHost,
  pushImage,
  RegistryClient,
  removeDockerConfigDir,
  shortSha,
  splitRepository,
} from '@aws-ci-kit/core/ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOciLayout, makeTempDir, skopeoInspect, startRegistry } from '../support/registry/index.js';
import { startBearerFront } from './support/bearer-front.ts';
import { startEcrAwsBed } from './support/ecr-bed.ts';

// The bed's run() writes stdin even to tools that never read it (EPIPE with fast ones like ln).
const run = promisify(execFile);

let work: string;
beforeAll(async () => {
  work = await makeTempDir('ecr-units');
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('indexTar', () => {
  it('finds files behind pax and GNU long names, and symlinks, with their offsets', async () => {
    const dir = join(work, 'tree');
    const long = `${'deep/'.repeat(30)}file.bin`;
    await mkdir(join(dir, long, '..'), { recursive: true });
    await writeFile(join(dir, long), 'long-name-content');
    await writeFile(join(dir, 'short.txt'), 'short');
    await run('ln', ['-s', 'short.txt', join(dir, 'link.txt')]);
    for (const format of ['pax', 'gnu']) {
      const archive = join(work, `t-${format}.tar`);
      await run('tar', [`--format=${format}`, '-C', dir, '-cf', archive, '.']);
      const entries = await indexTar(archive);
      expect(entries.get(long)?.size).toBe('long-name-content'.length);
      expect(entries.get('short.txt')?.size).toBe(5);
      expect(entries.get('link.txt')).toEqual(entries.get('short.txt'));
    }
  });

  it('refuses a gzip-compressed archive in one line', async () => {
    const archive = join(work, 't.tar.gz');
    await run('tar', ['-C', work, '-czf', archive, 't-pax.tar']);
    await expect(indexTar(archive)).rejects.toThrow(/gzip-compressed/);
  });
});

describe('job-private Docker config', () => {
  it('carries settings and other logins over, drops credsStore, links buildx/cli-plugins, and removal spares the original', async () => {
    const home = join(work, 'home-docker');
    await mkdir(join(home, 'cli-plugins'), { recursive: true });
    await writeFile(join(home, 'cli-plugins', 'docker-buildx'), '#!/bin/sh\n');
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({
        auths: { 'ghcr.io': { auth: 'eDp5' } },
        credsStore: 'desktop',
        credHelpers: { 'x.example': 'ecr-login' },
        detachKeys: 'ctrl-q',
      }),
    );
    const dir = await createDockerConfigDir(work, join(home, 'config.json'));
    await addDockerAuth(dir, '123456789012.dkr.ecr.eu-central-1.amazonaws.com', 'AWS', 'pw');
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(config.credsStore).toBeUndefined();
    expect(config.detachKeys).toBe('ctrl-q');
    expect(Object.keys(config.auths).sort()).toEqual([
      '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
      'ghcr.io',
    ]);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readFile(join(dir, 'cli-plugins', 'docker-buildx'), 'utf8')).toBe('#!/bin/sh\n');
    await removeDockerConfigDir(dir);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(home, 'cli-plugins', 'docker-buildx'), 'utf8')).toBe('#!/bin/sh\n');
    expect(JSON.parse(await readFile(join(home, 'config.json'), 'utf8')).credsStore).toBe('desktop');
  });
});

describe('names', () => {
  it('normalises like forceDockerNamingConventions, keeping namespaces', () => {
    expect(normaliseRepositoryName('Prod/Web App!')).toBe('prod/webapp');
    expect(normaliseRepositoryName('--My__Repo--')).toBe('my_repo');
  });
  it('splits registry hosts from names', () => {
    expect(splitRepository('123456789012.dkr.ecr.eu-central-1.amazonaws.com/prod/web')).toEqual({
      host: '123456789012.dkr.ecr.eu-central-1.amazonaws.com',
      name: 'prod/web',
    });
    expect(splitRepository('prod/web')).toEqual({ name: 'prod/web' });
    expect(parseEcrHost('123456789012.dkr.ecr.eu-central-1.amazonaws.com')).toEqual({
      account: '123456789012',
      region: 'eu-central-1',
    });
    expect(parseEcrHost('public.ecr.aws')).toBeUndefined();
  });
  it('takes the 7-character short SHA', () => {
    expect(shortSha('3F9C2E1D8B7A6F5E4D3C2B1A0F9E8D7C6B5A4F3E')).toBe('3f9c2e1');
    expect(shortSha('refs/heads/main')).toBeUndefined();
  });
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
