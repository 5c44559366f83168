// Multi-platform images end to end: `platforms: linux/amd64,linux/arm64` builds each platform with
// buildah (FROM scratch + COPY needs no emulator) and pushes one OCI image index under every tag,
// through the step in process, the GitHub and Azure bundles and the CLI bundle, against moto (IAM
// enforced) and the TLS registry under moto's ECR host name; skopeo reads each platform back from
// the same tag. A layout holding an index is pushed as is, and a fault mid-push leaves no tag.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RecordingRuntime, runAsEntry } from '@aws-ci-kit/core/testing';
import { type EcrPushDeps, ecrPushStep } from '@aws-ci-kit/ecr-push';
import { RegistryClient } from '@aws-ci-kit/ecr-push/ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, jobEnv, runCli } from '../cli/support/cli-bed.ts';
import { runStep } from '../support/ci/index.ts';
import {
  type EcrRegistry,
  makeOciLayout,
  type OciLayout,
  type Registry,
  skopeoInspectRaw,
  startRegistry,
} from '../support/registry/index.js';
import type { EcrAwsBed } from './support/ecr-bed.ts';
import { ECR_PASSWORD, ECR_REGION, type EcrTestBed, startEcrTestBed } from './support/ecr-test-bed.ts';
import { type RegistryProxy, startRegistryProxy } from './support/registry-proxy.ts';
import { failures, toolRuntime } from './support/tool-runtime.ts';

const run = promisify(execFile);
const HOST = `123456789012.dkr.ecr.${ECR_REGION}.amazonaws.com`;
const PKG = join(import.meta.dirname, '..', '..', 'packages', 'ecr-push');
const PLATFORMS = 'linux/amd64,linux/arm64';
const INDEX = 'application/vnd.oci.image.index.v1+json';

let bed: EcrTestBed;
let aws: EcrAwsBed;
let ecr: EcrRegistry;
let work: string;
let app: string;
let buildahEnv: Record<string, string>;
let authFile: string;
let multi: OciLayout;
let certDir: string;
let createdCertsD = false;

const deps = (): EcrPushDeps => ({
  ecr: () => aws.ecr('pipeline'),
  ecrPublic: () => Promise.reject(new Error('ECR Public is not part of this bed')),
  registryClient: (options) => new RegistryClient({ ...options, ca: readFileSync(ecr.caFile as string) }),
});
const push = (rt: RecordingRuntime) => runAsEntry(rt, (r) => ecrPushStep(r, deps()));

/** `skopeo inspect --override-arch <arch>`: the platform image a puller on that architecture gets. */
async function inspectArch(
  ref: string,
  arch: string,
): Promise<{ Digest: string; Architecture: string; Layers: string[] }> {
  const { stdout } = await run('skopeo', [
    'inspect',
    '--override-os',
    'linux',
    '--override-arch',
    arch,
    '--authfile',
    authFile,
    '--cert-dir',
    ecr.caDir as string,
    `docker://${ref}`,
  ]);
  return JSON.parse(stdout) as { Digest: string; Architecture: string; Layers: string[] };
}

interface RawIndex {
  mediaType: string;
  manifests: { digest: string; platform: { architecture: string; os: string } }[];
}
const rawIndex = async (ref: string): Promise<RawIndex> =>
  (await skopeoInspectRaw(`docker://${ref}`, {
    authFile,
    certDir: ecr.caDir as string,
  })) as unknown as RawIndex;

/** Every tag names one index; each platform, read back by architecture, is that index's child. */
async function expectIndexUnderTags(repository: string, tags: readonly string[], digest: string | undefined) {
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  for (const tag of tags) {
    const ref = `${HOST}/${repository}:${tag}`;
    const index = await rawIndex(ref);
    expect(index.mediaType).toBe(INDEX);
    const byArch = Object.fromEntries(index.manifests.map((m) => [m.platform.architecture, m.digest]));
    expect(Object.keys(byArch).sort()).toEqual(['amd64', 'arm64']);
    for (const arch of ['amd64', 'arm64']) {
      // What a puller on `arch` gets from the tag (skopeo names the tag's digest: the index's) ...
      const image = await inspectArch(ref, arch);
      expect(image.Architecture).toBe(arch);
      expect(image.Digest).toBe(digest);
      // ... is the index's child for that platform, whose config says the same architecture.
      const child = await inspectArch(`${HOST}/${repository}@${byArch[arch]}`, arch);
      expect(child.Architecture).toBe(arch);
      expect(child.Layers).toEqual(image.Layers);
    }
    const { stdout } = await run('skopeo', [
      'inspect',
      '--raw',
      '--authfile',
      authFile,
      '--cert-dir',
      ecr.caDir as string,
      `docker://${ref}`,
    ]);
    expect(`sha256:${(await import('node:crypto')).createHash('sha256').update(stdout).digest('hex')}`).toBe(
      digest,
    );
  }
}

