/**
 * AwsCiKitShellScript and AwsCiKitCli (AWSShellScript@1 / AWSCLI@1 replacements) through their Azure
 * bundles, with the seed's service connection against moto (IAM enforced) and the real `aws` CLI
 * (v1 on PATH, honouring AWS_ENDPOINT_URL): the credentials reach the script's / CLI's own
 * environment only, masked before it starts; nothing is exported to later steps.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, toolkitConnection } from '../support/aws/clients.ts';
import { type MotoServer, startMoto } from '../support/aws/moto.ts';
import { type AwsBed, seedAwsBed } from '../support/aws/seed.ts';
import { assertMaskedBeforeUse, type CiRun, runStep } from '../support/ci/index.ts';

const packages = join(import.meta.dirname, '..', '..', 'packages');
const SHELL = join(packages, 'shell-script', 'dist', 'azure.js');
const CLI = join(packages, 'aws-cli', 'dist', 'azure.js');
const TOKEN_PARAMETER = '/serenity/production/VSS_NUGET_ACCESSTOKEN';
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
];

let moto: MotoServer;
let bed: AwsBed;

beforeAll(async () => {
  const bundle = (pkg: string) =>
    promisify(execFile)(
      'flock',
      [join(tmpdir(), `aws-ci-kit-${pkg}-bundle.lock`), 'pnpm', '--filter', `@aws-ci-kit/${pkg}`, 'bundle'],
      { cwd: packages },
    );
  moto = await startMoto();
  [bed] = await Promise.all([seedAwsBed(moto.endpoint), bundle('shell-script'), bundle('aws-cli')]);
  // A parameter whose value is a pipeline command: the CLI task must never let it act.
  await new SSMClient(clientConfig({ endpoint: moto.endpoint, region: bed.region }, bed.admin)).send(
    new PutParameterCommand({
      Name: '/compat/command-in-value',
      Type: 'String',
      Value: '##vso[task.setvariable variable=PWNED]yes',
    }),
  );
  await moto.enforceAuth();
}, 120_000);
afterAll(async () => {
  await moto?.stop();
});

const connection = () => ({
  endpoints: { 'AWS-serviceConnection': toolkitConnection(bed) },
  env: { AWS_ENDPOINT_URL: moto.endpoint },
});
const inputs = { awsCredentials: 'AWS-serviceConnection', regionName: 'eu-central-1' };

/** The connection's keys and the session the script received: masked before anything showed them. */
function expectMasked(result: CiRun, extra: readonly string[]): void {
  for (const secret of [bed.toolkitUser.accessKeyId, bed.toolkitUser.secretAccessKey, ...extra]) {
    assertMaskedBeforeUse(result.main.events, secret);
  }
}

