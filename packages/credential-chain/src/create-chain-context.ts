import type { CiRuntime } from '@aws-ci-kit/core';
import { stepDeadlineOf } from '@aws-ci-kit/core';
import type { ChainContext } from './chain-context.ts';
import { createRequestHandler } from './create-request-handler.ts';
import { defaultSessionName } from './default-session-name.ts';
import { profileFiles } from './profile-files.ts';
import type { CredentialSettings } from './read-credential-settings.ts';
import { readProxySettings } from './read-proxy-settings.ts';
import { resolveRegion } from './resolve-region.ts';

export interface ChainSetup {
  readonly context: ChainContext;
  /** Where the region came from ("input `aws-region`", "AWS_REGION", ...). */
  readonly regionSource: string;
}

/**
 * What every link of the chain shares: the HTTP handler (proxy, the step's deadline), the shared
 * profile files, the region, the STS client settings and the retry policy.
 */
export async function createChainContext(
  runtime: CiRuntime,
  settings: CredentialSettings,
  retryTotalMs: number,
): Promise<ChainSetup> {
  const deadline = stepDeadlineOf(runtime);
  const requestHandler = await createRequestHandler({
    ...readProxySettings(runtime, settings.httpProxy, settings.noProxy),
    ...(deadline ? { deadline } : {}),
  });
  const profile = profileFiles(runtime, settings.profile);
  const { region, from: regionSource } = await resolveRegion(runtime, settings.region, profile);
  const context: ChainContext = {
    runtime,
    settings,
    sts: {
      region,
      requestHandler,
      debug: (message) => runtime.log.debug(message),
      ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}),
    },
    requestHandler,
    retry: { maxAttempts: settings.retryMaxAttempts, totalMs: retryTotalMs },
    profile,
    defaultSessionName:
      runtime.rules.roleSessionName ?? defaultSessionName(runtime.rules.sessionPrefix, runtime.context),
    ...(deadline ? { deadline } : {}),
  };
  return { context, regionSource };
}
