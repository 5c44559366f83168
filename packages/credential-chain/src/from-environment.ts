import { CiKitError } from '@aws-ci-kit/core';
import { type ChainContext, notConfigured } from './chain-context.ts';
import { AWS_ENV } from './credential-inputs.ts';
import { readSecretVariable } from './read-secret-variable.ts';
import type { SourcedCredentialsProvider } from './types.ts';

/**
 * Source 5: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (and AWS_ROLE_ARN as a
 * role to assume with them). Read through the runtime, not process.env, because on Azure Pipelines
 * secret variables set by an earlier task are visible to the task library only; masked before the
 * CI library can print them (see readSecretVariable).
 */
export function fromEnvironment(context: ChainContext): SourcedCredentialsProvider {
  return async () => {
    const { runtime, settings } = context;
    if (settings.unsetCurrentCredentials) throw notConfigured('the environment (unset-current-credentials)');
    const accessKeyId = readSecretVariable(runtime, AWS_ENV.accessKeyId);
    const secretAccessKey = readSecretVariable(runtime, AWS_ENV.secretAccessKey);
    const sessionToken = readSecretVariable(runtime, AWS_ENV.sessionToken);
    if (!accessKeyId && !secretAccessKey) throw notConfigured('the environment');
    if (!accessKeyId || !secretAccessKey) {
      const [set, missing] = accessKeyId
        ? [AWS_ENV.accessKeyId, AWS_ENV.secretAccessKey]
        : [AWS_ENV.secretAccessKey, AWS_ENV.accessKeyId];
      throw new CiKitError('configuration', `${set} is set but ${missing} is not.`, {
        code: 'EnvironmentIncomplete',
        hint: `Set both ${AWS_ENV.accessKeyId} and ${AWS_ENV.secretAccessKey}, or unset both.`,
      });
    }
    const expiration = runtime.variable(AWS_ENV.credentialExpiration);
    const tokenFile = runtime.variable(AWS_ENV.webIdentityTokenFile);
    const roleArn = tokenFile ? undefined : runtime.variable(AWS_ENV.roleArn);
    const sessionName = runtime.variable(AWS_ENV.roleSessionName);
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration && !Number.isNaN(Date.parse(expiration)) ? { expiration: new Date(expiration) } : {}),
      source: 'environment',
      ...(roleArn
        ? { role: { roleArn, from: AWS_ENV.roleArn, ...(sessionName ? { sessionName } : {}) } }
        : {}),
    };
  };
}
