/** Configuration for SDK v3 clients and the AWS CLI pointed at the loopback bed. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutAwsVars } from './moto.js';
import type { AwsBed } from './seed.js';

export interface BedTarget {
  endpoint: string;
  region: string;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: Credentials;
}

/** `{ endpoint, region, credentials }` for any SDK v3 client constructor. */
export function clientConfig(bed: BedTarget, credentials: Credentials): ClientConfig {
  return { endpoint: bed.endpoint, region: bed.region, credentials: { ...credentials } };
}

/** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN for a child process. */
export function credentialEnv(credentials: Credentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
  };
}

let emptyDir: string | undefined;
function emptyAwsFiles(): { config: string; credentials: string } {
  if (!emptyDir) {
    const dir = mkdtempSync(join(tmpdir(), 'aws-bed-'));
    writeFileSync(join(dir, 'config'), '');
    writeFileSync(join(dir, 'credentials'), '');
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    emptyDir = dir;
  }
  return { config: join(emptyDir, 'config'), credentials: join(emptyDir, 'credentials') };
}

/**
 * Environment for the AWS CLI v1 (`aws` on PATH, honours AWS_ENDPOINT_URL): the parent's
 * environment without any AWS_* variable, the bed's endpoint and region, metadata disabled,
 * and private empty config/credentials files unless `extra` names others.
 */
export function cliEnv(bed: BedTarget, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const files = emptyAwsFiles();
  const env: NodeJS.ProcessEnv = {
    ...withoutAwsVars(process.env),
    AWS_ENDPOINT_URL: bed.endpoint,
    AWS_REGION: bed.region,
    AWS_DEFAULT_REGION: bed.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: files.config,
    AWS_SHARED_CREDENTIALS_FILE: files.credentials,
    AWS_PAGER: '',
  };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * The seed's AWS service connection as the agent hands it to a task (the AWS Toolkit's fields):
 * the toolkit-user's keys, the pipeline role and its external id.
 */
export function toolkitConnection(
  bed: Pick<AwsBed, 'toolkitUser' | 'roles' | 'externalId'>,
  extra: Record<string, string> = {},
): { scheme: string; parameters: Record<string, string> } {
  return {
    scheme: 'UsernamePassword',
    parameters: {
      username: bed.toolkitUser.accessKeyId,
      password: bed.toolkitUser.secretAccessKey,
      assumeRoleArn: bed.roles.pipeline.arn,
      externalId: bed.externalId,
      ...extra,
    },
  };
}
