/**
 * Issue 10 "done when": the incumbents' README examples (the workflow snippets their users copy),
 * kept as data with their source in readme-examples/, run unchanged against our bundles with only
 * the `uses:` names changed, against moto (IAM enforced, OIDC verified by the loopback issuer), the
 * TLS registry under the ECR host name and a private Docker engine; the result is what the
 * incumbent documents (here: the image the snippet's own `docker push` pushed, read back with skopeo).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  BUNDLES,
  buildBundles,
  type CredentialsBed,
  startCredentialsBed,
} from '../credentials/support/bed.ts';
import { lockEcrHostname } from '../ecr/support/ecr-hostname-lock.ts';
import { PIPELINE_ACTIONS } from '../support/aws/seed.ts';
import { assertMaskedBeforeUse } from '../support/ci/index.ts';
import {
  type Dockerd,
  type EcrRegistry,
  makeTempDir,
  motoEcrPassword,
  skopeoInspect,
  startDockerd,
  withEcrHostname,
} from '../support/registry/index.js';
import { runGithubJob, type WorkflowStep } from './support/run-github-job.ts';

const ECR_BUNDLE = join(import.meta.dirname, '../../packages/ecr-push/dist/github.js');
const ECR_PKG = join(import.meta.dirname, '../../packages/ecr-push');

interface Example {
  source: { repository: string; file: string; commit: string; sections: string[] };
  steps: WorkflowStep[];
}
/**
 * The READMEs' placeholders, replaced as every user of a snippet does: the account (moto's), and the
 * region (our credentials step takes only region codes of the form xx-name-N: `aws-region-1` is
 * refused in one line).
 */
const PLACEHOLDERS: Record<string, string> = {
  'aws-region-1': 'eu-central-1',
  '123456789100': '123456789012',
};
const example = async (file: string): Promise<Example> =>
  parse(
    Object.entries(PLACEHOLDERS).reduce(
      (text, [placeholder, value]) => text.replaceAll(placeholder, value),
      await readFile(join(import.meta.dirname, 'readme-examples', file), 'utf8'),
    ),
  ) as Example;
const credentialsExample = await example('configure-aws-credentials.overview.yml');
const loginExample = await example('amazon-ecr-login.build-and-push.yml');

let t: CredentialsBed;
let unlock: () => Promise<void>;
let ecr: EcrRegistry;
let dockerd: Dockerd;
let work: string;

/** The role the README names, created as its users would (trusting the OIDC provider). */
async function createReadmeRole(name: string): Promise<void> {
  const iam = new IAMClient({
    endpoint: t.moto.endpoint,
    region: t.bed.region,
    credentials: { accessKeyId: t.bed.admin.accessKeyId, secretAccessKey: t.bed.admin.secretAccessKey },
  });
  try {
    await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: t.bed.oidc.providerArn },
              Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
            },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: `${name}-policy`,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: [...PIPELINE_ACTIONS], Resource: '*' }],
        }),
      }),
    );
  } finally {
    iam.destroy();
  }
}

beforeAll(async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  await promisify(execFile)(process.execPath, ['../../scripts/bundle.mjs'], { cwd: ECR_PKG });
  unlock = await lockEcrHostname();
  work = await makeTempDir('readme-examples');
  [t] = await Promise.all([startCredentialsBed(), buildBundles()]);
  await createReadmeRole('my-github-actions-role');
}, 180_000);

afterAll(async () => {
  await dockerd?.stop();
  await ecr?.stop();
  await t?.stop();
  if (work) await rm(work, { recursive: true, force: true });
  await unlock?.();
}, 60_000);

