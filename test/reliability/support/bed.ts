/**
 * The reliability suites' bed: moto with IAM enforced behind the fault proxy (the SSM bed: seeded
 * users, roles, SecureStrings incl. a 100 KB multi-line one, Secrets Manager secrets), a CONNECT proxy
 * with a password, and the three steps' bundles built once.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type ConnectProxy, startConnectProxy } from '../../credentials/support/connect-proxy.ts';
import { HOSTILE, type SsmBed, startSsmBed } from '../../ssm/ssm-bed.ts';
import type { Ci, RunStepOptions } from '../../support/ci/index.ts';

export const PACKAGES = resolve(import.meta.dirname, '../../../packages');
export type StepName = 'credentials' | 'ssm' | 'ecr';
export const STEPS: readonly StepName[] = ['credentials', 'ssm', 'ecr'];
export const CIS: readonly Ci[] = ['github', 'azure'];
const DIRS: Record<StepName, string> = { credentials: 'aws-credentials', ssm: 'ssm-secret', ecr: 'ecr-push' };

export const bundle = (step: StepName, ci: Ci): string => join(PACKAGES, DIRS[step], 'dist', `${ci}.js`);

let built: Promise<void> | undefined;
/** `pnpm build` (turbo: cached when nothing changed), once, under a lock shared with other suites. */
export function buildAll(): Promise<void> {
  built ??= promisify(execFile)(
    'flock',
    [join(tmpdir(), 'aws-ci-kit-reliability-build.lock'), 'pnpm', 'build'],
    { cwd: resolve(PACKAGES, '..'), env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  ).then(() => undefined);
  return built;
}

export const PROXY_USER = 'ci';
export const PROXY_PASSWORD = 'pr0xy-Pa55-w0rd';

export interface ReliabilityBed {
  readonly ssm: SsmBed;
  readonly connect: ConnectProxy;
  /** The AWS endpoint the steps use (the fault proxy in front of moto). */
  readonly endpoint: string;
  readonly region: string;
  stop(): Promise<void>;
}

export async function startReliabilityBed(): Promise<ReliabilityBed> {
  const [ssm, connect] = await Promise.all([
    startSsmBed(),
    startConnectProxy({ user: PROXY_USER, password: PROXY_PASSWORD }),
    buildAll(),
  ]);
  return {
    ssm,
    connect,
    endpoint: ssm.proxy.endpoint,
    region: ssm.bed.region,
    stop: async () => {
      await connect.stop();
      await ssm.stop();
    },
  };
}

/** Input names per CI for what the suites set. */
export const IN = {
  github: {
    region: 'aws-region',
    keyId: 'aws-access-key-id',
    secret: 'aws-secret-access-key',
    token: 'aws-session-token',
    role: 'role-to-assume',
    externalId: 'role-external-id',
    proxy: 'http-proxy',
    outputCredentials: 'output-credentials',
    credentialsTimeout: 'action-timeout-s',
    timeout: 'timeout-seconds',
    retries: 'retry-max-attempts',
    repository: 'repository',
    image: 'image',
    registryEndpoint: 'registry-endpoint',
    pushMode: 'push-mode',
    outputVariable: 'output-variable',
    containerCli: 'container-cli',
    customTags: 'custom-tags',
    dotenv: 'dotenv-file',
    outputDockerCredentials: 'output-docker-credentials',
  },
  azure: {
    region: 'regionName',
    keyId: 'awsAccessKeyId',
    secret: 'awsSecretAccessKey',
    token: 'awsSessionToken',
    role: 'roleToAssume',
    externalId: 'roleExternalId',
    proxy: 'httpProxy',
    outputCredentials: 'outputCredentials',
    credentialsTimeout: 'actionTimeoutS',
    timeout: 'timeoutSeconds',
    retries: 'retryMaxAttempts',
    repository: 'repositoryName',
    image: 'sourceImageName',
    registryEndpoint: 'registryEndpoint',
    pushMode: 'pushMode',
    outputVariable: 'outputVariable',
    containerCli: 'containerCli',
    customTags: 'customTags',
    dotenv: 'dotenvFile',
    outputDockerCredentials: 'outputDockerCredentials',
  },
} as const;

/** The SecureString and Secrets Manager values the bed holds (HOSTILE has the 100 KB multi-line one). */
export const STORED_SECRETS: readonly string[] = [
  ...Object.values(HOSTILE),
  'nuget-token-s3cr3t',
  'v3-secret',
  'sm-token-42',
  'json-pass-1',
  'sm-pass-9',
];

/** What every run of a step needs: the endpoint, no metadata, PATH without container CLIs. */
export function baseOptions(bed: ReliabilityBed, ci: Ci, extra: RunStepOptions = {}): RunStepOptions {
  return {
    timeoutMs: 60_000,
    ...extra,
    env: {
      AWS_ENDPOINT_URL: bed.endpoint,
      // Only node on PATH: no docker/podman, so the ECR step works on the registry API alone.
      PATH: resolve(process.execPath, '..'),
      ...extra.env,
    },
    variables: {
      ...(ci === 'azure' ? { 'System.UnsafeAllowMultilineSecret': { value: 'true' } } : {}),
      ...extra.variables,
    },
  };
}

/** Every regular file under `dir`, with its text. */
export function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile() && statSync(path).size < 50_000_000)
      out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}
