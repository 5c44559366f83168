import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { type CiRuntime, describeError, type RunContext } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from './ecr/index.ts';
import { type FakeRegistry, startFakeRegistry } from './ecr/testing/fake-registry.ts';
import { type EcrPushDeps, ecrPushPostStep, ecrPushStep, outputSuffix } from './step.ts';
import { fakeEcr, noEcrPublic, writeOciLayout } from './testing/fakes.ts';

type CiName = 'github' | 'azure-pipelines';
/** A CI's names for recordingRuntime: Azure's from its adapter, else the default (kebab-case) names. */
const namesOf = (ci: CiName) => (ci === 'azure-pipelines' ? AZURE_NAMES : { ci });

function runtime(inputs: Record<string, string>, ci: CiName = 'github', context: RunContext = {}) {
  const failures: string[] = [];
  const rt: CiRuntime = {
    ci,
    rules: recordingRuntime(namesOf(ci)).rules,
    context,
    tempDir: tmpdir(),
    isDebug: false,
    input: (name) => inputs[name]?.trim() || undefined,
    variable: () => undefined,
    environment: () => ({}),
    mask: () => {},
    setVariable: () => {},
    setOutput: () => {},
    state: { save: () => {}, get: () => undefined },
    exec: async () => {
      throw new Error('no tools in these tests');
    },
    log: { debug: () => {}, info: () => {}, warning: () => {}, error: () => {}, group: (_t, fn) => fn() },
    summary: async () => {},
    fail: (error) => failures.push(describeError(error)),
  };
  return { rt, failures };
}

/** Deps that must not be reached: input errors are found before any AWS call. */
const untouchable: EcrPushDeps = {
  ecr: () => Promise.reject(new Error('AWS was called')),
  ecrPublic: () => Promise.reject(new Error('AWS was called')),
  registryClient: () => {
    throw new Error('the registry was called');
  },
};

async function failureOf(inputs: Record<string, string>, ci: CiName = 'github'): Promise<string> {
  const error = await ecrPushStep(runtime(inputs, ci).rt, untouchable).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return describeError(error);
}

describe('input errors, one line each, before any AWS call', () => {
  it('an invalid repository name', async () => {
    expect(await failureOf({ repository: 'My_Repo' })).toBe(
      '"My_Repo" is not a valid repository name. Fix: Use lowercase letters, digits and . _ - / in `repository` (e.g. "my_repo"), or set `force-docker-naming-conventions` to true.',
    );
    expect(await failureOf({ repositoryName: '-x' }, 'azure-pipelines')).toMatch(
      /^"-x" is not a valid repository name\. .*`repositoryName`/,
    );
  });

  it("amazon-ecr-login's `mask-password: false` is refused: the password is never left unmasked", async () => {
    expect(await failureOf({ repository: 'prod/webapp', 'mask-password': 'false' })).toBe(
      '`mask-password: false` would leave the ECR password unmasked, which aws-ci-kit never does. Fix: Drop `mask-password` and log in with this step in the job that pushes (it needs no password from another job).',
    );
  });

  it('an invalid tag', async () => {
    expect(await failureOf({ repository: 'app', tags: 'ok\n-bad' })).toBe(
      '"-bad" is not a valid image tag. Fix: Tags in `tags` are up to 128 letters, digits, _ . - and do not start with . or -.',
    );
  });

  it('an unknown push mode', async () => {
    expect(await failureOf({ repository: 'app', 'push-mode': 'fast' })).toMatch(
      /^Input `push-mode` must be one of auto, cli, daemonless, got "fast"\./,
    );
  });

  it('nothing to push, a path with push-mode cli, a chunk below the ECR part minimum', async () => {
    expect(await failureOf({ repository: 'app' })).toMatch(
      /^Nothing to push: set `image` or build with `dockerfile`\./,
    );
    expect(await failureOf({ repository: 'app', image: import.meta.filename, 'push-mode': 'cli' })).toMatch(
      /is a path, which a container CLI cannot push\. Fix: Set `push-mode` to daemonless/,
    );
    expect(await failureOf({ repository: 'app', image: 'x', 'chunk-size-mb': '2' })).toMatch(
      /must be 0 or at least 5/,
    );
    expect(
      await failureOf(
        { repositoryName: 'app', sourceImageName: 'x', imageTagMutability: 'sometimes' },
        'azure-pipelines',
      ),
    ).toMatch(/^Input `imageTagMutability` must be one of mutable, immutable, got "sometimes"\./);
  });

  it('a non-boolean flag', async () => {
    expect(await failureOf({ repository: 'app', 'create-repository': 'sure' })).toMatch(
      /`create-repository` must be true or false/,
    );
  });
});

describe('names', () => {
  it('builds amazon-ecr-login output suffixes', () => {
    expect(outputSuffix('123456789012.dkr.ecr.us-east-1.amazonaws.com')).toBe(
      '123456789012_dkr_ecr_us_east_1_amazonaws_com',
    );
    expect(outputSuffix('public.ecr.aws')).toBe('public_ecr_aws');
  });
});

