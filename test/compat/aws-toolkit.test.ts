/**
 * AWS Toolkit for Azure DevOps compatibility: every input of ECRPushImage, SystemsManagerGetParameter,
 * AWSCLI and AWSShellScript and every field of the `AWS` service connection (facts in
 * incumbents/aws-toolkit-azure-devops.json, with the version and commit they come from) is taken by
 * our task with the Toolkit's default, except the differences listed here, each with its reason and
 * its test. The service connection's behaviour (session name, duration, useOIDC precedence) and
 * logRequest/logResponse run through the Azure bundles against moto (IAM enforced).
 * A new Toolkit input makes the first tests fail until it is handled.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLES,
  buildBundles,
  type CredentialsBed,
  startCredentialsBed,
} from '../credentials/support/bed.ts';
import { toolkitConnection } from '../support/aws/clients.ts';
import { assertMaskedBeforeUse, type CiRun, runStep } from '../support/ci/index.ts';

interface TaskFacts {
  readonly inputs: Record<string, { type: string; default?: string }>;
}
const packages = join(import.meta.dirname, '..', '..', 'packages');
const toolkit = JSON.parse(
  await readFile(join(import.meta.dirname, 'incumbents/aws-toolkit-azure-devops.json'), 'utf8'),
) as {
  source: { version: string; commit: string };
  serviceConnection: { endpointType: string; authenticationSchemes: Record<string, string[]> };
  tasks: Record<string, TaskFacts>;
};
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

/** Which of our packages replaces each Toolkit task. */
const OUR_TASK: Record<string, string> = {
  ECRPushImage: 'ecr-push',
  SystemsManagerGetParameter: 'ssm-secret',
  AWSCLI: 'aws-cli',
  AWSShellScript: 'shell-script',
};

/**
 * Intentional differences from the Toolkit's manifest (docs/migration.md), each with its test.
 * `regionName` is a free string here (a pick list of regions there): any region code is accepted.
 */
const DIFFERENCES: Record<string, string> = {
  'ECRPushImage.regionName': 'type string, not pickList (same values)',
  'SystemsManagerGetParameter.regionName': 'type string, not pickList (same values)',
  'AWSCLI.regionName': 'type string, not pickList (same values)',
  'AWSShellScript.regionName': 'type string, not pickList (same values)',
  'ECRPushImage.pushTag':
    'no default (latest there): unset, the short SHA and latest are pushed; set, the one tag as there (test/reliability/readme-defaults.test.ts)',
};

let t: CredentialsBed;
const CONNECTION = 'AWS-serviceConnection';

