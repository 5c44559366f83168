import { CiKitError, inputName } from '@aws-ci-kit/core';
import { type ChainContext, notConfigured } from './chain-context.ts';
import { CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import type { SourcedCredentialsProvider } from './types.ts';

/** Source 1: access key id, secret access key and session token given as step inputs. */
export function fromStepInputs(context: ChainContext): SourcedCredentialsProvider {
  return async () => {
    const { runtime, settings } = context;
    const { accessKeyId, secretAccessKey, sessionToken } = settings;
    if (!accessKeyId && !secretAccessKey) {
      if (sessionToken) {
        throw new CiKitError(
          'input',
          `Input \`${inputName(runtime, IN.sessionToken)}\` is set without an access key.`,
          {
            code: 'InputInvalid',
            hint: `Set \`${inputName(runtime, IN.accessKeyId)}\` and \`${inputName(runtime, IN.secretAccessKey)}\` too, or remove the session token.`,
          },
        );
      }
      throw notConfigured('step inputs');
    }
    if (!accessKeyId || !secretAccessKey) {
      const [set, missing] = accessKeyId
        ? [IN.accessKeyId, IN.secretAccessKey]
        : [IN.secretAccessKey, IN.accessKeyId];
      throw new CiKitError(
        'input',
        `Input \`${inputName(runtime, set)}\` is set but \`${inputName(runtime, missing)}\` is not.`,
        {
          code: 'InputMissing',
          hint: `Set both \`${inputName(runtime, IN.accessKeyId)}\` and \`${inputName(runtime, IN.secretAccessKey)}\`, or neither.`,
        },
      );
    }
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), source: 'step inputs' };
  };
}
