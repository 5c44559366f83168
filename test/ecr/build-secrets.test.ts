// Build secrets, not build args (issue 10 item 6), with the seed's NuGet-token flow through real
// parts: moto (IAM enforced) issues the ECR token, the step builds with the private Docker engine
// (BuildKit) and with buildah (no daemon), each `RUN --mount=type=secret,id=NUGET_TOKEN` step reads
// the token, and the pushed image, read back with skopeo, holds it in no layer, config or history.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runAsEntry } from '@aws-ci-kit/core/testing';
import { type EcrPushDeps, ecrPushPostStep, ecrPushStep } from '@aws-ci-kit/ecr-push';
import { RegistryClient } from '@aws-ci-kit/ecr-push/ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_STATIC } from '../support/registry/images.js';
import { type Dockerd, type EcrRegistry, makeTempDir, run, skopeoCopy } from '../support/registry/index.js';
import type { EcrAwsBed } from './support/ecr-bed.ts';
import { ECR_PASSWORD, ECR_REGION, type EcrTestBed, startEcrTestBed } from './support/ecr-test-bed.ts';
import { failures, toolRuntime } from './support/tool-runtime.ts';
import { watchArgv } from './support/watch-argv.ts';

const REGION = ECR_REGION;
const PASSWORD = ECR_PASSWORD;
const HOST = `123456789012.dkr.ecr.${REGION}.amazonaws.com`;
/** The seed's NuGet token, as the SSM step would have set it (a fresh value per run). */
const TOKEN = `nuget-${randomBytes(12).toString('hex')}`;
const TOKEN_SHA = createHash('sha256').update(TOKEN).digest('hex');

let bed: EcrTestBed;
let aws: EcrAwsBed;
let ecr: EcrRegistry;
let dockerd: Dockerd;
let work: string;

const deps = (): EcrPushDeps => ({
  ecr: () => aws.ecr('pipeline'),
  ecrPublic: () => Promise.reject(new Error('ECR Public is not part of this bed')),
  registryClient: (options) => new RegistryClient({ ...options, ca: readFileSync(ecr.caFile as string) }),
});
const access = () => ({ creds: { user: 'AWS', password: PASSWORD }, certDir: ecr.caDir as string });

/**
 * A context whose Dockerfile reads the secret in a RUN step and keeps only its SHA-256 (proof that
 * the token reached the step), with a build arg beside it that is allowed (not a secret).
 */
async function nugetContext(name: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await copyFile(BUSYBOX_STATIC, join(dir, 'busybox'));
  await writeFile(
    join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'ARG VERSION',
      'RUN --mount=type=secret,id=NUGET_TOKEN ["/bin/busybox", "sh", "-c", "/bin/busybox sha256sum /run/secrets/NUGET_TOKEN | /bin/busybox cut -c1-64 > /nuget-token.sha256"]',
      'LABEL version=$VERSION',
      '',
    ].join('\n'),
  );
  return dir;
}

/**
 * Copies the pushed image to a directory with skopeo (an independent client) and reads every blob
 * (layers decompressed, config with its history) and the manifest.
 */
