import { CiKitError } from '@aws-ci-kit/core';
import { type ChainContext, notConfigured } from './chain-context.ts';
import { TOOLKIT_SESSION_NAME, AWS_PIPELINE_VARIABLES as V } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import type { SourcedCredentialsProvider } from './types.ts';

/**
 * Source 3: the AWS Toolkit's pipeline variables `AWS.AccessKeyID`, `AWS.SecretAccessKey`,
 * `AWS.SessionToken`, with an optional role (`AWS.AssumeRoleArn`, `AWS.ExternalId`, `AWS.RoleSessionName`).
 */
export function fromPipelineVariables(context: ChainContext): SourcedCredentialsProvider {
  return async () => {
    const { runtime } = context;
    const accessKeyId = runtime.variable(V.accessKeyId);
    const secretAccessKey = runtime.variable(V.secretAccessKey);
    const sessionToken = runtime.variable(V.sessionToken);
    maskOnce(runtime, accessKeyId, secretAccessKey, sessionToken);
    if (!accessKeyId && !secretAccessKey) throw notConfigured('pipeline variables');
    if (!accessKeyId || !secretAccessKey) {
      const [set, missing] = accessKeyId
        ? [V.accessKeyId, V.secretAccessKey]
        : [V.secretAccessKey, V.accessKeyId];
      throw new CiKitError('configuration', `Pipeline variable ${set} is set but ${missing} is not.`, {
        code: 'VariableMissing',
        hint: `Define both ${V.accessKeyId} and ${V.secretAccessKey} (as a secret), or neither.`,
      });
    }
    const roleArn = runtime.variable(V.assumeRoleArn);
    const externalId = runtime.variable(V.externalId);
    // The AWS Toolkit's default session name for these roles.
    const sessionName = runtime.variable(V.roleSessionName) ?? TOOLKIT_SESSION_NAME;
    const from = `pipeline variable ${V.assumeRoleArn}`;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      source: 'pipeline variables AWS.*',
      ...(roleArn
        ? {
            role: {
              roleArn,
              from,
              ...(externalId ? { externalId } : {}),
              ...(sessionName ? { sessionName } : {}),
            },
          }
        : {}),
    };
  };
}
