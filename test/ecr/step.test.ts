// The ECR step end to end through real parts: moto (IAM enforced) issues the token under the seed
// pipeline's role, the Debian registry serves moto's ECR host name over TLS on 443 and accepts the
// token through htpasswd, a private Docker engine builds and pushes, skopeo checks the result.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RecordingRuntime, runAsEntry } from '@aws-ci-kit/core/testing';
import { type EcrPushDeps, ecrPushPostStep, ecrPushStep } from '@aws-ci-kit/ecr-push';
import { openImageSource, RegistryClient } from '@aws-ci-kit/ecr-push/ecr';
import { DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildScratchImage,
  type Dockerd,
  type EcrRegistry,
  makeOciLayout,
  type OciLayout,
  skopeoCopy,
  skopeoInspect,
  skopeoInspectRaw,
  startRegistry,
  writeDockerArchive,
} from '../support/registry/index.js';
import type { EcrAwsBed } from './support/ecr-bed.ts';
import { ECR_PASSWORD, ECR_REGION, type EcrTestBed, startEcrTestBed } from './support/ecr-test-bed.ts';
import { failures, toolRuntime } from './support/tool-runtime.ts';
import { watchArgv } from './support/watch-argv.ts';

const REGION = ECR_REGION;
const PASSWORD = ECR_PASSWORD;
const SHA = '3f9c2e1d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
const HOST = `123456789012.dkr.ecr.${REGION}.amazonaws.com`;

let bed: EcrTestBed;
let aws: EcrAwsBed;
let ecr: EcrRegistry;
let dockerd: Dockerd;
let work: string;
let layout: OciLayout;

const deps = (role: 'pipeline' | 'noEcr' = 'pipeline'): EcrPushDeps => ({
  ecr: () => aws.ecr(role),
  ecrPublic: () => Promise.reject(new Error('ECR Public is not part of this bed')),
  // The production client, trusting the bed's throwaway CA (a child process would use NODE_EXTRA_CA_CERTS).
  registryClient: (options) => new RegistryClient({ ...options, ca: readFileSync(ecr.caFile as string) }),
});
/** Runs the main step as its entry would (a thrown error lands in the runtime's failures). */
const push = (rt: RecordingRuntime, role: 'pipeline' | 'noEcr' = 'pipeline') =>
  runAsEntry(rt, (r) => ecrPushStep(r, deps(role)));
/** Runs the post step with what `main` left (state, temp dir); returns its runtime. */
async function cleanUp(main: RecordingRuntime, env?: Record<string, string>): Promise<RecordingRuntime> {
  const post = toolRuntime({}, { state: main.stateMap, tempDir: main.tempDir, ...(env ? { env } : {}) });
  await runAsEntry(post, ecrPushPostStep);
  return post;
}
const access = () => ({ creds: { user: 'AWS', password: PASSWORD }, certDir: ecr.caDir as string });

beforeAll(async () => {
  bed = await startEcrTestBed('ecr-step', { engine: true });
  ({ aws, ecr, work } = bed);
  dockerd = bed.dockerd as Dockerd;
  layout = await makeOciLayout(join(work, 'layout'), { layers: 2, layerSizeMb: 2, tag: 'v1' });
}, 120_000);

afterAll(() => bed?.stop(), 60_000);

