import { CiKitError, oneLine } from '@aws-ci-kit/core';
import { notConfigured } from "./chain-context.js";
import { AWS_ENV } from "./credential-inputs.js";
import { maskOnce } from "./mask-once.js";
/**
 * Source 7b: EC2 instance metadata (IMDSv2), unless AWS_EC2_METADATA_DISABLED=true. Not being on
 * EC2 is "not configured": the chain then reports that no source had credentials.
 */
export function fromInstanceMetadata(context) {
    return async () => {
        const { runtime } = context;
        if (runtime.variable(AWS_ENV.metadataDisabled)?.toLowerCase() === 'true') {
            throw notConfigured('instance metadata (disabled)');
        }
        const sdk = await import("./sdk-providers.js");
        try {
            const c = await sdk.fromInstanceMetadata({ timeout: 1000, maxRetries: 1 })();
            maskOnce(runtime, c.accessKeyId, c.secretAccessKey, c.sessionToken);
            return { ...c, source: 'instance metadata' };
        }
        catch (error) {
            throw new CiKitError('credentials', `Instance metadata had no credentials: ${oneLine(error.message)}`, {
                code: 'SourceNotConfigured',
                tryNextLink: true,
                cause: error,
            });
        }
    };
}
