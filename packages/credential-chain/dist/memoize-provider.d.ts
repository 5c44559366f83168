/**
 * A provider that asks `provider` once and reuses the value until `isExpired(value)` (the AWS
 * SDK's `memoize` with an expiry test): callers at the same moment share one request, a failed
 * request is not cached, and a value that never expires (`canExpire` false) is never asked again.
 *
 * Kept here instead of importing `memoize` from `@smithy/core/config` (see first-provider.ts).
 */
export declare function memoizeProvider<T>(provider: () => Promise<T>, isExpired: (value: T) => boolean, canExpire: (value: T) => boolean): () => Promise<T>;
