import { CiKitError, oneLine } from '@aws-ci-kit/core';
import { notConfigured } from "./chain-context.js";
import { AWS_ENV } from "./credential-inputs.js";
import { maskOnce } from "./mask-once.js";
/** Source 7a: ECS/EKS container credentials, when AWS_CONTAINER_CREDENTIALS_*_URI is set. */
export function fromContainerMetadata(context) {
    return async () => {
        const { runtime } = context;
        if (!runtime.variable(AWS_ENV.containerFullUri) && !runtime.variable(AWS_ENV.containerRelativeUri)) {
            throw notConfigured('container credentials');
        }
        const sdk = await import("./sdk-providers.js");
        try {
            const c = await sdk.fromContainerMetadata({ timeout: 2000, maxRetries: 2 })();
            maskOnce(runtime, c.accessKeyId, c.secretAccessKey, c.sessionToken);
            return { ...c, source: 'container credentials' };
        }
        catch (error) {
            throw new CiKitError('credentials', `Container credentials did not resolve: ${oneLine(error.message)}`, {
                code: 'ContainerCredentialsFailed',
                cause: error,
                hint: 'Check the task role and AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI (and the authorization token).',
            });
        }
    };
}
