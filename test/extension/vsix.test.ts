/** The extension package: tfx-cli builds a .vsix (offline) with the aws-ci-kit service connection type and the five tasks. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const packages = join(import.meta.dirname, '..', '..', 'packages');
const script = join(packages, 'azdo-adapter', 'scripts', 'build-vsix.mjs');
const TASKS = {
  'aws-credentials': 'AwsCiKitCredentials',
  'ecr-push': 'AwsCiKitEcrPush',
  'ssm-secret': 'AwsCiKitSsmSecret',
  'shell-script': 'AwsCiKitShellScript',
  'aws-cli': 'AwsCiKitCli',
};
let out: string;

beforeAll(async () => {
  for (const pkg of Object.keys(TASKS)) {
    await run(process.execPath, [join(packages, '..', 'scripts', 'bundle.mjs')], {
      cwd: join(packages, pkg),
    });
  }
  out = await mkdtemp(join(tmpdir(), 'vsix-'));
}, 60_000);
afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

it('packages the AWS endpoint type and every task with its bundle', async () => {
  await run(process.execPath, [script, '--out', out, '--version', '0.1.7'], { timeout: 90_000 });
  const [vsix] = await readdir(out);
  expect(vsix).toBe('aws-ci-kit.aws-ci-kit-0.1.7.vsix');
  const file = join(out, vsix!);
  const { stdout: listing } = await run('unzip', ['-Z1', file]);
  expect(listing.split('\n')).toEqual(
    expect.arrayContaining([
      'extension.vsixmanifest',
      'extension.vsomanifest',
      ...Object.keys(TASKS).flatMap((pkg) => [`tasks/${pkg}/task.json`, `tasks/${pkg}/dist/azure.js`]),
    ]),
  );
  const { stdout: vso } = await run('unzip', ['-p', file, 'extension.vsomanifest']);
  const manifest = JSON.parse(vso) as {
    contributions: Array<{
      type: string;
      properties: {
        name: string;
        authenticationSchemes?: Array<{ type: string; inputDescriptors: Array<{ id: string }> }>;
      };
    }>;
  };
  const endpoint = manifest.contributions.find((c) => c.type === 'ms.vss-endpoint.service-endpoint-type');
  // Not the Toolkit's `AWS`: both extensions install in one organisation (docs/migration.md).
  expect(endpoint?.properties.name).toBe('AwsCiKit');
  const fields = endpoint?.properties.authenticationSchemes?.flatMap((s) =>
    s.inputDescriptors.map((i) => i.id),
  );
  expect(fields).toEqual(
    expect.arrayContaining([
      'username',
      'password',
      'sessionToken',
      'assumeRoleArn',
      'externalId',
      'roleSessionName',
      'useOIDC',
      'role',
    ]),
  );
  for (const [pkg, name] of Object.entries(TASKS)) {
    const { stdout: taskJson } = await run('unzip', ['-p', file, `tasks/${pkg}/task.json`]);
    const task = JSON.parse(taskJson);
    expect(task.name).toBe(name);
    expect(task.inputs[0]).toMatchObject({ name: 'awsCredentials', type: 'connectedService:AWS' });
    expect(task.inputs[1]).toMatchObject({ name: 'awsConnection', type: 'connectedService:AwsCiKit' });
    expect(Object.keys(task.execution)).toEqual(expect.arrayContaining(['Node20_1', 'Node24']));
  }
}, 120_000);
