/**
 * What the channel suites share: the release layout written by `node scripts/release-layout.mjs`
 * (once per test file, into a temp folder), an `aws-ci-kit` on PATH that runs the layout's
 * single-file CLI, a base job environment against the loopback AWS, a script that reports the
 * credentials an AWS tool in the job resolved (to a file, never the log), and the secret checks.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { expect } from 'vitest';
import type { BedUser } from '../../support/aws/seed.ts';

export const ROOT = join(import.meta.dirname, '../../..');
export const DUMP_CREDENTIALS = join(import.meta.dirname, 'dump-credentials.mjs');
export const ROLE_ARN = /arn:aws:sts::123456789012:assumed-role\/pipeline-role\/\S+/;
/** moto's session tokens all start so (moto/sts/utils.py SESSION_TOKEN_PREFIX). */
const SESSION_TOKEN = /FQoGZXIvYXdzEBYaD/;
/** A 40-character mixed-case word: the shape of a secret access key (a git SHA is lower-case hex). */
const SECRET_KEY_SHAPE =
  /(?<![\w/+=.-])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])[A-Za-z0-9/+]{40}(?![\w/+=.-])/;

export interface Layout {
  readonly dir: string;
  readonly version: string;
  /** The single-file CLI (the npm package's bin). */
  readonly cli: string;
  /** A folder holding `aws-ci-kit`, a wrapper that runs `node <cli>`: put it first on PATH. */
  readonly bin: string;
}

/** Runs `node scripts/release-layout.mjs <tmp>` and puts the CLI it built on a PATH folder. */
export async function writeLayout(): Promise<Layout> {
  const dir = mkdtempSync(join(tmpdir(), 'akit-layout-'));
  await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/release-layout.mjs'), dir], {
    cwd: ROOT,
    timeout: 120_000,
  });
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  const cli = join(dir, 'npm/dist/cli.js');
  const bin = mkdtempSync(join(tmpdir(), 'akit-bin-'));
  writeFileSync(join(bin, 'aws-ci-kit'), `#!/bin/sh\nexec '${process.execPath}' '${cli}' "$@"\n`);
  chmodSync(join(bin, 'aws-ci-kit'), 0o755);
  return { dir, version, cli, bin };
}

/** A private HOME (empty AWS files) and the loopback AWS: what every simulated job starts from. */
export function baseJobEnv(bin: string, endpoint: string, extra: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'akit-job-home-'));
  mkdirSync(join(home, '.aws'));
  return {
    PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    TMPDIR: home,
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  } as Record<string, string>;
}

export interface ShellRun {
  readonly code: number;
  /** stdout and stderr interleaved as they came: what the CI's log shows. */
  readonly log: string;
}

/** Runs `argv` with exactly `env`; resolves with the exit code and the combined log. */
export function runShell(
  argv: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<ShellRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env,
      cwd: options.cwd ?? env.HOME,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.stdout.on('data', (d: Buffer) => {
      log += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      log += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, log });
    });
  });
}

/** Credentials an AWS tool in the job resolved, as dump-credentials.mjs wrote them. */
export function readDump(file: string): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
} {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** No known secret, no moto session token and nothing shaped like a secret key in `log`. */
export function expectNoSecret(log: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(8);
    expect(log).not.toContain(secret);
  }
  expect(log).not.toMatch(SESSION_TOKEN);
  expect(log).not.toMatch(SECRET_KEY_SHAPE);
}

/** The README's database password parameter, seeded (SecureString) by the suites that run its snippets. */
export const README_PARAMETER = { name: '/app/prod/db-password', value: 'db-pa55word-from-ssm' };

/** Seeds README_PARAMETER as the bed's admin (moto enforces IAM by then). */
export async function seedReadmeParameter(endpoint: string, region: string, admin: BedUser): Promise<void> {
  const ssm = new SSMClient({
    endpoint,
    region,
    credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
  });
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: README_PARAMETER.name,
        Type: 'SecureString',
        Value: README_PARAMETER.value,
      }),
    );
  } finally {
    ssm.destroy();
  }
}

/** The fenced blocks of `language` in the root README between `from` and the next `until` heading. */
export function readmeBlocks(language: string, from: string, until: RegExp): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(from);
  expect(start, from).toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + from.length);
  const end = rest.search(until);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
}
