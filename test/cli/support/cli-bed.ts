/**
 * Runs the `aws-ci-kit` bundle (packages/cli/dist/cli.js) as a child process in a simulated CI
 * environment: a clean environment holding only PATH, a private HOME, the loopback AWS endpoint
 * and the CI's documented variables.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const CLI_DIR = join(import.meta.dirname, '../../../packages/cli');
export const CLI_BUNDLE = join(CLI_DIR, 'dist/cli.js');

let built: Promise<void> | undefined;
/** Builds dist/cli.js once per test run, under a lock. */
export function buildCli(): Promise<void> {
  built ??= promisify(execFile)(
    'flock',
    [
      join(tmpdir(), 'aws-ci-kit-cli-bundle.lock'),
      process.execPath,
      join(import.meta.dirname, 'build-cli.mjs'),
    ],
    { cwd: CLI_DIR },
  ).then(() => undefined);
  return built;
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A private HOME with empty AWS files, and the base environment every simulated CI job gets. */
export function jobEnv(
  endpoint: string,
  region: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'akit-cli-home-'));
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CI_KIT_TEMP: home,
    ...extra,
  };
}

/** Runs `node dist/cli.js ...args` with exactly `env` (nothing of the test process leaks in). */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], {
      env,
      cwd: options.cwd ?? env.HOME,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * A fake `buildkite-agent` on PATH that speaks the three commands the CLI uses: `oidc request-token`
 * prints the token from `$FAKE_BK_TOKEN_FILE`; `redactor add` and `env set` record their stdin
 * (one line each) and arguments in files under `dir`.
 */
export function fakeBuildkiteAgent(): { dir: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'akit-fake-bk-'));
  const log = join(dir, 'calls');
  const script = `#!/usr/bin/env bash
set -euo pipefail
input=""
if [ "$1 $2" != "oidc request-token" ]; then input="$(cat)"; fi
printf '%s\\t%s\\n' "$*" "$(printf '%s' "$input" | base64 -w0)" >> "${log}"
if [ "$1 $2" = "oidc request-token" ]; then cat "$FAKE_BK_TOKEN_FILE"; fi
`;
  writeFileSync(join(dir, 'buildkite-agent'), script);
  chmodSync(join(dir, 'buildkite-agent'), 0o755);
  return { dir, log };
}

/** Bash: evaluates `script` (the CLI's shell export), then prints each variable NUL-terminated. */
export async function evalInBash(script: string, names: readonly string[]): Promise<Record<string, string>> {
  const printer = names.map((n) => `printf '%s\\0' "\${${n}-<unset>}"`).join('; ');
  const { stdout } = await promisify(execFile)('bash', ['-c', `eval "$AKIT_SCRIPT"; ${printer}`], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', AKIT_SCRIPT: script },
  });
  const values = stdout.split('\0');
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
}