async function pushedBlobs(ref: string): Promise<{ texts: string[]; config: { history?: unknown[] } }> {
  const out = await makeTempDir('pushed');
  try {
    await skopeoCopy(`docker://${ref}`, `dir:${out}`, { src: access() });
    const texts: string[] = [];
    let config: { history?: unknown[] } = {};
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
      config: { digest: string };
    };
    for (const file of await readdir(out)) {
      const raw = await readFile(join(out, file));
      const data = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
      texts.push(data.toString('latin1'));
      if (file === manifest.config.digest.slice('sha256:'.length)) config = JSON.parse(data.toString('utf8'));
    }
    return { texts, config };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** What each build must show: the token reached the RUN step, and is in nothing pushed or printed. */
async function expectSecretKept(ref: string): Promise<void> {
  const { texts, config } = await pushedBlobs(ref);
  expect(texts.length).toBeGreaterThanOrEqual(3); // manifest, config, layers
  expect(texts.some((t) => t.includes(TOKEN_SHA))).toBe(true);
  for (const text of texts) expect(text).not.toContain(TOKEN);
  expect(config.history?.length).toBeGreaterThan(0);
  expect(JSON.stringify(config.history)).toContain('NUGET_TOKEN');
  expect(JSON.stringify(config.history)).not.toContain(TOKEN);
}

/**
 * A PATH whose `docker` has BuildKit: the one on PATH when it has the buildx plugin (Docker 23+),
 * else Debian's docker.io 20.10 CLI (/usr/bin/docker), which has BuildKit built in.
 */
async function buildkitPath(): Promise<string> {
  const buildx = await run('docker', ['buildx', 'version']).then(
    () => true,
    () => false,
  );
  if (buildx) return process.env.PATH as string;
  const bin = join(work, 'bin');
  await mkdir(bin, { recursive: true });
  await symlink('/usr/bin/docker', join(bin, 'docker')).catch(() => undefined);
  return `${bin}:${process.env.PATH}`;
}

beforeAll(async () => {
  bed = await startEcrTestBed('ecr-secrets', { engine: true });
  ({ aws, ecr, work } = bed);
  dockerd = bed.dockerd as Dockerd;
}, 120_000);

afterAll(() => bed?.stop(), 60_000);

describe('the seed NuGet token as a build secret', () => {
  it('docker (BuildKit): reaches RUN --mount=type=secret, never argv, no layer or history entry', async () => {
    const context = await nugetContext('ctx-docker');
    const rt = toolRuntime(
      {
        repository: 'prod/webapp',
        context,
        'build-secrets': 'NUGET_TOKEN',
        'build-args': 'VERSION=1.2.3',
        // The test engine has no bridge network (RUN steps get none).
        network: 'none',
        'push-mode': 'cli',
        tags: 'docker-secret',
      },
      { env: { ...dockerd.env, PATH: await buildkitPath(), NUGET_TOKEN: TOKEN } },
    );
    const { seen, scans } = await watchArgv(TOKEN, () => runAsEntry(rt, (r) => ecrPushStep(r, deps())));
    expect(failures(rt)).toEqual([]);
    expect(scans).toBeGreaterThan(0);
    expect(seen).toEqual([]);
    const build = rt.execs.find((e) => e.args[0] === 'build');
    expect(build?.args).toContain('id=NUGET_TOKEN,env=NUGET_TOKEN');
    expect(build?.options.env).toMatchObject({ DOCKER_BUILDKIT: '1', NUGET_TOKEN: TOKEN });
    expect(rt.masks).toContain(TOKEN);
    expect(rt.unmaskedUses(TOKEN)).toEqual([]);
    expect(rt.printed()).not.toContain(TOKEN);
    await expectSecretKept(`${HOST}/prod/webapp:docker-secret`);
    // The engine's own copy of the image has no trace of it either.
    const history = await dockerd.docker(['history', '--no-trunc', `${HOST}/prod/webapp:docker-secret`]);
    expect(history.stdout).toContain('NUGET_TOKEN');
    expect(history.stdout).not.toContain(TOKEN);
    const post = toolRuntime({}, { state: rt.stateMap, tempDir: rt.tempDir, env: dockerd.env });
    await runAsEntry(post, ecrPushPostStep);
    expect(failures(post)).toEqual([]);
  }, 180_000);

  it('buildah (no daemon): the same flag, the same result', async () => {
    const root = join(work, 'buildah');
    await mkdir(root, { recursive: true });
    const storageConf = join(root, 'storage.conf');
    await writeFile(
      storageConf,
      `[storage]\ndriver = "vfs"\ngraphroot = "${root}/graph"\nrunroot = "${root}/run"\n`,
    );
    const certsD = '/etc/containers/certs.d';
    const createdCertsD = !(await stat(certsD).catch(() => undefined));
    const certDir = join(certsD, HOST);
    await mkdir(certDir, { recursive: true });
    await writeFile(join(certDir, 'ca.crt'), await readFile(ecr.caFile as string));
    try {
      const context = await nugetContext('ctx-buildah');
      const env = {
        CONTAINERS_STORAGE_CONF: storageConf,
        BUILDAH_ISOLATION: 'chroot',
        STORAGE_DRIVER: 'vfs',
        NUGET_TOKEN: TOKEN,
      };
      const rt = toolRuntime(
        {
          repository: 'prod/webapp',
          context,
          'build-secrets': 'NUGET_TOKEN',
          'build-args': 'VERSION=1.2.3',
          'container-cli': 'buildah',
          'push-mode': 'cli',
          tags: 'buildah-secret',
        },
        { env },
      );
      const { seen } = await watchArgv(TOKEN, () => runAsEntry(rt, (r) => ecrPushStep(r, deps())));
      expect(failures(rt)).toEqual([]);
      expect(seen).toEqual([]);
      const build = rt.execs.find((e) => e.args[0] === 'bud');
      expect(build?.args).toContain('id=NUGET_TOKEN,env=NUGET_TOKEN');
      expect(rt.printed()).not.toContain(TOKEN);
      await expectSecretKept(`${HOST}/prod/webapp:buildah-secret`);
      const post = toolRuntime({}, { state: rt.stateMap, tempDir: rt.tempDir, env });
      await runAsEntry(post, ecrPushPostStep);
      expect(failures(post)).toEqual([]);
    } finally {
      await rm(createdCertsD ? certsD : certDir, { recursive: true, force: true });
      await rm(root, { recursive: true, force: true }).catch(() => undefined);
    }
  }, 180_000);
});
