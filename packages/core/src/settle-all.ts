/** The values of a tuple of promises, in their order. */
export type SettledValues<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> };

/**
 * Every value once every promise has settled; otherwise the first failure in the order given (not
 * the first to happen): nothing that follows starts while another part is still running, and the
 * caller puts first the failure that says most (a login before what needed it). Unlike
 * Promise.allSettled it gives values, not outcomes, and unlike Promise.all it never fails early.
 */
export async function settleAll<const T extends readonly unknown[]>(promises: T): Promise<SettledValues<T>> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as SettledValues<T>;
}
