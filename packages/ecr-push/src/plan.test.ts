import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { describeError, isCiKitError } from '@aws-ci-kit/core';
import { type RecordingRuntime, recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrPushPlan, type PushPlan, readEcrPushPlan } from './plan.ts';

let layout: string;
let archive: string;
beforeAll(async () => {
  layout = await mkdtemp(join(tmpdir(), 'layout-'));
  await writeFile(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  archive = join(layout, 'image.tar');
  await writeFile(archive, '');
});
afterAll(() => rm(layout, { recursive: true, force: true }));

const SHA = 'a'.repeat(40);
const runtimeOf = (inputs: Record<string, string>, env: Record<string, string> = {}): RecordingRuntime =>
  recordingRuntime({ inputs, env, context: { commitSha: SHA } });

async function pushPlan(inputs: Record<string, string>, rt = runtimeOf(inputs)): Promise<PushPlan> {
  const plan: EcrPushPlan = await readEcrPushPlan(rt);
  if (plan.kind !== 'push') throw new Error(`expected a push plan, got ${plan.kind}`);
  return plan;
}

/** The one line a user sees (message and fix), and the error's code. */
async function refusal(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<string> {
  const error = await readEcrPushPlan(runtimeOf(inputs, env)).then(
    () => new Error('no error'),
    (e: unknown) => e,
  );
  return `${isCiKitError(error) ? error.code : 'not a CiKitError'}: ${describeError(error)}`;
}

describe('modes', () => {
  it('no repository: log in only, with the login inputs read', async () => {
    const plan = await readEcrPushPlan(
      runtimeOf({
        registries: '111122223333, 444455556666.dkr.ecr.eu-west-1.amazonaws.com',
        'skip-logout': 'true',
      }),
    );
    expect(plan).toEqual({
      kind: 'login',
      login: {
        registryType: 'private',
        registryIds: ['111122223333', '444455556666'],
        registryEndpoint: undefined,
        containerCli: undefined,
        skipLogout: true,
        outputDockerCredentials: true,
      },
    });
  });

  it('a Dockerfile: build for one platform with the CLI and push with it (auto), or save it daemonless', async () => {
    const plan = await pushPlan({
      repository: 'prod/web',
      dockerfile: 'Dockerfile',
      platforms: 'linux/arm64',
    });
    expect(plan.image).toMatchObject({ kind: 'build', push: 'cli' });
    if (plan.image.kind !== 'build') throw new Error('not a build');
    expect(plan.image.build).toMatchObject({
      context: '.',
      dockerfile: 'Dockerfile',
      platform: 'linux/arm64',
    });
    expect(plan.image.build.labels).toEqual({ 'org.opencontainers.image.revision': SHA });
    expect(plan.tags).toEqual(['aaaaaaa', 'latest']);
    const saved = await pushPlan({ repository: 'prod/web', context: 'app', 'push-mode': 'daemonless' });
    expect(saved.image).toMatchObject({ kind: 'build', push: 'daemonless', build: { context: 'app' } });
  });

  it('a Dockerfile and several platforms: one index, built by the CLI, pushed daemonless', async () => {
    const plan = await pushPlan({
      repository: 'prod/web',
      dockerfile: 'Dockerfile',
      platforms: 'linux/amd64,linux/arm64',
      'push-mode': 'cli',
    });
    expect(plan.image).toMatchObject({ kind: 'build-platforms', platforms: ['linux/amd64', 'linux/arm64'] });
  });

  it("an engine's image: pushed by the CLI (auto), or saved and pushed daemonless", async () => {
    const plan = await pushPlan({ repository: 'prod/web', image: 'web:1', tags: 'v1,v2', 'push-tag': 'rc' });
    expect(plan.image).toEqual({ kind: 'engine', image: 'web:1', push: 'cli' });
    expect(plan.tags).toEqual(['rc', 'v1', 'v2']);
    const daemonless = await pushPlan({ repository: 'prod/web', image: 'web:1', 'push-mode': 'DAEMONLESS' });
    expect(daemonless.image).toEqual({ kind: 'engine', image: 'web:1', push: 'daemonless' });
  });

  it('an OCI layout or archive: pushed daemonless, `path:ref` naming one image of several', async () => {
    expect((await pushPlan({ repository: 'prod/web', image: layout })).image).toEqual({
      kind: 'archive',
      path: layout,
      platforms: [],
    });
    const ref = await pushPlan({
      repository: 'prod/web',
      image: `${archive}:app/web:v1`,
      platforms: 'linux/amd64,linux/arm64',
    });
    expect(ref.image).toEqual({
      kind: 'archive',
      path: archive,
      ref: 'app/web:v1',
      platforms: ['linux/amd64', 'linux/arm64'],
    });
  });

  it('a build wins over `image`: the built image is pushed', async () => {
    const plan = await pushPlan({ repository: 'prod/web', image: layout, dockerfile: 'Dockerfile' });
    expect(plan.image.kind).toBe('build');
  });

  it('push settings: repository creation, daemonless tuning, output variable', async () => {
    const plan = await pushPlan({
      repository: 'prod/web',
      image: layout,
      'create-repository': 'true',
      'image-tag-mutability': 'IMMUTABLE',
      'encryption-type': 'kms',
      'kms-key': 'alias/ecr',
      'scan-on-push': 'true',
      concurrency: '8',
      'chunk-size-mb': '16',
      compression: 'none',
      'mount-from': 'base/images',
      'output-variable': 'IMAGE_URI',
    });
    expect(plan.settings).toEqual({
      pushMode: 'auto',
      createRepository: {
        tagMutability: 'IMMUTABLE',
        scanOnPush: true,
        encryption: { type: 'KMS', kmsKey: 'alias/ecr' },
      },
      concurrency: 8,
      chunkSize: 16 * 1024 * 1024,
      mountFrom: ['base/images'],
      gzip: false,
      outputVariable: 'IMAGE_URI',
      removeImage: false,
    });
  });
});

describe("sourceImageTag, as the Azure agent passes it (task.json's default, latest, on every run)", () => {
  const plan = (inputs: Record<string, string>) =>
    pushPlan(
      {},
      recordingRuntime({
        ...AZURE_NAMES,
        inputs: { repositoryName: 'prod/webapp', imageSource: 'imagename', pushTag: '', ...inputs },
        context: { commitSha: SHA },
      }),
    );

  it('an engine image gets the default tag', async () => {
    const p = await plan({ sourceImageName: 'webapp', sourceImageTag: 'latest', pushMode: 'cli' });
    expect(p.image).toEqual({ kind: 'engine', image: 'webapp:latest', push: 'cli' });
  });

  it('a layout path ignores the default tag, and takes one the user set', async () => {
    expect((await plan({ sourceImageName: layout, sourceImageTag: 'latest' })).image).toEqual({
      kind: 'archive',
      path: layout,
      platforms: [],
    });
    expect((await plan({ sourceImageName: layout, sourceImageTag: 'v2' })).image).toEqual({
      kind: 'archive',
      path: layout,
      ref: 'v2',
      platforms: [],
    });
  });

  it('imageSource imageid pushes the image id', async () => {
    const p = await plan({ imageSource: 'imageid', sourceImageId: 'sha256:abc', sourceImageName: 'ignored' });
    expect(p.image).toEqual({ kind: 'engine', image: 'sha256:abc', push: 'cli' });
  });
});

describe('each invalid input, in one line with its fix, before any work', () => {
  const push = { repository: 'prod/web', image: 'web:1' };
  it.each([
    [
      { 'mask-password': 'false' },
      'UnmaskedPasswordRefused: `mask-password: false` would leave the ECR password unmasked, which aws-ci-kit never does. Fix: Drop `mask-password` and log in with this step in the job that pushes (it needs no password from another job).',
    ],
    [
      { 'container-cli': 'Rocket' },
      'InputInvalid: Input `container-cli` names an unknown container CLI "rocket". Fix: Set `container-cli` to auto or one of docker, podman, buildah, nerdctl.',
    ],
    [
      { 'registry-endpoint': 'https://x/y?z' },
      'InputInvalid: Input `registry-endpoint` is not a registry host or URL: "https://x/y?z". Fix: Set `registry-endpoint` to a host[:port] or https://host[:port].',
    ],
    [
      { registries: '1234' },
      'InputInvalid: Input `registries` lists "1234", which is not an AWS account id. Fix: List 12-digit account ids (or ECR registry hosts) in `registries`, separated by commas.',
    ],
    [
      { 'registry-type': 'shared' },
      'InputInvalid: Input `registry-type` must be one of private, public, got "shared". Fix: Set `registry-type` to one of private, public.',
    ],
    [
      { image: '--help' },
      'InputInvalid: Input `image` starts with "-" ("--help"), so a container CLI would read it as an option. Fix: Set `image` to an image name, path or value that does not start with "-" (write ./-name for a path).',
    ],
    [
      { labels: 'a=1, --output=x' },
      'InputInvalid: Input `labels` lists "--output=x", which a container CLI would read as an option. Fix: Remove the leading "-" from the items of `labels`.',
    ],
    [
      { 'output-variable': '1URI' },
      'InputInvalid: Input `output-variable` is not a valid variable name (environment variable names may only contain A-Z, a-z, 0-9, _ and not start with a digit): "1URI". Fix: Map the parameter to a valid name (`/path/name=VAR`). Set `output-variable` to a name such as IMAGE_URI.',
    ],
    [
      { 'kms-key': 'my key' },
      'InputInvalid: Input `kms-key` is not a KMS key id, ARN or alias: "my key". Fix: Set `kms-key` to a key id, key ARN or alias/name.',
    ],
    [
      { 'mount-from': 'Base' },
      /^RepositoryNameInvalid: "Base" is not a valid repository name\. .*`mount-from`/,
    ],
    [
      { 'chunk-size-mb': '2' },
      "InputInvalid: Input `chunk-size-mb` must be 0 or at least 5 (ECR's smallest upload part is 5 MiB). Fix: Set `chunk-size-mb` to 0 (one request per layer) or 5 or more.",
    ],
    [
      { concurrency: '99' },
      'InputInvalid: Input `concurrency` must be a whole number from 1 to 32, got "99". Fix: Set `concurrency` to a number from 1 to 32.',
    ],
    [
      { compression: 'zstd' },
      'InputInvalid: Input `compression` must be one of gzip, none, got "zstd". Fix: Set `compression` to one of gzip, none.',
    ],
    [
      { 'push-mode': 'Fast' },
      'InputInvalid: Input `push-mode` must be one of auto, cli, daemonless, got "Fast". Fix: Set `push-mode` to cli (docker push) or daemonless (registry API, no daemon).',
    ],
    [
      { 'image-tag-mutability': 'sometimes' },
      'InputInvalid: Input `image-tag-mutability` must be one of mutable, immutable, got "sometimes". Fix: Set `image-tag-mutability` to one of mutable, immutable.',
    ],
    [
      { 'encryption-type': 'rot13' },
      'InputInvalid: Input `encryption-type` must be one of aes256, kms, got "rot13". Fix: Set `encryption-type` to one of aes256, kms.',
    ],
    [
      { 'force-docker-naming-conventions': 'maybe' },
      /^InputInvalid: Input `force-docker-naming-conventions` must be true or false/,
    ],
    [{ repository: 'My_Repo' }, /^RepositoryNameInvalid: "My_Repo" is not a valid repository name\./],
    [{ tags: 'ok\n-bad' }, /^TagInvalid: "-bad" is not a valid image tag\./],
    [
      { image: '', 'push-mode': 'cli' },
      'InputMissing: Nothing to push: set `image` or build with `dockerfile`. Fix: Set `image` to a local image, an OCI layout directory or a `docker save` archive.',
    ],
    [
      { platforms: 'linux/amd64,linux/arm64' },
      'InputInvalid: `platforms` lists several platforms, but a local image is one platform. Fix: Build here (`dockerfile`) or push an OCI layout or archive holding an index.',
    ],
    [
      { 'build-secrets': 'TOKEN' },
      'InputInvalid: `build-secrets` is set, but nothing is built. Fix: Set `dockerfile` or `context` to build, or drop the secrets.',
    ],
  ] as const)('%j', async (inputs, expected) => {
    const line = await refusal({ ...push, ...inputs }, { TOKEN: 'x' });
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
  });

  it('a path with push-mode cli', async () => {
    expect(await refusal({ repository: 'prod/web', image: layout, 'push-mode': 'cli' })).toBe(
      'InputInvalid: `image` is a path, which a container CLI cannot push. Fix: Set `push-mode` to daemonless (or auto) to push an OCI layout or archive.',
    );
  });

  it('a login only checks the push inputs too', async () => {
    expect(await refusal({ 'push-mode': 'fast' })).toMatch(/^InputInvalid: Input `push-mode` must be one of/);
    expect(await refusal({ context: '-x' })).toMatch(/^InputInvalid: Input `context` starts with "-"/);
  });
});

describe('inputs the mode ignores: one warning naming them', () => {
  const warnings = async (inputs: Record<string, string>) => {
    const rt = runtimeOf({ repository: 'prod/web', image: 'web:1', ...inputs });
    await readEcrPushPlan(rt);
    return rt.logs.filter((l) => l.level === 'warning').map((l) => l.message);
  };

  it('repository settings without create-repository, a KMS key without KMS encryption', async () => {
    expect(
      await warnings({ 'kms-key': 'alias/k', 'encryption-type': 'AES256', 'create-repository': 'true' }),
    ).toEqual(['Ignored: `kms-key` (`encryption-type` is not kms).']);
    expect(
      await warnings({
        'kms-key': 'alias/k',
        'encryption-type': 'KMS',
        'image-tag-mutability': 'immutable',
        'scan-on-push': 'true',
      }),
    ).toEqual([
      'Ignored: `kms-key` (`create-repository` is off), `encryption-type` (`create-repository` is off), `image-tag-mutability` (`create-repository` is off), `scan-on-push` (`create-repository` is off).',
    ]);
  });

  it("daemonless settings when a container CLI pushes; the declared defaults (passed on every run) are not the user's", async () => {
    expect(
      await warnings({
        'push-mode': 'cli',
        'mount-from': 'base',
        compression: 'none',
        'chunk-size-mb': '8',
        concurrency: '2',
      }),
    ).toEqual([
      'Ignored: `mount-from` (a container CLI pushes), `compression` (a container CLI pushes), `chunk-size-mb` (a container CLI pushes), `concurrency` (a container CLI pushes).',
    ]);
    expect(
      await warnings({
        'push-mode': 'cli',
        compression: 'gzip',
        'chunk-size-mb': '0',
        concurrency: '4',
        'encryption-type': 'AES256',
        'image-tag-mutability': 'MUTABLE',
        'scan-on-push': 'false',
      }),
    ).toEqual([]);
  });
});
