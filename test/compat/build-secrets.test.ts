/**
 * Issue 10 item 6 through the shipped ECR bundles: a build arg whose value is a secret is refused in
 * one line that names `build-secrets` / `buildSecrets`, before any AWS call. On Azure Pipelines the
 * agent tells the task which variables are secret (the seed's NuGet token, set by the SSM task as a
 * secret variable, then expanded into `buildArgs` as `$(NUGET_TOKEN)`). The build itself, with the
 * token as a build secret that reaches no layer, is run against the registry in test/ecr/build-secrets.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertMaskedBeforeUse, runStep } from '../support/ci/index.ts';

const packages = join(import.meta.dirname, '..', '..', 'packages');
const bundle = (ci: 'github' | 'azure') => join(packages, 'ecr-push', 'dist', `${ci}.js`);
const TOKEN = 'nuget-token-from-ssm-0123456789';

beforeAll(async () => {
  await promisify(execFile)(
    'flock',
    [join(tmpdir(), 'aws-ci-kit-ecr-push-bundle.lock'), 'pnpm', '--filter', '@aws-ci-kit/ecr-push', 'bundle'],
    { cwd: packages },
  );
}, 120_000);

describe('a secret as a build arg is refused', () => {
  it('Azure Pipelines: `buildArgs: NUGET_TOKEN=$(NUGET_TOKEN)` with NUGET_TOKEN a secret variable', async () => {
    const { main } = await runStep('azure', bundle('azure'), {
      post: false,
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
      variables: { NUGET_TOKEN: { value: TOKEN, secret: true } },
      inputs: {
        regionName: 'eu-central-1',
        repositoryName: 'prod/webapp',
        dockerfile: 'Dockerfile.webapp',
        // What the agent hands the task after expanding $(NUGET_TOKEN).
        buildArgs: `VERSION=1.2.3\nNUGET_TOKEN=${TOKEN}`,
      },
      secretInputs: ['buildArgs'],
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      "Build arg NUGET_TOKEN carries a secret, which the image's history would keep for anyone who can pull it. Fix: Move NUGET_TOKEN from `buildArgs` to `buildSecrets` and read it in the Dockerfile with RUN --mount=type=secret,id=NUGET_TOKEN.",
    ]);
    expect(main.visible.join('\n')).not.toContain(TOKEN);
  }, 60_000);

  it('Azure Pipelines: the same build arg is accepted when the variable is not secret (the test can fail)', async () => {
    const { main } = await runStep('azure', bundle('azure'), {
      post: false,
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' },
      variables: { NUGET_TOKEN: { value: TOKEN } },
      inputs: {
        regionName: 'eu-central-1',
        repositoryName: 'prod/webapp',
        dockerfile: 'Dockerfile.webapp',
        buildArgs: `NUGET_TOKEN=${TOKEN}`,
      },
    });
    // It gets past the plan to the AWS call (nothing listens there), so the refusal above was the mask.
    expect(main.exitCode).toBe(1);
    expect(main.errors.join('\n')).not.toMatch(/carries a secret/);
  }, 60_000);

  it('GitHub: a build arg repeating a `build-secrets` value (masked by the step first)', async () => {
    const { main } = await runStep('github', bundle('github'), {
      post: false,
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', NUGET_TOKEN: TOKEN },
      inputs: {
        'aws-region': 'eu-central-1',
        repository: 'prod/webapp',
        dockerfile: 'Dockerfile.webapp',
        'build-secrets': 'NUGET_TOKEN',
        'build-args': `TOKEN_AGAIN=${TOKEN}`,
      },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([
      "Build arg TOKEN_AGAIN carries a secret, which the image's history would keep for anyone who can pull it. Fix: Move TOKEN_AGAIN from `build-args` to `build-secrets` and read it in the Dockerfile with RUN --mount=type=secret,id=TOKEN_AGAIN.",
    ]);
    assertMaskedBeforeUse(main.events, TOKEN);
  }, 60_000);
});
