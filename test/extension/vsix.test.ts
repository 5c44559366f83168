/**
 * The extension package: tfx-cli builds a .vsix (offline) with the aws-ci-kit service connection type (AwsCiKit), the five
 * tasks with their icons, the extension icon and the Marketplace overview, without a single tfx warning;
 * publisher and visibility come from marketplace/publish.json.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
  const { stdout, stderr } = await run(process.execPath, [script, '--out', out, '--version', '0.1.7'], {
    timeout: 90_000,
  });
  expect(`${stdout}${stderr}`).not.toMatch(/warn/i);
  const [vsix] = await readdir(out);
  expect(vsix).toBe('aws-ci-kit.aws-ci-kit-0.1.7.vsix');
  const file = join(out, vsix!);
  const { stdout: listing } = await run('unzip', ['-Z1', file]);
  expect(listing.split('\n')).toEqual(
    expect.arrayContaining([
      'extension.vsixmanifest',
      'extension.vsomanifest',
      'marketplace/icon.png',
      'marketplace/overview.md',
      ...Object.keys(TASKS).flatMap((pkg) => [
        `tasks/${pkg}/task.json`,
        `tasks/${pkg}/icon.png`,
        `tasks/${pkg}/dist/azure.js`,
        // ES modules: the package.json that says so, and the chunks azure.js loads on demand.
        `tasks/${pkg}/dist/package.json`,
        `tasks/${pkg}/dist/THIRD_PARTY_NOTICES.md`,
      ]),
    ]),
  );
  for (const pkg of Object.keys(TASKS)) {
    const chunks = listing.split('\n').filter((name) => name.startsWith(`tasks/${pkg}/dist/chunks/`));
    expect(chunks.length, pkg).toBeGreaterThan(0);
  }
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

it('declares the icon and the overview as Marketplace assets, with the publisher and visibility of marketplace/publish.json', async () => {
  const [vsix] = await readdir(out);
  const file = join(out, vsix!);
  const { stdout: xml } = await run('unzip', ['-p', file, 'extension.vsixmanifest']);
  expect(xml).toContain('<Icon>marketplace/icon.png</Icon>');
  expect(xml).toMatch(
    /Type="Microsoft\.VisualStudio\.Services\.Icons\.Default"[^>]*Path="marketplace\/icon\.png"/,
  );
  expect(xml).toMatch(
    /Type="Microsoft\.VisualStudio\.Services\.Content\.Details"[^>]*Path="marketplace\/overview\.md"/,
  );
  const publish = JSON.parse(
    await readFile(join(packages, 'azdo-adapter', 'marketplace', 'publish.json'), 'utf8'),
  );
  expect(xml).toContain(`Publisher="${publish.publisher}"`);
  expect(/<GalleryFlags>[^<]*Public/.test(xml)).toBe(publish.public);
  const { stdout: icon } = await run('unzip', ['-p', file, 'marketplace/icon.png'], { encoding: 'latin1' });
  const png = Buffer.from(icon, 'latin1');
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
  const { stdout: overview } = await run('unzip', ['-p', file, 'marketplace/overview.md']);
  expect(overview).toMatch(/^# aws-ci-kit for Azure Pipelines/);
  // tfx's own --publisher would be a second source: the manifest in the repository carries neither field.
  const manifest = JSON.parse(await readFile(join(packages, 'azdo-adapter', 'vss-extension.json'), 'utf8'));
  expect(manifest).not.toHaveProperty('publisher');
  expect(manifest).not.toHaveProperty('public');
});

it('fails on any tfx warning (a task tfx finds invalid)', async () => {
  const copy = await mkdtemp(join(tmpdir(), 'vsix-warn-'));
  try {
    for (const pkg of Object.keys(TASKS)) {
      await cp(join(packages, pkg, 'task.json'), join(copy, pkg, 'task.json'));
      await cp(join(packages, pkg, 'icon.png'), join(copy, pkg, 'icon.png'));
      await cp(join(packages, pkg, 'dist', 'azure.js'), join(copy, pkg, 'dist', 'azure.js'));
    }
    const taskFile = join(copy, 'ssm-secret', 'task.json');
    const task = JSON.parse(await readFile(taskFile, 'utf8'));
    await writeFile(
      taskFile,
      JSON.stringify({ ...task, friendlyName: `${task.friendlyName} with a longer name` }),
    );
    const failure = await run(
      process.execPath,
      [script, '--out', join(copy, 'out'), '--packages-dir', copy],
      {
        timeout: 90_000,
      },
    ).then(
      () => undefined,
      (error: { stdout: string; stderr: string; code: number }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/warning: .*friendlyName/);
    expect(failure?.stderr).toMatch(/tfx printed \d+ warning line/);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}, 120_000);
