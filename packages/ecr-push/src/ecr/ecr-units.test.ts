// Units of the ECR logic that need no registry or AWS bed: tar archives written by GNU tar, the
// job-private Docker config, repository names.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerCli } from './container-cli.ts';
import { addDockerAuth, createDockerConfigDir, removeDockerConfigDir } from './docker-config.ts';
import { normaliseRepositoryName, parseEcrHost, shortSha, splitRepository } from './image-names.ts';
import { indexTar } from './tar-index.ts';

// GNU tar and ln are run without stdin.
const run = promisify(execFile);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ecr-units-'));
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
      const entries = indexTar(archive);
      expect(entries.get(long)?.size).toBe('long-name-content'.length);
      expect(entries.get('short.txt')?.size).toBe(5);
      expect(entries.get('link.txt')).toEqual(entries.get('short.txt'));
    }
  });

  it('refuses a gzip-compressed archive in one line', async () => {
    const archive = join(work, 't.tar.gz');
    await run('tar', ['-C', work, '-czf', archive, 't-pax.tar']);
    expect(() => indexTar(archive)).toThrow(/gzip-compressed/);
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
  it("normalises as ECRPushImage's forceDockerNamingConventions, `/` dropped as there", () => {
    expect(normaliseRepositoryName('Prod/Web App!')).toBe('prodwebapp');
    // As there; the name check then refuses what ECR would refuse.
    expect(normaliseRepositoryName('--My__Repo--')).toBe('--my__repo--');
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

describe('ContainerCli.build with secrets', () => {
  const build = async (name: 'docker' | 'buildah' | 'podman') => {
    const rt = recordingRuntime({ exec: async () => ({ code: 0, stdout: '', stderr: '' }) });
    await new ContainerCli(rt, name, '/tmp/cfg').build({
      context: 'ctx',
      tags: ['r/app:1'],
      buildArgs: ['VERSION=1'],
      secrets: [{ id: 'NUGET_TOKEN', env: 'NUGET_TOKEN', value: 'tok-1' }],
      network: 'none',
    });
    return rt.execs[0] as (typeof rt.execs)[number];
  };

  it('docker: --secret id=,env= with BuildKit on; the value only in the child environment', async () => {
    const call = await build('docker');
    expect(call.args).toEqual([
      'build',
      '--tag',
      'r/app:1',
      '--build-arg',
      'VERSION=1',
      '--secret',
      'id=NUGET_TOKEN,env=NUGET_TOKEN',
      '--network',
      'none',
      'ctx',
    ]);
    expect(call.options.env).toMatchObject({ NUGET_TOKEN: 'tok-1', DOCKER_BUILDKIT: '1' });
    expect(call.args.join(' ')).not.toContain('tok-1');
  });

  it('buildah bud and podman build take the same --secret, without DOCKER_BUILDKIT', async () => {
    for (const name of ['buildah', 'podman'] as const) {
      const call = await build(name);
      expect(call.args[0]).toBe(name === 'buildah' ? 'bud' : 'build');
      expect(call.args).toContain('id=NUGET_TOKEN,env=NUGET_TOKEN');
      expect(call.options.env).toMatchObject({ NUGET_TOKEN: 'tok-1' });
      expect(call.options.env?.DOCKER_BUILDKIT).toBeUndefined();
    }
  });
});