describe('post step', () => {
  it('does nothing when the main step never logged in', async () => {
    const { rt, failures } = runtime({});
    await ecrPushPostStep(rt);
    expect(failures).toEqual([]);
  });
});

describe('build secrets, not build args', () => {
  const ecrNotReached = (): EcrPushDeps => untouchable;
  /** A recording runtime on which `masked` was registered earlier (by another step's mask, or this one's). */
  function rtWith(
    inputs: Record<string, string>,
    env: Record<string, string>,
    masked: string[],
    ci: CiName = 'github',
  ) {
    const rt = recordingRuntime({ ...namesOf(ci), inputs, env });
    for (const value of masked) rt.mask(value);
    return rt;
  }
  const failure = async (rt: CiRuntime) =>
    describeError(
      await ecrPushStep(rt, ecrNotReached()).then(
        () => new Error('no failure'),
        (e: unknown) => e,
      ),
    );

  it('a build arg carrying a masked value is refused in one line naming build-secrets', async () => {
    const rt = rtWith(
      { repository: 'prod/webapp', dockerfile: 'Dockerfile', 'build-args': 'VERSION=1\nNUGET_TOKEN=tok-123' },
      {},
      ['tok-123'],
    );
    expect(await failure(rt)).toBe(
      "Build arg NUGET_TOKEN carries a secret, which the image's history would keep for anyone who can pull it. Fix: Move NUGET_TOKEN from `build-args` to `build-secrets` and read it in the Dockerfile with RUN --mount=type=secret,id=NUGET_TOKEN.",
    );
    expect(rt.execs).toEqual([]);
  });

  it('so is a bare KEY (the CLI would read it from the environment), with the Azure names', async () => {
    const rt = rtWith(
      { repositoryName: 'prod/webapp', dockerfile: 'Dockerfile', buildArgs: 'NUGET_TOKEN' },
      { NUGET_TOKEN: 'tok-456' },
      ['tok-456'],
      'azure-pipelines',
    );
    expect(await failure(rt)).toMatch(
      /^Build arg NUGET_TOKEN carries a secret, .* Fix: Move NUGET_TOKEN from `buildArgs` to `buildSecrets` /,
    );
  });

  it('a build arg that repeats a build secret is refused too; plain build args pass', async () => {
    const rt = rtWith(
      {
        repository: 'prod/webapp',
        dockerfile: 'Dockerfile',
        'build-secrets': 'NUGET_TOKEN',
        'build-args': 'VERSION=1\nTOKEN_COPY=tok-789',
      },
      { NUGET_TOKEN: 'tok-789' },
      [],
    );
    expect(await failure(rt)).toMatch(/^Build arg TOKEN_COPY carries a secret/);
    // The secret was masked before the refusal (and before anything else saw it).
    expect(rt.masks).toContain('tok-789');
  });

  it('a build secret whose variable is unset, an entry that is not a name, secrets without a build', async () => {
    expect(
      await failure(rtWith({ repository: 'app', dockerfile: 'D', 'build-secrets': 'NUGET_TOKEN' }, {}, [])),
    ).toBe(
      "Build secret NUGET_TOKEN: the variable NUGET_TOKEN is not set. Fix: Set NUGET_TOKEN in this step's environment (or as a pipeline variable) before the build.",
    );
    expect(
      await failure(
        rtWith({ repository: 'app', dockerfile: 'D', 'build-secrets': 'tok=s3cr3t value' }, {}, []),
      ),
    ).toMatch(/^`build-secrets` entry "tok=s3cr3t value" is not NAME or ID=NAME\. Fix: List variable names/);
    expect(
      await failure(rtWith({ repository: 'app', image: 'app:1', 'build-secrets': 'X' }, { X: 'v' }, [])),
    ).toMatch(/^`build-secrets` is set, but nothing is built\./);
  });
});

