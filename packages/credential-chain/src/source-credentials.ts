import { CiKitError } from '@aws-ci-kit/core';
import { type ChainContext, notConfigured } from './chain-context.ts';
import { AWS_PIPELINE_VARIABLES } from './credential-inputs.ts';
import { firstProvider } from './first-provider.ts';
import { fromContainerMetadata } from './from-container-metadata.ts';
import { fromEnvironment } from './from-environment.ts';
import { fromInstanceMetadata } from './from-instance-metadata.ts';
import { fromSharedProfile } from './from-shared-profile.ts';
import { fromStepInputs } from './from-step-inputs.ts';
import { fromWebIdentity } from './from-web-identity.ts';
import type { SourcedCredentials, SourcedCredentialsProvider } from './types.ts';

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

/** The last link: every source was tried, none was configured. */
function noneFound(context: ChainContext): SourcedCredentialsProvider {
  const { rules } = context.runtime;
  return async () => {
    throw new CiKitError('credentials', `No AWS credentials found: tried ${rules.credentialSources}.`, {
      code: 'CredentialsNotFound',
      hint: rules.noCredentialsHint,
    });
  };
}

/**
 * The source credentials, in the documented order: step inputs, service connection, pipeline
 * variables AWS.*, OIDC web identity, then what is on the machine (environment, shared config
 * files, container and instance metadata). `ambientOnly`: only what is on the machine.
 */
export function sourceCredentials(context: ChainContext, ambientOnly = false): Promise<SourcedCredentials> {
  const ambient = firstProvider<SourcedCredentials>(
    fromEnvironment(context),
    fromSharedProfile(context),
    fromContainerMetadata(context),
    fromInstanceMetadata(context),
    noneFound(context),
  );
  if (ambientOnly) return ambient();
  return firstProvider<SourcedCredentials>(
    fromStepInputs(context),
    fromServiceConnectionWhenSet(context, ambient),
    fromPipelineVariablesWhenSet(context),
    fromWebIdentity(context),
    ambient,
  )();
}
