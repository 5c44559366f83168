import type { CiRuntime } from '@aws-ci-kit/core';
import { CiKitError, inputName } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { awsCallLogger } from './aws-call-logger.ts';
import { checkIdentity } from './check-identity.ts';
import { collectResponseBody } from './collect-response-body.ts';
import { createChainContext } from './create-chain-context.ts';
import { CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { getCallerIdentity } from './get-caller-identity.ts';
import { memoizeProvider } from './memoize-provider.ts';
import { type CredentialSettings, readCredentialSettings } from './read-credential-settings.ts';
import { resolveCredentials } from './resolve-credentials.ts';
import type { CallerIdentity, Resolution } from './types.ts';

/** What a capability step needs to build AWS SDK v3 clients. */
export interface AwsSession {
  readonly region: string;
  /** Where the region came from ("input `aws-region`", "AWS_REGION", ...). */
  readonly regionSource: string;
  /** Memoized provider; refreshes (re-running the chain) five minutes before expiry. */
  readonly credentials: AwsCredentialIdentityProvider;
  /** `{ region, credentials, requestHandler, maxAttempts, streamCollector }` for any SDK v3 client constructor. */
  clientConfig(): AwsClientConfig;
  /** Where the credentials came from, for logs ("service connection `aws-prod` -> role arn:…"). */
  readonly source: string;
  /** The role the credentials belong to, when one was assumed. */
  readonly roleArn?: string;
  /** The caller identity, when verified with GetCallerIdentity. */
  readonly identity?: CallerIdentity;
  /**
   * The identity check (GetCallerIdentity, masking the account, `allowed-account-ids`) when one was
   * asked for; with `verifyAlongside` still under way: await it before anything it guards is used.
   */
  readonly verified?: Promise<CallerIdentity>;
  /** The HTTP handler (timeouts, proxy) shared by every client of the step. */
  readonly requestHandler: NodeHttpHandler;
  /** The `retry-max-attempts` input as configured (clientConfig caps it for generic clients). */
  readonly retryMaxAttempts: number;
}

export interface AwsClientConfig {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly [key: string]: unknown;
}

export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

export interface ResolveSessionOptions {
  /** Assume the role from the inputs when one is configured (default true). */
  readonly assumeRole?: boolean;
  /** Check the identity with GetCallerIdentity (default: the `verify-identity` input, true). */
  readonly verify?: boolean;
  /**
   * Run the identity check alongside the caller's first call instead of before returning: the
   * session comes back at once and `verified` settles with the check (a capability step awaits it
   * together with its own first call, so the check costs no round trip of its own). Ignored when
   * `mask-aws-account-id` or `allowed-account-ids` is set: what the check guards comes first.
   */
  readonly verifyAlongside?: boolean;
  /** Total time budget for retrying one AWS call, in ms (default 30 s). */
  readonly retryTotalMs?: number;
  /**
   * Only what is already on the machine (environment, shared files, container and instance
   * metadata), no role: configure-aws-credentials' `use-existing-credentials` check.
   */
  readonly ambientOnly?: boolean;
}

const REFRESH_MS = 5 * 60 * 1000;

/** `force-skip-oidc` with a role needs keys or a token file to assume it with. */
function checkForceSkipOidc(runtime: CiRuntime, settings: CredentialSettings): void {
  if (
    !settings.forceSkipOidc ||
    !settings.roleToAssume ||
    settings.accessKeyId ||
    settings.webIdentityTokenFile
  ) {
    return;
  }
  throw new CiKitError(
    'input',
    `\`${inputName(runtime, IN.forceSkipOidc)}\` is true and \`${inputName(runtime, IN.roleToAssume)}\` is set, but there are no keys and no token file to assume it with.`,
    {
      code: 'InputMissing',
      hint: `Set \`${inputName(runtime, IN.accessKeyId)}\` or \`${inputName(runtime, IN.webIdentityTokenFile)}\`, or drop \`${inputName(runtime, IN.forceSkipOidc)}\`.`,
    },
  );
}

/** The first resolution's credentials, then the chain again each time they near expiry. */
function refreshingCredentials(
  runtime: CiRuntime,
  first: Resolution,
  resolve: () => Promise<Resolution>,
): AwsCredentialIdentityProvider {
  let pending: Resolution | undefined = first;
  return memoizeProvider(
    async (): Promise<AwsCredentialIdentity> => {
      if (pending) {
        const value = pending.credentials;
        pending = undefined;
        return value;
      }
      runtime.log.debug('Refreshing AWS credentials before they expire.');
      return (await resolve()).credentials;
    },
    (c) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < REFRESH_MS,
    (c) => c.expiration !== undefined,
  );
}

/** `{ region, credentials, requestHandler, maxAttempts, streamCollector, logger? }` for every SDK v3 client. */
function clientConfigOf(
  runtime: CiRuntime,
  settings: CredentialSettings,
  base: Pick<AwsClientConfig, 'region' | 'credentials'> & { readonly requestHandler: NodeHttpHandler },
): () => AwsClientConfig {
  const maxAttempts = Math.min(settings.retryMaxAttempts, 5);
  const logger =
    settings.logRequest || settings.logResponse
      ? { logger: awsCallLogger(runtime, { request: settings.logRequest, response: settings.logResponse }) }
      : {};
  return () => ({ ...base, maxAttempts, streamCollector: collectResponseBody, ...logger });
}

/**
 * Resolves region and credentials from every source a pipeline can have, in the documented order
 * (step inputs, service connection, pipeline variables AWS.*, OIDC web identity, environment,
 * shared config files, container and instance metadata), assumes the configured role(s), verifies
 * the identity, and masks every secret the moment it exists. Uses the credential inputs
 * (CREDENTIAL_INPUTS), which every capability step also accepts.
 */
export async function resolveAwsSession(
  runtime: CiRuntime,
  options: ResolveSessionOptions = {},
): Promise<AwsSession> {
  const settings = readCredentialSettings(runtime);
  checkForceSkipOidc(runtime, settings);
  const { context, regionSource } = await createChainContext(
    runtime,
    settings,
    options.retryTotalMs ?? 30_000,
  );
  const { region } = context.sts;
  const { requestHandler, sts, retry } = context;
  const resolve = () =>
    resolveCredentials(context, {
      assumeInputRole: options.assumeRole ?? true,
      ambientOnly: options.ambientOnly ?? false,
    });
  const first = await resolve();

  const verifying =
    (options.verify ?? settings.verifyIdentity) || settings.allowedAccountIds.length > 0
      ? checkIdentity(runtime, settings, () => getCallerIdentity(sts, first.credentials, retry, first.source))
      : undefined;
  verifying?.catch(() => undefined); // with verifyAlongside the caller awaits it (and sees the error)
  // What the check guards comes first: no call with another account's credentials, and the account
  // masked before anything (an AWS error naming the caller's ARN) can print it.
  const guarded = settings.maskAccountId || settings.allowedAccountIds.length > 0;
  const identity = verifying && (!options.verifyAlongside || guarded) ? await verifying : undefined;

  const credentials = refreshingCredentials(runtime, first, resolve);
  return {
    region,
    regionSource,
    credentials,
    source: first.source,
    requestHandler,
    retryMaxAttempts: settings.retryMaxAttempts,
    ...(first.roleArn ? { roleArn: first.roleArn } : {}),
    ...(identity ? { identity } : {}),
    ...(verifying ? { verified: verifying } : {}),
    clientConfig: clientConfigOf(runtime, settings, { region, credentials, requestHandler }),
  };
}
