/**
 * A provider that asks `provider` once and reuses the value until `isExpired(value)` (the AWS
 * SDK's `memoize` with an expiry test): callers at the same moment share one request, a failed
 * request is not cached, and a value that never expires (`canExpire` false) is never asked again.
 *
 * Kept here instead of importing `memoize` from `@smithy/core/config` (see first-provider.ts).
 */
export function memoizeProvider(provider, isExpired, canExpire) {
    let value;
    let pending;
    const ask = async () => {
        pending ??= provider();
        try {
            const current = await pending;
            value = { current };
            return current;
        }
        finally {
            pending = undefined;
        }
    };
    return async () => {
        if (value === undefined)
            return ask();
        if (canExpire(value.current) && isExpired(value.current))
            return ask();
        return value.current;
    };
}
