import type { CiRuntime } from '@aws-ci-kit/core';
import { CiKitError, inputName, stepDeadlineOf } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { assumeRole } from './assume-role.ts';
import { awsCallLogger } from './aws-call-logger.ts';
import { type ChainContext, notConfigured } from './chain-context.ts';
import { collectResponseBody } from './collect-response-body.ts';
import { completeRoleArn } from './complete-role-arn.ts';
import { createRequestHandler } from './create-request-handler.ts';
import { AWS_PIPELINE_VARIABLES, CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { defaultSessionName } from './default-session-name.ts';
import { firstProvider } from './first-provider.ts';
import { fromContainerMetadata } from './from-container-metadata.ts';
import { fromEnvironment } from './from-environment.ts';
import { fromInstanceMetadata } from './from-instance-metadata.ts';
import { fromSharedProfile } from './from-shared-profile.ts';
import { fromStepInputs } from './from-step-inputs.ts';
import { fromWebIdentity } from './from-web-identity.ts';
import { getCallerIdentity } from './get-caller-identity.ts';
import { maskOnce } from './mask-once.ts';
import { memoizeProvider } from './memoize-provider.ts';
import { profileFiles } from './profile-files.ts';
import { type CredentialSettings, readCredentialSettings } from './read-credential-settings.ts';
import { readProxySettings } from './read-proxy-settings.ts';
import { resolveRegion } from './resolve-region.ts';
import { sessionTags } from './session-tags.ts';
import type { StsContext } from './sts-session.ts';
import type { CallerIdentity, RoleRequest, SourcedCredentials, SourcedCredentialsProvider } from './types.ts';

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
   * together with its own first call, so the check costs no round trip of its own).
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

interface Resolution {
  readonly credentials: AwsCredentialIdentity;
  readonly source: string;
  readonly roleArn?: string;
}

const REFRESH_MS = 5 * 60 * 1000;

function maskCredentials(runtime: CiRuntime, c: AwsCredentialIdentity): void {
  maskOnce(runtime, c.accessKeyId, c.secretAccessKey, c.sessionToken);
}

/**
 * The Azure-only sources (a service connection, the Toolkit's pipeline variables `AWS.*`), loaded
 * only when their settings are there: a GitHub run, or an Azure run with neither, never parses them.
 */
function fromServiceConnectionWhenSet(
  context: ChainContext,
  ambient: SourcedCredentialsProvider,
): SourcedCredentialsProvider {
  return async () => {
    if (!context.settings.serviceConnection || !context.runtime.endpoint)
      throw notConfigured('a service connection');
    const { fromServiceConnection } = await import('./from-service-connection.ts');
    return fromServiceConnection(context, ambient)();
  };
}

function fromPipelineVariablesWhenSet(context: ChainContext): SourcedCredentialsProvider {
  return async () => {
    const V = AWS_PIPELINE_VARIABLES;
    if ([V.accessKeyId, V.secretAccessKey, V.sessionToken].every((name) => !context.runtime.variable(name)))
      throw notConfigured('pipeline variables');
    const { fromPipelineVariables } = await import('./from-pipeline-variables.ts');
    return fromPipelineVariables(context)();
  };
}

