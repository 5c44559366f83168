import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../support/aws/clients.ts';
import { assertMaskedBeforeUse, type Ci, runStep } from '../support/ci/index.ts';
import { BUNDLES, buildBundles, type CredentialsBed, startCredentialsBed } from './support/bed.ts';
import { NAMES } from './support/names.ts';

const run = promisify(execFile);
let t: CredentialsBed;

beforeAll(async () => {
  [t] = await Promise.all([startCredentialsBed(), buildBundles()]);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe.each(['github', 'azure'] as const)('keys as step inputs on %s', (ci: Ci) => {
  const n = NAMES[ci];

  it('assumes the pipeline role with the external id, exports masked credentials, restores in post', async () => {
    const { bed } = t;
    const result = await runStep(ci, BUNDLES[ci], {
      debug: true,
      secretInputs: [n.keyId, n.secret],
      env: { AWS_ENDPOINT_URL: t.endpoint, AWS_REGION: 'us-west-2' },
      inputs: {
        [n.region]: bed.region,
        [n.keyId]: bed.toolkitUser.accessKeyId,
        [n.secret]: bed.toolkitUser.secretAccessKey,
        [n.role]: bed.roles.pipeline.arn,
        [n.externalId]: bed.externalId,
      },
    });
    const { main, post } = result;
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    const v = main.variables;
    expect(v.AWS_REGION).toBe(bed.region);
    expect(v.AWS_DEFAULT_REGION).toBe(bed.region);
    expect(v.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(main.outputs[n.accountOutput]).toBe(bed.accountId);
    expect(main.outputs[n.arnOutput]).toMatch(/^arn:aws:sts::123456789012:assumed-role\/pipeline-role\//);

    // Every secret was masked before it appeared anywhere the CI logs or stores.
    for (const secret of [
      bed.toolkitUser.secretAccessKey,
      bed.toolkitUser.accessKeyId,
      v.AWS_ACCESS_KEY_ID!,
      v.AWS_SECRET_ACCESS_KEY!,
      v.AWS_SESSION_TOKEN!,
    ]) {
      assertMaskedBeforeUse(main.events, secret);
      assertMaskedBeforeUse(post!.events, secret);
    }

    // The AWS CLI, with only what the step exported, sees the assumed role.
    const { stdout } = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], {
      env: cliEnv(
        { endpoint: t.endpoint, region: bed.region },
        {
          AWS_ACCESS_KEY_ID: v.AWS_ACCESS_KEY_ID,
          AWS_SECRET_ACCESS_KEY: v.AWS_SECRET_ACCESS_KEY,
          AWS_SESSION_TOKEN: v.AWS_SESSION_TOKEN,
        },
      ),
    });
    expect(JSON.parse(stdout).Arn).toBe(main.outputs[n.arnOutput]);

    // Post restores the previous values: AWS_REGION existed (us-west-2), the keys did not.
    expect(post!.exitCode).toBe(0);
    expect(post!.variables.AWS_REGION).toBe('us-west-2');
    expect(post!.variables.AWS_ACCESS_KEY_ID).toBe('');
    expect(post!.variables.AWS_SECRET_ACCESS_KEY).toBe('');
  }, 60_000);

  it('refuses a wrong external id at once, in one line', async () => {
    const { bed } = t;
    const { main } = await runStep(ci, BUNDLES[ci], {
      env: { AWS_ENDPOINT_URL: t.endpoint },
      inputs: {
        [n.region]: bed.region,
        [n.keyId]: bed.toolkitUser.accessKeyId,
        [n.secret]: bed.toolkitUser.secretAccessKey,
        [n.role]: bed.roles.pipeline.arn,
        [n.externalId]: 'ext-wrong',
      },
    });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toHaveLength(1);
    expect(main.errors[0]).toMatch(
      /^AssumeRole on arn:aws:iam::123456789012:role\/pipeline-role .* failed: AccessDenied: .* Fix: /,
    );
    expect(main.errors[0]).not.toContain('\n');
    expect(main.variables.AWS_ACCESS_KEY_ID).toBeUndefined();
  }, 60_000);
});