beforeAll(async () => {
  const bundle = (pkg: string) =>
    promisify(execFile)(
      'flock',
      [join(tmpdir(), `aws-ci-kit-${pkg}-bundle.lock`), 'pnpm', '--filter', `@aws-ci-kit/${pkg}`, 'bundle'],
      { cwd: packages },
    );
  [t] = await Promise.all([startCredentialsBed(), buildBundles(), bundle('ssm-secret')]);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

function assumeRoleBodies(start: number): Array<Record<string, string>> {
  return t.proxy
    .calls()
    .slice(start)
    .filter((c) => c.action === 'AssumeRole')
    .map((c) => Object.fromEntries(new URLSearchParams(c.body)));
}

async function credentials(
  connection: { scheme: string; parameters: Record<string, string> },
  extra: {
    variables?: Record<string, { value: string; secret?: boolean }>;
    input?: string;
    env?: Record<string, string>;
  } = {},
): Promise<CiRun & { assumeRole: Array<Record<string, string>> }> {
  const start = t.proxy.calls().length;
  const result = await runStep('azure', BUNDLES.azure, {
    post: false,
    env: { AWS_ENDPOINT_URL: t.endpoint, ...extra.env },
    ...(extra.variables ? { variables: extra.variables } : {}),
    endpoints: { [CONNECTION]: connection },
    inputs: { [extra.input ?? 'awsCredentials']: CONNECTION, regionName: t.bed.region },
  });
  return { ...result, assumeRole: assumeRoleBodies(start) };
}

describe(`AWS Toolkit for Azure DevOps ${toolkit.source.version} (${toolkit.source.commit.slice(0, 7)})`, () => {
  for (const [name, facts] of Object.entries(toolkit.tasks)) {
    it(`${name}: every input is taken by ${OUR_TASK[name] ?? '(no task)'} with the Toolkit's type and default`, async () => {
      const pkg = OUR_TASK[name];
      expect(pkg, `no aws-ci-kit task replaces ${name}`).toBeDefined();
      const ours = (await readJson(join(packages, pkg as string, 'task.json'))) as {
        inputs: Array<{ name: string; type: string; defaultValue?: string }>;
      };
      const byName = new Map(ours.inputs.map((i) => [i.name, i]));
      for (const [input, spec] of Object.entries(facts.inputs)) {
        const mine = byName.get(input);
        expect(mine, `${name}.${input} is not an input of ${pkg}/task.json`).toBeDefined();
        if (DIFFERENCES[`${name}.${input}`]) continue;
        expect(mine?.type, `${name}.${input} type`).toBe(spec.type);
        // A boolean without a default is false there.
        const theirs = spec.default ?? (spec.type === 'boolean' ? 'false' : undefined);
        expect(
          mine?.defaultValue || (spec.type === 'boolean' ? 'false' : undefined),
          `${name}.${input} default`,
        ).toBe(theirs);
      }
    });
  }

  it("our endpoint type has every field of the Toolkit's `AWS` connection, under another name", async () => {
    const extension = await readJson(join(packages, 'azdo-adapter', 'vss-extension.json'));
    const endpoint = extension.contributions.find(
      (c: { type: string }) => c.type === 'ms.vss-endpoint.service-endpoint-type',
    );
    expect(endpoint.properties.name).toBe('AwsCiKit');
    expect(endpoint.properties.name).not.toBe(toolkit.serviceConnection.endpointType);
    const ours = endpoint.properties.authenticationSchemes.flatMap(
      (s: { inputDescriptors: Array<{ id: string }> }) => s.inputDescriptors.map((i) => i.id),
    );
    for (const fields of Object.values(toolkit.serviceConnection.authenticationSchemes)) {
      expect(ours).toEqual(expect.arrayContaining(fields));
    }
  });

  describe('the service connection, as the Toolkit reads it', () => {
    it("a role without a session name: `aws-vsts-tools`, the Toolkit's default", async () => {
      const r = await credentials(toolkitConnection(t.bed));
      expect(r.main.errors).toEqual([]);
      expect(r.assumeRole[0]?.RoleSessionName).toBe('aws-vsts-tools');
      expect(r.main.outputs.authenticatedArn).toBe(
        'arn:aws:sts::123456789012:assumed-role/pipeline-role/aws-vsts-tools',
      );
      const named = await credentials(toolkitConnection(t.bed, { roleSessionName: 'release-7' }));
      expect(named.assumeRole[0]?.RoleSessionName).toBe('release-7');
    }, 60_000);

    it('role duration: 3600 s (intentional: the Toolkit’s 900 s is a known defect), aws.rolecredential.maxduration as there', async () => {
      const r = await credentials(toolkitConnection(t.bed));
      expect(r.assumeRole[0]?.DurationSeconds).toBe('3600');
      const pinned = await credentials(toolkitConnection(t.bed), {
        variables: { 'aws.rolecredential.maxduration': { value: '900' } },
      });
      expect(pinned.assumeRole[0]?.DurationSeconds).toBe('900');
    }, 60_000);

    it('useOIDC with keys on the connection: the keys are used, no token is requested (as the Toolkit)', async () => {
      const before = t.oidc.requests().length;
      const r = await credentials(toolkitConnection(t.bed, { useOIDC: 'true' }), {
        env: { SYSTEM_OIDCREQUESTURI: t.oidc.azureRequestUri },
        variables: { 'System.AccessToken': { value: t.oidc.azureAccessToken, secret: true } },
      });
      expect(r.main.errors).toEqual([]);
      expect(t.oidc.requests().length).toBe(before);
      expect(r.assumeRole).toHaveLength(1);
    }, 60_000);

    it('useOIDC without keys: the OIDC token of the connection is exchanged for its role', async () => {
      const before = t.oidc.requests().length;
      const r = await credentials(
        {
          scheme: 'UsernamePassword',
          parameters: { useOIDC: 'true', assumeRoleArn: t.bed.roles.pipeline.arn },
        },
        {
          env: { SYSTEM_OIDCREQUESTURI: t.oidc.azureRequestUri },
          variables: { 'System.AccessToken': { value: t.oidc.azureAccessToken, secret: true } },
        },
      );
      expect(r.main.errors).toEqual([]);
      expect(t.oidc.requests().slice(before)).toEqual([
        { ci: 'azure', serviceConnectionId: CONNECTION, status: 200 },
      ]);
    }, 60_000);

    it('an aws-ci-kit connection (type AwsCiKit) in `awsConnection` works the same', async () => {
      const r = await credentials(toolkitConnection(t.bed), { input: 'awsConnection' });
      expect(r.main.errors).toEqual([]);
      expect(r.main.outputs.authenticatedArn).toBe(
        'arn:aws:sts::123456789012:assumed-role/pipeline-role/aws-vsts-tools',
      );
    }, 60_000);
  });

  it('logRequest / logResponse print each AWS call, the parameter value never shown', async () => {
    const name = '/serenity/production/VSS_NUGET_ACCESSTOKEN';
    const run = (log: 'true' | 'false') =>
      runStep('azure', join(packages, 'ssm-secret', 'dist', 'azure.js'), {
        post: false,
        env: { AWS_ENDPOINT_URL: t.endpoint },
        endpoints: { [CONNECTION]: toolkitConnection(t.bed) },
        inputs: {
          awsCredentials: CONNECTION,
          regionName: t.bed.region,
          readMode: 'single',
          parameterName: name,
          logRequest: log,
          logResponse: log,
        },
      });
    const quiet = await run('false');
    expect(quiet.main.errors).toEqual([]);
    expect(quiet.main.lines.filter((l) => l.startsWith('AWS re'))).toEqual([]);
    const r = await run('true');
    expect(r.main.errors).toEqual([]);
    const request = r.main.lines.find((l) => /^AWS request: SSM GetParameters? /.test(l));
    const response = r.main.lines.find((l) => /^AWS response: SSM GetParameters? \(HTTP 200\) /.test(l));
    expect(request).toContain(name);
    expect(response).toContain('***SensitiveInformation***');
    const value = t.bed.parameters[name] as string;
    for (const line of r.main.lines.filter((l) => l.startsWith('AWS re'))) expect(line).not.toContain(value);
    assertMaskedBeforeUse(r.main.events, value);
  }, 60_000);
});
