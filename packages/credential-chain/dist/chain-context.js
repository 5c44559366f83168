import { CiKitError } from '@aws-ci-kit/core';
/** "Not configured here": the chain tries the next source. */
export function notConfigured(source) {
    return new CiKitError('credentials', `No credentials from ${source}.`, {
        code: 'SourceNotConfigured',
        tryNextLink: true,
    });
}