describe('the argv watcher', () => {
  it('does see a secret on a command line (so its silence below means something)', async () => {
    const { spawn } = await import('node:child_process');
    const { seen } = await watchArgv('argv-canary-secret', async () => {
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)', 'argv-canary-secret']);
      await new Promise((r) => child.on('close', r));
    });
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe('daemonless push under the seed pipeline role', () => {
  it('logs in, pushes the short SHA and latest, sets outputs and a summary; the post step cleans up', async () => {
    const rt = toolRuntime(
      { repository: 'prod/webapp', image: layout.dir, 'create-repository': 'true' },
      {
        context: {
          commitSha: SHA,
          repository: 'acme/webapp',
          serverUrl: 'https://github.com',
          repositoryUrl: 'https://github.com/acme/webapp',
        },
        debug: true,
      },
    );
    const { seen, scans } = await watchArgv(PASSWORD, () => push(rt));
    expect(failures(rt)).toEqual([]);
    expect(scans).toBeGreaterThan(0);
    expect(seen).toEqual([]);

    expect(rt.outputs.get('image-uri')?.value).toBe(`${HOST}/prod/webapp:3f9c2e1`);
    expect(rt.outputs.get('image-uris')?.value).toBe(
      `${HOST}/prod/webapp:3f9c2e1,${HOST}/prod/webapp:latest`,
    );
    expect(rt.outputs.get('tags')?.value).toBe('3f9c2e1,latest');
    expect(rt.outputs.get('digest')?.value).toBe(layout.digest);
    expect(rt.outputs.get('registry')?.value).toBe(HOST);
    // amazon-ecr-login's credential outputs, set by default as there; the password as a secret.
    expect(rt.outputs.get(`docker_password_${HOST.replace(/[^a-zA-Z0-9_]+/g, '_')}`)).toEqual({
      value: PASSWORD,
      secret: true,
    });

    for (const tag of ['3f9c2e1', 'latest']) {
      const image = await skopeoInspect(`docker://${HOST}/prod/webapp:${tag}`, access());
      expect(image.Digest).toBe(layout.digest);
    }

    expect(rt.masked.has(PASSWORD)).toBe(true);
    expect(rt.unmaskedUses(PASSWORD)).toEqual([]);
    const raw = rt.logText();
    expect(raw).not.toContain(PASSWORD);
    expect(raw).toMatch(/Created repository prod\/webapp\./);
    expect(raw).toMatch(/^layer +[0-9a-f]{12} +2\.0 MiB +uploaded /m);
    expect(rt.summaries.join('\n')).toContain(layout.digest);

    const configDir = rt.variables.get('DOCKER_CONFIG')?.value as string;
    expect(configDir.startsWith(rt.tempDir)).toBe(true);
    expect((await stat(join(configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    const config = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8'));
    expect(Object.keys(config.auths)).toContain(HOST);
    // skopeo logs in with the config the step wrote (as a later step would).
    expect(
      (
        await skopeoInspect(`docker://${HOST}/prod/webapp:latest`, {
          authFile: join(configDir, 'config.json'),
          certDir: ecr.caDir,
        })
      ).Digest,
    ).toBe(layout.digest);

    const repos = await (await aws.ecr('pipeline')).send(
      new DescribeRepositoriesCommand({ repositoryNames: ['prod/webapp'] }),
    );
    expect(repos.repositories?.[0]?.repositoryUri).toBe(`${HOST}/prod/webapp`);

    const post = await cleanUp(rt);
    expect(failures(post)).toEqual([]);
    await expect(stat(configDir)).rejects.toThrow(/ENOENT/);
  }, 120_000);

  it('pushes a 50-layer docker save archive with no warning in the log; a re-push compresses nothing', async () => {
    const archive = await writeDockerArchive(
      join(work, 'fifty.tar'),
      Array.from({ length: 50 }, (_, i) => ({ size: 4096 + i * 1000, seed: `fifty-${i}` })),
      'fifty/app:v1',
    );
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(`${w.name}: ${w.message}`);
    };
    process.on('warning', onWarning);
    try {
      const inputs = {
        repository: 'fifty/app',
        image: archive.path,
        tags: 'v1',
        'create-repository': 'true',
      };
      const cold = toolRuntime(inputs);
      await push(cold);
      expect(failures(cold)).toEqual([]);
      expect(cold.logText().match(/^gzip +/gm)).toHaveLength(50);
      const warm = toolRuntime(inputs);
      await push(warm);
      expect(failures(warm)).toEqual([]);
      expect(warm.logText().match(/^reuse +/gm)).toHaveLength(50);
      expect(warm.logText()).not.toMatch(/^gzip /m);
      for (const rt of [cold, warm]) expect(rt.logText()).not.toMatch(/Warning/);
      await new Promise((r) => setTimeout(r, 50)); // process warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    const image = await skopeoInspect(`docker://${HOST}/fifty/app:v1`, access());
    expect(image.Layers).toHaveLength(50);
    // Go's gzip reader (skopeo writing a docker archive decompresses every layer) takes the
    // multi-member layers whole: each layer it wrote hashes to its diff_id.
    const out = join(work, 'fifty-out.tar');
    await skopeoCopy(`docker://${HOST}/fifty/app:v1`, `docker-archive:${out}:fifty/app:v1`, {
      src: access(),
    });
    const pulled = await openImageSource(out);
    const layers = pulled.top.blobs.slice(1);
    expect(layers.map((l) => l.digest)).toEqual(archive.diffIds);
    for (const layer of layers) {
      const hash = createHash('sha256');
      for await (const chunk of layer.open()) hash.update(chunk as Buffer);
      expect(`sha256:${hash.digest('hex')}`).toBe(layer.digest);
    }
  }, 180_000);

  it('is refused without ecr:GetAuthorizationToken, in one line', async () => {
    const rt = toolRuntime({ repository: 'prod/webapp', image: layout.dir });
    await push(rt, 'noEcr');
    expect(failures(rt)).toHaveLength(1);
    expect(failures(rt)[0]).toMatch(
      /^Not allowed to call ecr:GetAuthorizationToken on the caller's registry\. Fix: Allow ecr:GetAuthorizationToken/,
    );
    expect(failures(rt)[0]).not.toContain('\n');
    expect(rt.outputs.size).toBe(0);
  }, 60_000);

  it('rejects a wrong repository name in one line, or normalises it on request', async () => {
    const bad = toolRuntime({ repository: 'Prod/Web App!', image: layout.dir });
    await push(bad);
    expect(failures(bad)).toEqual([
      '"Prod/Web App!" is not a valid repository name. Fix: Use lowercase letters, digits and . _ - / in `repository` (e.g. "prodwebapp"), or set `force-docker-naming-conventions` to true.',
    ]);

    const fixed = toolRuntime(
      {
        repositoryName: 'Prod/Web App!',
        sourceImageName: layout.dir,
        forceDockerNamingConventions: 'true',
        pushTag: 'v9',
        outputVariable: 'IMAGE_URI',
      },
      { ci: 'azure-pipelines', context: { commitSha: SHA } },
    );
    await push(fixed);
    expect(failures(fixed)).toEqual([]);
    // ECRPushImage semantics: pushTag alone is the one tag; outputVariable holds the pushed reference.
    // The Toolkit's normalisation drops `/` too.
    expect(fixed.variables.get('IMAGE_URI')?.value).toBe(`${HOST}/prodwebapp:v9`);
    expect(fixed.outputs.get('tags')?.value).toBe('v9');
  }, 60_000);

  it('fails in one line when the registry refuses the token (expired)', async () => {
    await ecr.addUser('AWS', 'rotated-password');
    try {
      const rt = toolRuntime({ repository: 'prod/webapp', image: layout.dir, tags: 'expired' });
      await push(rt);
      expect(failures(rt)).toHaveLength(1);
      expect(failures(rt)[0]).toMatch(
        new RegExp(
          `^The registry ${HOST.replace(/\./g, '\\.')} refused the login \\(HTTP 401\\).* Fix: The ECR token is valid for 12 hours`,
        ),
      );
      expect(rt.outputs.has('digest')).toBe(false);
    } finally {
      await ecr.addUser('AWS', PASSWORD);
    }
    await expect(skopeoInspect(`docker://${HOST}/prod/webapp:expired`, access())).rejects.toThrow(
      /manifest unknown|not found/i,
    );
  }, 60_000);

  it('creates a missing repository with the asked tag mutability, scan on push and encryption', async () => {
    const rt = toolRuntime(
      {
        repositoryName: 'prod/locked',
        sourceImageName: layout.dir,
        autoCreateRepository: 'true',
        imageTagMutability: 'IMMUTABLE',
        scanOnPush: 'true',
        encryptionType: 'KMS',
        kmsKey: 'arn:aws:kms:eu-central-1:123456789012:key/test-key',
        pushTag: 'v1',
      },
      { ci: 'azure-pipelines' },
    );
    await push(rt);
    expect(failures(rt)).toEqual([]);
    const { repositories } = await (await aws.ecr('pipeline')).send(
      new DescribeRepositoriesCommand({ repositoryNames: ['prod/locked'] }),
    );
    expect(repositories?.[0]).toMatchObject({
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: {
        encryptionType: 'KMS',
        kmsKey: 'arn:aws:kms:eu-central-1:123456789012:key/test-key',
      },
    });
    expect((await skopeoInspect(`docker://${HOST}/prod/locked:v1`, access())).Digest).toBe(layout.digest);
  }, 60_000);

  it('mounts layers from another repository with mount-from', async () => {
    const rt = toolRuntime({
      repository: 'prod/mounted',
      image: layout.dir,
      tags: 'v1',
      'mount-from': 'prod/webapp',
    });
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(rt.printed().match(/^(layer|config) .* mounted /gm)).toHaveLength(3);
    expect((await skopeoInspect(`docker://${HOST}/prod/mounted:v1`, access())).Digest).toBe(layout.digest);
  }, 60_000);

  it('sends the registry traffic to `registry-endpoint` when given (e.g. a VPC endpoint name)', async () => {
    const mirror = await startRegistry({ users: [{ user: 'AWS', password: PASSWORD }] });
    try {
      const rt = toolRuntime({
        repository: 'prod/webapp',
        image: layout.dir,
        tags: 'via-endpoint',
        'registry-endpoint': mirror.url,
      });
      await push(rt);
      expect(failures(rt)).toEqual([]);
      expect(rt.outputs.get('image-uri')?.value).toBe(`${HOST}/prod/webapp:via-endpoint`);
      const image = await skopeoInspect(`docker://${mirror.host}/prod/webapp:via-endpoint`, {
        creds: { user: 'AWS', password: PASSWORD },
        tlsVerify: false,
      });
      expect(image.Digest).toBe(layout.digest);
      await expect(skopeoInspect(`docker://${HOST}/prod/webapp:via-endpoint`, access())).rejects.toThrow();
    } finally {
      await mirror.stop();
    }
  }, 60_000);

  it('login only: amazon-ecr-login outputs by default (password masked); `output-docker-credentials: false` sets none', async () => {
    const without = toolRuntime({ 'output-docker-credentials': 'false' }, { env: dockerd.env });
    await push(without);
    expect(failures(without)).toEqual([]);
    expect(without.outputs.get('registry')?.value).toBe(HOST);
    expect([...without.outputs.keys()].some((k) => k.startsWith('docker_'))).toBe(false);
    await cleanUp(without, dockerd.env);

    const rt = toolRuntime({}, { env: dockerd.env, debug: true });
    const { seen } = await watchArgv(PASSWORD, () => push(rt));
    expect(failures(rt)).toEqual([]);
    expect(seen).toEqual([]);
    const suffix = HOST.replace(/[^a-zA-Z0-9_]+/g, '_');
    expect(rt.outputs.get('registry')?.value).toBe(HOST);
    expect(rt.outputs.get(`docker_username_${suffix}`)?.value).toBe('AWS');
    expect(rt.outputs.get(`docker_password_${suffix}`)?.value).toBe(PASSWORD);
    expect(rt.printed()).not.toContain(PASSWORD);
    expect(rt.unmaskedUses(PASSWORD)).toEqual([]);
    const login = rt.execs.find((e) => e.args[0] === 'login');
    expect(login).toMatchObject({ command: 'docker', options: { stdin: PASSWORD } });
    expect(login?.args).toEqual(['login', '--username', 'AWS', '--password-stdin', HOST]);
    const post = await cleanUp(rt, dockerd.env);
    expect(post.execs.map((e) => e.args.slice(0, 2).join(' '))).toEqual([`logout ${HOST}`]);
  }, 60_000);
});

describe('with the Docker engine', () => {
  it('builds with labels, tags the short SHA and latest, pushes with docker; no password in any argv', async () => {
    const context = join(work, 'ctx');
    await rm(context, { recursive: true, force: true });
    await mkdir(context);
    await writeFile(join(context, 'app.bin'), Buffer.alloc(512 * 1024, 7));
    await writeFile(
      join(context, 'Dockerfile.webapp'),
      'FROM scratch\nARG VERSION\nCOPY app.bin /app.bin\nLABEL version=$VERSION\n',
    );
    const rt = toolRuntime(
      {
        repository: 'prod/webapp',
        context,
        dockerfile: join(context, 'Dockerfile.webapp'),
        'build-args': 'VERSION=1.2.3',
        'push-mode': 'cli',
      },
      {
        env: dockerd.env,
        context: {
          commitSha: SHA,
          repository: 'acme/webapp',
          serverUrl: 'https://github.com',
          repositoryUrl: 'https://github.com/acme/webapp',
        },
        debug: true,
      },
    );
    const { seen } = await watchArgv(PASSWORD, () => push(rt));
    expect(failures(rt)).toEqual([]);
    expect(seen).toEqual([]);
    const digest = rt.outputs.get('digest')?.value;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const image = await skopeoInspect(`docker://${HOST}/prod/webapp:3f9c2e1`, access());
    expect(image.Digest).toBe(digest);
    expect(image.Labels).toMatchObject({
      version: '1.2.3',
      'org.opencontainers.image.source': 'https://github.com/acme/webapp',
      'org.opencontainers.image.revision': SHA,
    });
    expect((await skopeoInspect(`docker://${HOST}/prod/webapp:latest`, access())).Digest).toBe(digest);
    expect(rt.printed()).not.toContain(PASSWORD);
    expect(rt.unmaskedUses(PASSWORD)).toEqual([]);
    for (const e of rt.execs) expect(e.args.join(' ')).not.toContain(PASSWORD);
    expect(failures(await cleanUp(rt, dockerd.env))).toEqual([]);
  }, 180_000);

  it("ECRPushImage's inputs: the engine's image pushed as pushTag (latest there), removeDockerImage removes it", async () => {
    const docker = (args: string[]) =>
      promisify(execFile)('docker', args, { env: { ...process.env, ...dockerd.env } });
    await docker(['tag', `${HOST}/prod/webapp:3f9c2e1`, 'webapp-local:candidate']);
    const rt = toolRuntime(
      {
        repositoryName: 'prod/webapp',
        imageSource: 'imagename',
        sourceImageName: 'webapp-local',
        sourceImageTag: 'candidate',
        // The task's default, as the agent passes it.
        pushTag: 'latest',
        removeDockerImage: 'true',
        outputVariable: 'IMAGE_URI',
        pushMode: 'cli',
      },
      { ci: 'azure-pipelines', env: dockerd.env, context: { commitSha: SHA } },
    );
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(rt.variables.get('IMAGE_URI')?.value).toBe(`${HOST}/prod/webapp:latest`);
    expect(rt.execs.some((e) => e.args.join(' ') === 'rmi -f webapp-local:candidate')).toBe(true);
    await expect(docker(['image', 'inspect', 'webapp-local:candidate'])).rejects.toThrow(/No such image/);
    expect(failures(await cleanUp(rt, dockerd.env))).toEqual([]);
  }, 180_000);

  it('pushes a local image daemonless through docker save (the Docker 25+ OCI archive)', async () => {
    const rt = toolRuntime(
      {
        repository: 'prod/saved',
        image: `${HOST}/prod/webapp:latest`,
        'push-mode': 'daemonless',
        tags: 'saved',
      },
      { env: dockerd.env },
    );
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(rt.printed()).toMatch(/Source: docker-archive /);
    expect(rt.printed()).toMatch(/^gzip +[0-9a-f]{12} -> [0-9a-f]{12} +51\d\.\d KiB -> [\d.]+ (B|KiB)$/m);
    const raw = (await skopeoInspectRaw(`docker://${HOST}/prod/saved:saved`, access())) as {
      layers: { mediaType: string; size: number }[];
    };
    expect(raw.layers.map((l) => l.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+gzip']);
    expect(raw.layers[0]!.size).toBeLessThan(64 * 1024); // 512 KiB of one byte value, compressed
    const image = await skopeoInspect(`docker://${HOST}/prod/saved:saved`, access());
    expect(image.Digest).toBe(rt.outputs.get('digest')?.value);
    expect(image.Labels).toMatchObject({ version: '1.2.3' });
  }, 120_000);
});

describe('a docker save archive holding several images', () => {
  it('pushes the one named after the path (path:name:tag), and asks which one without a name', async () => {
    await buildScratchImage(dockerd, 'other/img:1', { layers: 2, layerSizeMb: 0.25 });
    const archive = join(work, 'two-images.tar');
    await dockerd.docker(['save', '-o', archive, 'other/img:1', `${HOST}/prod/webapp:latest`]);
    const rt = toolRuntime({
      repository: 'prod/other',
      image: `${archive}:other/img:1`,
      tags: 'picked',
    });
    await push(rt);
    expect(failures(rt)).toEqual([]);
    const image = await skopeoInspect(`docker://${HOST}/prod/other:picked`, access());
    expect(image.Layers).toHaveLength(2);

    const unnamed = toolRuntime({ repository: 'prod/other', image: archive, tags: 'which' });
    await push(unnamed);
    expect(failures(unnamed)).toHaveLength(1);
    expect(failures(unnamed)[0]).toMatch(
      /holds several images \(.*other\/img:1.*\)\. Fix: Name the one to push\.$/,
    );
  }, 120_000);
});

describe('with buildah (no daemon at all)', () => {
  it('logs in with --authfile and --password-stdin, builds, pushes with --digestfile; skopeo agrees', async () => {
    // buildah's own state stays in this test's temp dir; the registry CA is trusted the way
    // containers/image reads it (/etc/containers/certs.d/<host>/ca.crt), removed afterwards.
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
      const context = join(work, 'ctx-buildah');
      await mkdir(context, { recursive: true });
      await writeFile(join(context, 'data.bin'), Buffer.alloc(256 * 1024, 3));
      await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY data.bin /data.bin\n');
      const rt = toolRuntime(
        {
          repository: 'prod/buildah',
          context,
          dockerfile: join(context, 'Containerfile'),
          'container-cli': 'buildah',
          'push-mode': 'cli',
        },
        {
          env: { CONTAINERS_STORAGE_CONF: storageConf, BUILDAH_ISOLATION: 'chroot', STORAGE_DRIVER: 'vfs' },
          context: { commitSha: SHA },
        },
      );
      const { seen } = await watchArgv(PASSWORD, () => push(rt));
      expect(failures(rt)).toEqual([]);
      expect(seen).toEqual([]);
      const login = rt.execs.find((e) => e.args[0] === 'login');
      expect(login?.command).toBe('buildah');
      expect(login?.args.slice(0, 2)).toEqual(['login', '--authfile']);
      expect(login?.options.stdin).toBe(PASSWORD);
      const digest = rt.outputs.get('digest')?.value;
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      for (const tag of ['3f9c2e1', 'latest']) {
        expect((await skopeoInspect(`docker://${HOST}/prod/buildah:${tag}`, access())).Digest).toBe(digest);
      }
      const post = await cleanUp(rt, { CONTAINERS_STORAGE_CONF: storageConf });
      expect(post.execs.map((e) => `${e.command} ${e.args[0]}`)).toEqual(['buildah logout']);
    } finally {
      await rm(createdCertsD ? certsD : certDir, { recursive: true, force: true });
      await rm(root, { recursive: true, force: true }).catch(() => undefined);
    }
  }, 180_000);
});
