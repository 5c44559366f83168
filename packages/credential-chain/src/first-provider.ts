/**
 * The first provider that answers, in order (the AWS SDK's `chain` semantics): a provider that
 * fails with `tryNextLink` ("not configured here") passes to the next; any other failure stops
 * the chain. When every provider passes, the last one's error is thrown.
 *
 * Kept here instead of importing `chain` from `@smithy/core/config`: that barrel, reached from the
 * entries, puts the SDK's client and schema modules into the chunks every run loads at start.
 */
export function firstProvider<T>(...providers: ReadonlyArray<() => Promise<T>>): () => Promise<T> {
  return async () => {
    let last: unknown = new Error('No providers in chain');
    for (const provider of providers) {
      try {
        return await provider();
      } catch (error) {
        last = error;
        if ((error as { tryNextLink?: boolean } | undefined)?.tryNextLink) continue;
        throw error;
      }
    }
    throw last;
  };
}