beforeAll(async () => {
  const bundled = Promise.all([
    run(process.execPath, ['../../scripts/bundle.mjs'], { cwd: PKG }),
    buildCli(),
  ]);
  bed = await startEcrTestBed('ecr-platforms', { engine: true });
  ({ aws, ecr, work } = bed);
  authFile = join(work, 'auth.json');
  await writeFile(
    authFile,
    JSON.stringify({ auths: { [HOST]: { auth: Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64') } } }),
  );
  // buildah keeps its state in the work dir; `buildah login` trusts the registry through
  // /etc/containers/certs.d/<host>/ca.crt (removed in afterAll).
  const root = join(work, 'buildah');
  await mkdir(root, { recursive: true });
  const storageConf = join(root, 'storage.conf');
  await writeFile(
    storageConf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${root}/graph"\nrunroot = "${root}/run"\n`,
  );
  buildahEnv = { CONTAINERS_STORAGE_CONF: storageConf, BUILDAH_ISOLATION: 'chroot', STORAGE_DRIVER: 'vfs' };
  createdCertsD = !(await stat('/etc/containers/certs.d').catch(() => undefined));
  certDir = join('/etc/containers/certs.d', HOST);
  await mkdir(certDir, { recursive: true });
  await writeFile(join(certDir, 'ca.crt'), await readFile(ecr.caFile as string));
  app = join(work, 'app');
  await mkdir(app, { recursive: true });
  await writeFile(join(app, 'index.html'), '<h1>multi-arch</h1>\n');
  await writeFile(join(app, 'Dockerfile'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
  multi = await makeOciLayout(join(work, 'multi'), {
    layers: 1,
    layerSizeMb: 0.5,
    platforms: ['linux/amd64', 'linux/arm64'],
    tag: 'v1',
  });
  await bundled;
}, 240_000);

afterAll(async () => {
  if (certDir)
    await rm(createdCertsD ? '/etc/containers/certs.d' : certDir, { recursive: true, force: true });
  await bed?.stop();
}, 60_000);

describe('platforms: one index under every tag', () => {
  it('in process (GitHub names): builds both platforms with buildah, pushes the index, outputs and summary', async () => {
    const rt = toolRuntime(
      {
        repository: 'multi/inproc',
        tags: 'v1,stable',
        context: app,
        platforms: PLATFORMS,
        'container-cli': 'buildah',
        'create-repository': 'true',
      },
      { env: buildahEnv, context: { commitSha: 'c'.repeat(40) } },
    );
    await push(rt);
    expect(failures(rt)).toEqual([]);
    const digest = rt.outputs.get('digest')?.value;
    await expectIndexUnderTags('multi/inproc', ['v1', 'stable'], digest);
    const perPlatform = rt.outputs.get('platform-digests')?.value ?? '';
    const index = await rawIndex(`${HOST}/multi/inproc:v1`);
    expect(perPlatform.split(',').sort()).toEqual(
      index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}=${m.digest}`).sort(),
    );
    const summary = rt.summaries.join('\n');
    for (const m of index.manifests) expect(summary).toContain(m.digest);
    expect(
      rt.execs.filter((e) => e.args[0] === 'bud').map((e) => e.args[e.args.indexOf('--platform') + 1]),
    ).toEqual(['linux/amd64', 'linux/arm64']);
  }, 180_000);

  it('GitHub bundle: the same through the action', async () => {
    const run = await runStep('github', join(PKG, 'dist', 'github.js'), {
      timeoutMs: 150_000,
      dir: await mkdtemp(join(work, 'github-')),
      inputs: {
        'aws-region': ECR_REGION,
        'aws-access-key-id': aws.bed.toolkitUser.accessKeyId,
        'aws-secret-access-key': aws.bed.toolkitUser.secretAccessKey,
        'role-to-assume': aws.bed.roles.pipeline.arn,
        'role-external-id': aws.bed.externalId,
        repository: 'multi/github',
        'create-repository': 'true',
        context: app,
        platforms: PLATFORMS,
        'container-cli': 'buildah',
      },
      secretInputs: ['aws-secret-access-key'],
      env: { AWS_ENDPOINT_URL: aws.endpoint, NODE_EXTRA_CA_CERTS: ecr.caFile as string, ...buildahEnv },
    });
    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    await expectIndexUnderTags('multi/github', ['aaaaaaa', 'latest'], run.main.outputs.digest);
    expect(run.main.outputs['platform-digests']).toMatch(
      /^linux\/amd64=sha256:[0-9a-f]{64},linux\/arm64=sha256:/,
    );
  }, 180_000);

  it('Azure bundle (docker found first, no buildx here): builds the platforms with buildah instead', async () => {
    const run = await runStep('azure', join(PKG, 'dist', 'azure.js'), {
      timeoutMs: 150_000,
      dir: await mkdtemp(join(work, 'azure-')),
      endpoints: {
        'aws-conn': {
          scheme: 'UsernamePassword',
          parameters: {
            username: aws.bed.toolkitUser.accessKeyId,
            password: aws.bed.toolkitUser.secretAccessKey,
            assumeRoleArn: aws.bed.roles.pipeline.arn,
            externalId: aws.bed.externalId,
          },
        },
      },
      inputs: {
        awsCredentials: 'aws-conn',
        regionName: ECR_REGION,
        repositoryName: 'multi/azure',
        autoCreateRepository: 'true',
        pushTag: 'azure-1',
        buildContext: app,
        platforms: PLATFORMS,
      },
      env: {
        AWS_ENDPOINT_URL: aws.endpoint,
        NODE_EXTRA_CA_CERTS: ecr.caFile as string,
        ...buildahEnv,
        ...bed.dockerd?.env,
      },
    });
    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(run.main.visible.join('\n')).toContain(
      'docker has no buildx plugin here: the platforms are built with buildah.',
    );
    await expectIndexUnderTags('multi/azure', ['azure-1'], run.main.outputs.digest);
    expect(run.main.outputs.platformDigests).toMatch(/^linux\/amd64=sha256:/);
  }, 180_000);

  it('CLI bundle: the flags generated from action.yml', async () => {
    const env = jobEnv(aws.endpoint, ECR_REGION, {
      AWS_ACCESS_KEY_ID: aws.bed.admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: aws.bed.admin.secretAccessKey,
      NODE_EXTRA_CA_CERTS: ecr.caFile as string,
      GITLAB_CI: 'true',
      CI_COMMIT_SHA: 'd'.repeat(40),
      ...buildahEnv,
    });
    const out = await runCli(
      [
        'ecr-push',
        '--repository',
        'multi/cli',
        '--create-repository',
        'true',
        '--tags',
        'cli-1',
        '--context',
        app,
        '--platforms',
        PLATFORMS,
        '--container-cli',
        'buildah',
        '--export',
        'json',
      ],
      env,
      { timeoutMs: 150_000 },
    );
    expect(out.code, out.stderr).toBe(0);
    const outputs = (JSON.parse(out.stdout) as { outputs: Record<string, string> }).outputs;
    await expectIndexUnderTags('multi/cli', ['cli-1'], outputs.digest);
  }, 180_000);

  it('daemonless: an OCI layout holding an index is pushed as is (same index digest)', async () => {
    const rt = toolRuntime({
      repository: 'multi/layout',
      image: multi.dir,
      tags: 'v1',
      platforms: PLATFORMS,
    });
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(rt.outputs.get('digest')?.value).toBe(multi.digest);
    await expectIndexUnderTags('multi/layout', ['v1'], multi.digest);
  }, 120_000);

  it('daemonless: a layout without a listed platform is refused in one line before any push', async () => {
    const rt = toolRuntime({
      repository: 'multi/missing',
      image: multi.dir,
      platforms: 'linux/amd64,linux/s390x',
    });
    await push(rt);
    expect(failures(rt)).toEqual([
      expect.stringMatching(
        /^The image to push has no linux\/s390x \(it has: linux\/amd64, linux\/arm64\)\./,
      ),
    ]);
  }, 60_000);
});

describe('a fault in the middle of a multi-platform push', () => {
  let plain: Registry;
  let proxy: RegistryProxy;
  beforeAll(async () => {
    plain = await startRegistry({ users: [{ user: 'AWS', password: ECR_PASSWORD }] });
    proxy = await startRegistryProxy(plain.url);
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await plain?.stop();
  });

  it('leaves no tag pointing at a partial index: the second platform manifest keeps failing', async () => {
    const second = JSON.parse(
      await readFile(join(multi.dir, 'blobs', 'sha256', multi.digest.slice(7)), 'utf8'),
    ).manifests[1].digest as string;
    proxy.setPlan(({ method, path }) =>
      method === 'PUT' && path.endsWith(`/manifests/${encodeURIComponent(second)}`)
        ? { status: 500 }
        : 'pass',
    );
    const rt = toolRuntime({
      repository: 'multi/fault',
      image: multi.dir,
      tags: 'v1',
      'registry-endpoint': proxy.url,
      platforms: PLATFORMS,
    });
    await push(rt);
    expect(failures(rt)).toHaveLength(1);
    expect(failures(rt)[0]).toMatch(/HTTP 500/);
    const manifestPuts = proxy.calls().filter((c) => c.method === 'PUT' && c.path.includes('/manifests/'));
    expect(manifestPuts.some((c) => c.path.endsWith('/manifests/v1'))).toBe(false);
    await expect(
      skopeoInspectRaw(`docker://${plain.host}/multi/fault:v1`, {
        creds: { user: 'AWS', password: ECR_PASSWORD },
        tlsVerify: false,
      }),
    ).rejects.toThrow(/manifest unknown|not found/i);
    // Once the registry recovers, the same push completes and the tag names the whole index.
    proxy.setPlan(() => 'pass');
    const again = toolRuntime({
      repository: 'multi/fault',
      image: multi.dir,
      tags: 'v1',
      'registry-endpoint': proxy.url,
    });
    await push(again);
    expect(failures(again)).toEqual([]);
    const raw = (await skopeoInspectRaw(`docker://${plain.host}/multi/fault:v1`, {
      creds: { user: 'AWS', password: ECR_PASSWORD },
      tlsVerify: false,
    })) as unknown as RawIndex;
    expect(raw.manifests).toHaveLength(2);
  }, 120_000);
});

describe('build cache in ECR (cache-from / cache-to, buildah)', () => {
  /** A buildah storage of its own: a fresh runner with nothing cached locally. */
  async function freshStorage(name: string): Promise<Record<string, string>> {
    const root = join(work, `buildah-${name}`);
    await mkdir(root, { recursive: true });
    const conf = join(root, 'storage.conf');
    await writeFile(
      conf,
      `[storage]\ndriver = "vfs"\ngraphroot = "${root}/graph"\nrunroot = "${root}/run"\n`,
    );
    return { ...buildahEnv, CONTAINERS_STORAGE_CONF: conf };
  }

  it('a second build of a changed source on a fresh runner reuses the cached layers from ECR', async () => {
    const ctx = join(work, 'cached-app');
    await mkdir(ctx, { recursive: true });
    await copyFile('/bin/busybox', join(ctx, 'busybox'));
    await writeFile(
      join(ctx, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'RUN ["/bin/busybox", "sh", "-c", "/bin/busybox sleep 4; /bin/busybox echo built > /built"]',
        'COPY app.txt /app.txt',
      ].join('\n'),
    );
    const build = async (storage: string, source: string, cache: boolean) => {
      await writeFile(join(ctx, 'app.txt'), source);
      const rt = toolRuntime(
        {
          repository: 'cached/webapp',
          tags: source,
          context: ctx,
          'container-cli': 'buildah',
          'push-mode': 'cli',
          'create-repository': 'true',
          ...(cache ? { 'cache-from': 'cached/webapp-cache', 'cache-to': 'cached/webapp-cache' } : {}),
        },
        { env: await freshStorage(storage) },
      );
      const t0 = performance.now();
      await push(rt);
      expect(failures(rt)).toEqual([]);
      const bud = rt.execs.find((e) => e.args[0] === 'bud');
      return { rt, seconds: (performance.now() - t0) / 1000, args: bud?.args ?? [] };
    };
    const first = await build('first', 'v1', true);
    expect(first.args).toEqual(
      expect.arrayContaining(['--layers', '--cache-from', `${HOST}/cached/webapp-cache`]),
    );
    expect(first.rt.logText()).toMatch(/Pushing cache .*cached\/webapp-cache:/);
    const second = await build('second', 'v2', true);
    const log = second.rt.logText();
    // The layers before the change come from ECR; only the step after the change runs again.
    expect(log.match(/Cache pulled from remote/g)?.length).toBeGreaterThanOrEqual(2);
    const uncached = await build('uncached', 'v3', false);
    expect(uncached.rt.logText()).not.toMatch(/Cache pulled from remote/);
    console.log(
      `build cache: first ${first.seconds.toFixed(1)} s (cache-to), second with a changed source ${second.seconds.toFixed(1)} s (cache-from), same without the cache ${uncached.seconds.toFixed(1)} s`,
    );
    expect(second.seconds).toBeLessThan(uncached.seconds);
  }, 240_000);
});
