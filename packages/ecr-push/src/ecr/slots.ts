/**
 * At most `limit` jobs at once, in the order asked; once one fails, jobs not yet started fail
 * with that error instead of running (as mapLimit stops new work).
 */
export function slots(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  let failure: { error: unknown } | undefined;
  const waiting: Array<() => void> = [];
  return async (job) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      if (failure) throw failure.error;
      return await job();
    } catch (error) {
      failure ??= { error };
      throw error;
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