describe(`${credentialsExample.source.repository} README (${credentialsExample.source.commit.slice(0, 7)})`, () => {
  it('"Overview": the step runs unchanged but for `uses:`; the AWS CLI in the next step is the role', async () => {
    const dir = await mkdtemp(join(work, 'job-'));
    const results = await runGithubJob(
      [
        ...credentialsExample.steps,
        {
          name: 'AWS CLI (the README: "for use by other steps")',
          run: 'aws sts get-caller-identity --output json',
        },
      ],
      {
        actions: { 'aws-actions/configure-aws-credentials': BUNDLES.github },
        env: {
          PATH: process.env.PATH as string,
          AWS_ENDPOINT_URL: t.endpoint,
          AWS_EC2_METADATA_DISABLED: 'true',
          ACTIONS_ID_TOKEN_REQUEST_URL: t.oidc.githubRequestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.oidc.githubRequestToken,
        },
        dir,
        workspace: dir,
      },
    );
    const step = results[0]?.view;
    // What the README documents: AssumeRoleWithWebIdentity, then region and credentials exported.
    expect(t.webIdentityCalls.at(-1)).toMatchObject({
      roleArn: 'arn:aws:iam::123456789012:role/my-github-actions-role',
    });
    expect(step?.variables).toMatchObject({ AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'us-east-2' });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      expect(step?.variables[name], name).toBeTruthy();
    }
    assertMaskedBeforeUse(step?.events ?? [], step?.variables.AWS_SECRET_ACCESS_KEY as string);
    const identity = JSON.parse(results[1]?.stdout ?? '{}') as { Arn?: string };
    // The default session name there: GitHubActions.
    expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/my-github-actions-role/GitHubActions');
  }, 120_000);
});

describe(`${loginExample.source.repository} README (${loginExample.source.commit.slice(0, 7)})`, () => {
  it('"Login to Amazon ECR Private, then build and push a Docker image" runs unchanged but for `uses:`', async () => {
    // The snippet's region: the registry answers under that region's ECR host name.
    const region = String(loginExample.steps.find((s) => s.with?.['aws-region'])?.with?.['aws-region']);
    ecr = await withEcrHostname(region);
    await ecr.addUser('AWS', motoEcrPassword());
    dockerd = await startDockerd({ caCerts: [{ host: ecr.host, caFile: ecr.caFile as string }] });

    // actions/checkout: the repository's work tree, with the Dockerfile the snippet builds.
    const workspace = join(work, 'workspace');
    await mkdir(workspace, { recursive: true });
    await writeFile(join(workspace, 'index.html'), '<h1>my app</h1>\n');
    await writeFile(join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY index.html /srv/index.html\n');
    const dir = await mkdtemp(join(work, 'job-'));
    await copyFile(ecr.caFile as string, join(dir, 'registry-ca.pem'));

    const results = await runGithubJob(loginExample.steps, {
      actions: {
        'actions/checkout': null,
        'aws-actions/configure-aws-credentials': BUNDLES.github,
        'aws-actions/amazon-ecr-login': ECR_BUNDLE,
      },
      env: {
        PATH: process.env.PATH as string,
        AWS_ENDPOINT_URL: t.endpoint,
        ACTIONS_ID_TOKEN_REQUEST_URL: t.oidc.githubRequestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: t.oidc.githubRequestToken,
        NODE_EXTRA_CA_CERTS: join(dir, 'registry-ca.pem'),
        // The runner's engine (the classic builder: no buildx plugin on this machine).
        DOCKER_HOST: dockerd.host,
        DOCKER_BUILDKIT: '0',
      },
      dir,
      workspace,
    });

    // configure-aws-credentials: the README's role, through the GitHub OIDC token.
    const credentials = results[1]?.view;
    expect(credentials?.variables.AWS_REGION).toBe(region);
    expect(t.webIdentityCalls.at(-1)).toMatchObject({
      roleArn: 'arn:aws:iam::123456789012:role/my-github-actions-role',
    });
    assertMaskedBeforeUse(credentials?.events ?? [], credentials?.variables.AWS_SECRET_ACCESS_KEY as string);
    // amazon-ecr-login: the registry output the snippet reads, the password masked.
    const login = results[2]?.view;
    const registry = `123456789012.dkr.ecr.${region}.amazonaws.com`;
    expect(login?.outputs.registry).toBe(registry);
    assertMaskedBeforeUse(login?.events ?? [], motoEcrPassword());
    // The snippet's own docker build and docker push, with no login of their own.
    expect(results[3]?.stdout).toMatch(/digest: sha256:[0-9a-f]{64}/);
    const pushed = await skopeoInspect(`docker://${registry}/my-ecr-repo:${'a'.repeat(40)}`, {
      creds: { user: 'AWS', password: motoEcrPassword() },
      certDir: ecr.caDir as string,
    });
    expect(pushed.Digest).toBe(/digest: (sha256:[0-9a-f]{64})/.exec(results[3]?.stdout ?? '')?.[1]);
  }, 240_000);
});
