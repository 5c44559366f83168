import { CiKitError, oneLine } from '@aws-ci-kit/core';
import { type ChainContext, notConfigured } from './chain-context.ts';
import { AWS_ENV } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import type { SourcedCredentialsProvider } from './types.ts';

/** Source 7a: ECS/EKS container credentials, when AWS_CONTAINER_CREDENTIALS_*_URI is set. */
export function fromContainerMetadata(context: ChainContext): SourcedCredentialsProvider {
  return async () => {
    const { runtime } = context;
    if (!runtime.variable(AWS_ENV.containerFullUri) && !runtime.variable(AWS_ENV.containerRelativeUri)) {
      throw notConfigured('container credentials');
    }
    const sdk = await import('./sdk-providers.ts');
    try {
      const c = await sdk.fromContainerMetadata({ timeout: 2000, maxRetries: 2 })();
      maskOnce(runtime, c.accessKeyId, c.secretAccessKey, c.sessionToken);
      return { ...c, source: 'container credentials' };
    } catch (error) {
      throw new CiKitError(
        'credentials',
        `Container credentials did not resolve: ${oneLine((error as Error).message)}`,
        {
          code: 'ContainerCredentialsFailed',
          cause: error,
          hint: 'Check the task role and AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI (and the authorization token).',
        },
      );
    }
  };
}