describe('the whole step against a fake ECR API and registry', () => {
  let work: string;
  let registry: FakeRegistry;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ecr-step-'));
    await writeOciLayout(join(work, 'layout'));
    registry = await startFakeRegistry({ login: { user: 'AWS', password: 'step-pass-4' } });
  });
  afterAll(async () => {
    await registry.stop();
    await rm(work, { recursive: true, force: true });
  });

  const deps = (): EcrPushDeps => ({
    ecr: async () => fakeEcr([{ proxyEndpoint: registry.url, password: 'step-pass-4' }]).client,
    ecrPublic: noEcrPublic,
    registryClient: (options) =>
      new RegistryClient({ ...options, retry: { maxAttempts: 1, totalMs: 10_000 } }),
  });

  it('pushes an OCI layout daemonless: login, push, outputs, summary; the post step removes the login', async () => {
    const state = new Map<string, string>();
    const rt = recordingRuntime({
      inputs: { repository: 'prod/web', image: join(work, 'layout'), tags: 'v1' },
      tempDir: work,
      state,
    });
    await ecrPushStep(rt, deps());
    expect(rt.outputs.get('image-uri')?.value).toBe(`${registry.host}/prod/web:v1`);
    expect(rt.outputs.get('digest')?.value).toMatch(/^sha256:/);
    expect(rt.outputs.get('registry')?.value).toBe(registry.host);
    expect(rt.execs).toEqual([]);
    expect(rt.unmaskedUses('step-pass-4')).toEqual([]);
    expect(rt.summaries[0]).toContain('daemonless');
    const configDir = state.get('ecrDockerConfig') ?? '';
    expect(configDir).not.toBe('');
    const post = recordingRuntime({ state });
    await ecrPushPostStep(post);
    await expect(stat(configDir)).rejects.toThrow();
  });

  /** An ECR API whose token answers once the repository was asked about (after 2 s at the latest). */
  function slowTokenEcr(token: 'ok' | 'denied') {
    const { client, calls } = fakeEcr([{ proxyEndpoint: registry.url, password: 'step-pass-4' }]);
    const asked = () => calls.some((c) => c.command === 'DescribeRepositoriesCommand');
    let overlapped: boolean | undefined;
    const send = async (command: { constructor: { name: string } }) => {
      const name = command.constructor.name;
      if (name === 'DescribeRepositoriesCommand') {
        calls.push({ command: name, input: {} });
        // Refused too with a refused token: both fail, the login's failure is the one to show.
        throw token === 'denied'
          ? Object.assign(new Error('not authorized to perform ecr:DescribeRepositories'), {
              name: 'AccessDeniedException',
              $metadata: { httpStatusCode: 400 },
            })
          : Object.assign(new Error('no such repository'), { name: 'RepositoryNotFoundException' });
      }
      if (name === 'GetAuthorizationTokenCommand') {
        for (let waited = 0; !asked() && waited < 2000; waited += 5) await sleep(5);
        overlapped = asked();
        if (token === 'denied')
          throw Object.assign(new Error('not authorized to perform ecr:GetAuthorizationToken'), {
            name: 'AccessDeniedException',
            $metadata: { httpStatusCode: 400 },
          });
      }
      return client.send(command as never);
    };
    return { client: { send } as unknown as ECRClient, calls, overlapped: () => overlapped };
  }

  it('create-repository: the repository is looked for and made while the token is asked for', async () => {
    const ecr = slowTokenEcr('ok');
    const rt = recordingRuntime({
      inputs: { repository: 'prod/new', image: join(work, 'layout'), 'create-repository': 'true' },
      tempDir: work,
    });
    await ecrPushStep(rt, { ...deps(), ecr: async () => ecr.client });
    expect(ecr.overlapped()).toBe(true);
    expect(ecr.calls.map((c) => c.command).sort()).toEqual([
      'CreateRepositoryCommand',
      'DescribeRepositoriesCommand',
      'GetAuthorizationTokenCommand',
    ]);
    expect(rt.logs.map((l) => l.message)).toContain('Created repository prod/new.');
    expect(rt.outputs.get('image-uri')?.value).toBe(`${registry.host}/prod/new:latest`);
  });

  it('create-repository with the token and the repository refused: the login is the one line shown', async () => {
    const ecr = slowTokenEcr('denied');
    const rt = recordingRuntime({
      inputs: { repository: 'prod/new2', image: join(work, 'layout'), 'create-repository': 'true' },
      tempDir: work,
    });
    const failed = await ecrPushStep(rt, { ...deps(), ecr: async () => ecr.client }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'AccessDenied' });
    expect(ecr.overlapped()).toBe(true);
    expect(describeError(failed)).toContain('ecr:GetAuthorizationToken');
    expect(describeError(failed)).not.toContain('DescribeRepositories');
  });

  it('create-repository for a host that is not ECR: refused in one line, no repository looked for or made', async () => {
    const ecr = fakeEcr([{ proxyEndpoint: registry.url, password: 'step-pass-4' }]);
    const rt = recordingRuntime({
      inputs: { repository: 'ghcr.io/org/app', image: join(work, 'layout'), 'create-repository': 'true' },
      tempDir: work,
    });
    const failed = await ecrPushStep(rt, { ...deps(), ecr: async () => ecr.client }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'RegistryNotEcr' });
    expect(ecr.calls.map((c) => c.command)).toEqual([]);
  });

  it('logs in only without a repository: outputs, nothing sent to the registry', async () => {
    const before = registry.requests.length;
    const rt = recordingRuntime({
      inputs: {},
      tempDir: work,
      exec: async () => ({ code: 1, stdout: '', stderr: '' }),
    });
    await ecrPushStep(rt, deps());
    expect(rt.outputs.get('registry')?.value).toBe(registry.host);
    expect(rt.outputs.has('image-uri')).toBe(false);
    expect(registry.requests.length).toBe(before);
  });
});