/** configure-aws-credentials' `special-characters-workaround` test: no `!@#$%^&*()_+-=[]{};':"\\|,.<>/?`. */
const SPECIAL_CHARACTERS = /[!@#$%^&*()_+\-=[\]{};':"\\|,.<>/?]/;
const SPECIAL_CHARACTERS_ATTEMPTS = 30;

async function resolveOnce(
  context: ChainContext,
  assumeInputRole: boolean,
  ambientOnly = false,
): Promise<Resolution> {
  const { runtime, settings, sts, retry } = context;
  const noneFound: SourcedCredentialsProvider = async () => {
    throw new CiKitError(
      'credentials',
      `No AWS credentials found: tried ${runtime.rules.credentialSources}.`,
      {
        code: 'CredentialsNotFound',
        hint: runtime.rules.noCredentialsHint,
      },
    );
  };
  const ambient = firstProvider<SourcedCredentials>(
    fromEnvironment(context),
    fromSharedProfile(context),
    fromContainerMetadata(context),
    fromInstanceMetadata(context),
    noneFound,
  );
  const base = ambientOnly
    ? await ambient()
    : await firstProvider<SourcedCredentials>(
        fromStepInputs(context),
        fromServiceConnectionWhenSet(context, ambient),
        fromPipelineVariablesWhenSet(context),
        fromWebIdentity(context),
        ambient,
      )();
  maskCredentials(runtime, base);

  type Hop = RoleRequest & { readonly tagged: boolean; readonly fromInput: boolean };
  const hops: Hop[] = [];
  if (base.role && !ambientOnly) hops.push({ ...base.role, tagged: false, fromInput: false });
  if (
    assumeInputRole &&
    !ambientOnly &&
    settings.roleToAssume &&
    !base.usedInputRole &&
    settings.roleToAssume !== base.role?.roleArn
  ) {
    hops.push({
      roleArn: settings.roleToAssume,
      from: `input \`${inputName(runtime, IN.roleToAssume)}\``,
      tagged: settings.sessionTagging,
      fromInput: true,
      ...(settings.roleExternalId ? { externalId: settings.roleExternalId } : {}),
      ...(settings.roleSessionName ? { sessionName: settings.roleSessionName } : {}),
    });
  }
  // Roles named by a source use the AWS Toolkit's `aws.rolecredential.maxduration` when it is valid.
  const toolkitDuration = Number(runtime.variable(AWS_PIPELINE_VARIABLES.roleMaxDuration));
  const sourceRoleDuration =
    Number.isInteger(toolkitDuration) && toolkitDuration >= 900 && toolkitDuration <= 43200
      ? toolkitDuration
      : settings.roleDurationSeconds;
  let current: AwsCredentialIdentity = base;
  let source = base.source;
  let roleArn = base.assumedRoleArn;
  for (const [index, hop] of hops.entries()) {
    const last = index === hops.length - 1;
    const arn = await completeRoleArn(hop.roleArn, sts, current, retry, source, hop.from);
    // AWS limits a session assumed with another role's session (role chaining) to one hour.
    const chained = index > 0 || base.assumedRoleArn !== undefined;
    const wanted = hop.fromInput ? settings.roleDurationSeconds : sourceRoleDuration;
    const durationSeconds = chained ? Math.min(wanted, 3600) : wanted;
    const assumed = await assumeRole(
      sts,
      current,
      {
        roleArn: arn,
        sessionName: hop.sessionName ?? context.defaultSessionName,
        durationSeconds,
        sourceName: source,
        ...(hop.externalId ? { externalId: hop.externalId } : {}),
        ...(hop.tagged
          ? {
              tags: sessionTags(
                runtime.rules.sessionPrefix,
                runtime.context,
                settings.customTags,
                runtime.rules.sessionTags,
                inputName(runtime, IN.customTags),
              ),
              transitiveTagKeys: settings.transitiveTagKeys,
            }
          : {}),
        ...(last && settings.inlineSessionPolicy ? { policy: settings.inlineSessionPolicy } : {}),
        ...(last ? { policyArns: settings.managedSessionPolicies } : {}),
      },
      retry,
    );
    maskCredentials(runtime, assumed);
    runtime.log.debug(`Assumed ${arn} (from ${hop.from}) with credentials from ${source}.`);
    current = assumed;
    roleArn = assumed.assumedRoleArn;
    source = `${source} -> role ${arn}`;
  }
  return {
    credentials: {
      accessKeyId: current.accessKeyId,
      secretAccessKey: current.secretAccessKey,
      ...(current.sessionToken ? { sessionToken: current.sessionToken } : {}),
      ...(current.expiration ? { expiration: current.expiration } : {}),
    },
    source,
    ...(roleArn ? { roleArn } : {}),
  };
}

/** GetCallerIdentity, the account masked when asked, and `allowed-account-ids` enforced. */
async function checkIdentity(
  runtime: CiRuntime,
  settings: CredentialSettings,
  call: () => Promise<CallerIdentity>,
): Promise<CallerIdentity> {
  const identity = await call();
  if (settings.maskAccountId && identity.account) maskOnce(runtime, identity.account);
  if (settings.allowedAccountIds.length > 0 && !settings.allowedAccountIds.includes(identity.account)) {
    throw new CiKitError(
      'permission',
      `The credentials belong to account ${identity.account}, which \`${inputName(runtime, IN.allowedAccountIds)}\` does not list.`,
      {
        code: 'AccountNotAllowed',
        hint: `Use credentials for one of ${settings.allowedAccountIds.join(', ')}, or add the account to \`${inputName(runtime, IN.allowedAccountIds)}\`.`,
      },
    );
  }
  return identity;
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
  if (
    settings.forceSkipOidc &&
    settings.roleToAssume &&
    !settings.accessKeyId &&
    !settings.webIdentityTokenFile
  ) {
    throw new CiKitError(
      'input',
      `\`${inputName(runtime, IN.forceSkipOidc)}\` is true and \`${inputName(runtime, IN.roleToAssume)}\` is set, but there are no keys and no token file to assume it with.`,
      {
        code: 'InputMissing',
        hint: `Set \`${inputName(runtime, IN.accessKeyId)}\` or \`${inputName(runtime, IN.webIdentityTokenFile)}\`, or drop \`${inputName(runtime, IN.forceSkipOidc)}\`.`,
      },
    );
  }
  const deadline = stepDeadlineOf(runtime);
  const requestHandler = await createRequestHandler({
    ...readProxySettings(runtime, settings.httpProxy, settings.noProxy),
    ...(deadline ? { deadline } : {}),
  });
  const profile = profileFiles(runtime, settings.profile);
  const { region, from: regionSource } = await resolveRegion(runtime, settings.region, profile);
  const sts: StsContext = {
    region,
    requestHandler,
    debug: (message) => runtime.log.debug(message),
    ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}),
  };
  const retry = { maxAttempts: settings.retryMaxAttempts, totalMs: options.retryTotalMs ?? 30_000 };
  const context: ChainContext = {
    runtime,
    settings,
    sts,
    requestHandler,
    retry,
    profile,
    defaultSessionName:
      runtime.rules.roleSessionName ?? defaultSessionName(runtime.rules.sessionPrefix, runtime.context),
    ...(deadline ? { deadline } : {}),
  };
  const assumeInputRole = options.assumeRole ?? true;
  const ambientOnly = options.ambientOnly ?? false;
  const resolve = async (): Promise<Resolution> => {
    for (let attempt = 1; ; attempt++) {
      const resolution = await resolveOnce(context, assumeInputRole, ambientOnly);
      const { accessKeyId, secretAccessKey } = resolution.credentials;
      if (
        !settings.specialCharactersWorkaround ||
        resolution.roleArn === undefined ||
        !SPECIAL_CHARACTERS.test(accessKeyId + secretAccessKey)
      ) {
        return resolution;
      }
      if (attempt >= SPECIAL_CHARACTERS_ATTEMPTS) {
        throw new CiKitError(
          'credentials',
          `STS returned keys with special characters ${attempt} times in a row.`,
          {
            code: 'SpecialCharactersPersist',
            hint: `Drop \`${inputName(runtime, IN.specialCharactersWorkaround)}\` and quote the keys where they are used.`,
          },
        );
      }
      runtime.log.debug(
        `The role's secret access key holds special characters; asking STS again (${attempt}).`,
      );
    }
  };
  const first = await resolve();

  const verifying =
    (options.verify ?? settings.verifyIdentity) || settings.allowedAccountIds.length > 0
      ? checkIdentity(runtime, settings, () => getCallerIdentity(sts, first.credentials, retry, first.source))
      : undefined;
  verifying?.catch(() => undefined); // with verifyAlongside the caller awaits it (and sees the error)
  const identity = verifying && !options.verifyAlongside ? await verifying : undefined;

  let pending: Resolution | undefined = first;
  const credentials = memoizeProvider(
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

  const maxAttempts = Math.min(settings.retryMaxAttempts, 5);
  const logger =
    settings.logRequest || settings.logResponse
      ? { logger: awsCallLogger(runtime, { request: settings.logRequest, response: settings.logResponse }) }
      : {};
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
    clientConfig: () => ({
      region,
      credentials,
      requestHandler,
      maxAttempts,
      streamCollector: collectResponseBody,
      ...logger,
    }),
  };
}