describe('AwsCiKitShellScript (AWSShellScript@1 inputs)', () => {
  it("runs the seed's inline script: the SSM token becomes a secret variable, the credentials stay in the script", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shell-seed-'));
    const result = await runStep('azure', SHELL, {
      ...connection(),
      dir,
      post: false,
      inputs: {
        ...inputs,
        scriptType: 'inline',
        // The seed pipeline's script, unchanged, plus lines that show what the script received.
        inlineScript: [
          `TOKEN=$(aws ssm get-parameter --name "${TOKEN_PARAMETER}" --with-decryption --query 'Parameter.Value' --output text)`,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: bash, as in the seed pipeline
          'echo "##vso[task.setvariable variable=NUGET_TOKEN;issecret=true]${TOKEN}"',
          `printf '%s\\n%s\\n%s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" > "${dir}/seen"`,
          'echo "key $AWS_SECRET_ACCESS_KEY in $AWS_REGION/$AWS_DEFAULT_REGION"',
          'aws sts get-caller-identity --query Arn --output text',
        ].join('\n'),
      },
    });
    const { main } = result;
    expect(main.errors).toEqual([]);
    expect(main.exitCode).toBe(0);
    expect(main.variables.NUGET_TOKEN).toBe(bed.parameters[TOKEN_PARAMETER]);
    expect(main.secretVariables.has('NUGET_TOKEN')).toBe(true);
    // Nothing but the script's own variable is set for later steps.
    expect(Object.keys(main.variables)).toEqual(['NUGET_TOKEN']);
    const [keyId, secret, token] = (await readFile(join(dir, 'seen'), 'utf8')).split('\n');
    expect(keyId).toMatch(/^ASIA/);
    expect(main.lines).toContain('arn:aws:sts::123456789012:assumed-role/pipeline-role/aws-vsts-tools');
    expect(main.lines.some((l) => l.startsWith('key ') && l.endsWith(' in eu-central-1/eu-central-1'))).toBe(
      true,
    );
    expectMasked(result, [keyId!, secret!, token!, bed.parameters[TOKEN_PARAMETER]!]);
  }, 60_000);

  it('a script file with arguments, in its working directory; a failing script fails in one line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shell-file-'));
    const work = join(dir, 'work');
    await mkdir(work);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash
    await writeFile(join(dir, 'show.sh'), 'echo "cwd=$(pwd) args=$#:$1|$2"\nexit "${EXIT_WITH:-0}"\n');
    const base = {
      ...inputs,
      scriptType: 'filePath',
      filePath: join(dir, 'show.sh'),
      arguments: `'two words' second`,
      disableAutoCwd: 'true',
      workingDirectory: work,
    };
    const ok = await runStep('azure', SHELL, { ...connection(), post: false, inputs: base });
    expect(ok.main.errors).toEqual([]);
    expect(ok.main.lines).toContain(`cwd=${work} args=2:two words|second`);
    // Without disableAutoCwd, System.DefaultWorkingDirectory (as the Toolkit).
    const auto = await runStep('azure', SHELL, {
      ...connection(),
      post: false,
      env: { ...connection().env, SYSTEM_DEFAULTWORKINGDIRECTORY: dir },
      inputs: { ...base, disableAutoCwd: 'false' },
    });
    expect(auto.main.lines).toContain(`cwd=${dir} args=2:two words|second`);
    const failed = await runStep('azure', SHELL, {
      ...connection(),
      post: false,
      env: { ...connection().env, EXIT_WITH: '3' },
      inputs: base,
    });
    expect(failed.main.exitCode).toBe(1);
    expect(failed.main.errors).toEqual(['The script exited with code 3. Fix: See the script output above.']);
  }, 60_000);

  it('failOnStandardError fails a script that writes to standard error (default: it does not)', async () => {
    const script = { ...inputs, scriptType: 'inline', inlineScript: 'echo warning >&2' };
    const quiet = await runStep('azure', SHELL, { ...connection(), post: false, inputs: script });
    expect(quiet.main.exitCode).toBe(0);
    const strict = await runStep('azure', SHELL, {
      ...connection(),
      post: false,
      inputs: { ...script, failOnStandardError: 'true' },
    });
    expect(strict.main.exitCode).toBe(1);
    expect(strict.main.errors).toEqual([
      "The script wrote to standard error. Fix: Silence the script's standard error, or set `failOnStandardError` to false.",
    ]);
  }, 60_000);
});

describe('AwsCiKitCli (AWSCLI@1 inputs)', () => {
  it("runs the seed's `sts get-caller-identity` with the connection; nothing is exported", async () => {
    const result = await runStep('azure', CLI, {
      ...connection(),
      post: false,
      inputs: { ...inputs, awsCommand: 'sts', awsSubCommand: 'get-caller-identity' },
    });
    expect(result.main.errors).toEqual([]);
    expect(result.main.exitCode).toBe(0);
    expect(result.main.lines.join('\n')).toContain(
      '"Arn": "arn:aws:sts::123456789012:assumed-role/pipeline-role/aws-vsts-tools"',
    );
    for (const name of CREDENTIAL_VARIABLES) expect(result.main.variables[name]).toBeUndefined();
    expectMasked(result, []);
  }, 60_000);

  it('awsArguments are split like a command line; the output of the CLI cannot issue pipeline commands', async () => {
    const result = await runStep('azure', CLI, {
      ...connection(),
      post: false,
      inputs: {
        ...inputs,
        awsCommand: 'ssm',
        awsSubCommand: 'get-parameter',
        awsArguments: `--name /compat/command-in-value --query "Parameter.Value" --output text`,
      },
    });
    expect(result.main.errors).toEqual([]);
    expect(result.main.variables.PWNED).toBeUndefined();
    expect(result.main.lines.some((l) => l.includes('task.setvariable variable=PWNED]yes'))).toBe(true);
  }, 60_000);

  it('a failing command fails in one line', async () => {
    const result = await runStep('azure', CLI, {
      ...connection(),
      post: false,
      inputs: {
        ...inputs,
        awsCommand: 'ssm',
        awsSubCommand: 'get-parameter',
        awsArguments: '--name /missing',
      },
    });
    expect(result.main.exitCode).toBe(1);
    expect(result.main.errors).toEqual([
      'aws ssm get-parameter exited with code 255. Fix: See the AWS CLI output above.',
    ]);
  }, 60_000);
});
