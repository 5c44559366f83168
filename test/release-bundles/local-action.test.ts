// @github/local-action (GitHub's tool for running an action locally) runs the credentials action's
// entry, src/github.ts, as a user would: `local-action run packages/aws-credentials src/github.ts .env`.
// It stubs @actions/core, imports the entry and calls its exported `run()`; an entry that ran on
// import would be refused. Against moto with IAM enforced: keys -> AssumeRole with an external id.
// local-action picks its package manager from the nearest package.json's `packageManager`
// (packages/aws-credentials/package.json names pnpm), and runs from a folder whose dependencies
// hold @actions/core (this test package), so its stub replaces the very module the adapter imports.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv } from '../support/aws/clients.ts';
import { startMoto } from '../support/aws/moto.ts';
import { type AwsBed, seedAwsBed } from '../support/aws/seed.ts';

const TEST_DIR = join(import.meta.dirname, '..');
const ACTION = join(TEST_DIR, '..', 'packages', 'aws-credentials');
const LOCAL_ACTION = join(TEST_DIR, 'node_modules', '.bin', 'local-action');

let moto: Awaited<ReturnType<typeof startMoto>>;
let bed: AwsBed;
let work: string;

beforeAll(async () => {
  moto = await startMoto();
  bed = await seedAwsBed(moto.endpoint);
  await moto.enforceAuth();
  work = mkdtempSync(join(tmpdir(), 'local-action-'));
}, 120_000);

afterAll(async () => {
  await moto?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

function writeDotenv(sessionName: string): string {
  const dotenv = join(work, `${sessionName}.env`);
  writeFileSync(
    dotenv,
    [
      `INPUT_AWS-REGION=${bed.region}`,
      `INPUT_AWS-ACCESS-KEY-ID=${bed.toolkitUser.accessKeyId}`,
      `INPUT_AWS-SECRET-ACCESS-KEY=${bed.toolkitUser.secretAccessKey}`,
      `INPUT_ROLE-TO-ASSUME=${bed.roles.pipeline.arn}`,
      `INPUT_ROLE-EXTERNAL-ID=${bed.externalId}`,
      `INPUT_ROLE-SESSION-NAME=${sessionName}`,
      'GITHUB_REPOSITORY=octo/webapp',
      'GITHUB_RUN_ID=7',
      `GITHUB_SHA=${'a'.repeat(40)}`,
      `RUNNER_TEMP=${work}`,
      '',
    ].join('\n'),
  );
  return dotenv;
}

async function localAction(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(command, args, {
    cwd: TEST_DIR,
    env: { ...cliEnv(bed), ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  expect(stdout).not.toContain('does not export a run() function');
  return stdout;
}

const assumed = (session: string) =>
  `arn:aws:sts::${bed.accountId}:assumed-role/${bed.roles.pipeline.name}/${session}`;

describe('@github/local-action runs the credentials action', () => {
  it('`local-action run packages/aws-credentials src/github.ts .env` assumes the role and sets the outputs', async () => {
    const stdout = await localAction(LOCAL_ACTION, [
      'run',
      ACTION,
      'src/github.ts',
      writeDotenv('local-action'),
    ]);
    expect(stdout).toContain(`Authenticated as ${assumed('local-action')}.`);
    // local-action prints the outputs the action set, as a table.
    expect(stdout).toMatch(new RegExp(`aws-account-id\\W+${bed.accountId}\\W`));
    expect(stdout).toMatch(new RegExp(`aws-region\\W+${bed.region}\\W`));
    expect(stdout).toMatch(
      new RegExp(`authenticated-arn\\W+${assumed('local-action').replaceAll('/', '\\/')}\\W`),
    );
    expect(stdout).not.toContain(bed.toolkitUser.secretAccessKey);
  }, 240_000);

  it('exports variables that work: a post entry run by local-action calls STS with them', async () => {
    // The `local-action` bin puts every argument after `--`, where its CLI cannot read `--post`; so
    // this run starts local-action's CLI itself, the way the bin does (tsx, TARGET_ACTION_PATH).
    const cli = join(TEST_DIR, 'node_modules', '@github', 'local-action', 'src', 'index.ts');
    const tsx = join(TEST_DIR, 'node_modules', '.bin', 'tsx');
    const post = join(import.meta.dirname, 'fixture', 'check-exports.ts');
    const stdout = await localAction(
      tsx,
      [cli, 'run', ACTION, 'src/github.ts', writeDotenv('local-post'), '--post', post],
      {
        TARGET_ACTION_PATH: ACTION,
        NODE_PACKAGE_MANAGER: 'pnpm',
      },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('EXPORTS '));
    expect(line, stdout.slice(-3000)).toBeDefined();
    expect(JSON.parse(line!.slice('EXPORTS '.length))).toEqual({
      region: bed.region,
      defaultRegion: bed.region,
      sessionToken: true,
      arn: assumed('local-post'),
    });
    expect(stdout).not.toContain(bed.toolkitUser.secretAccessKey);
  }, 240_000);
});
