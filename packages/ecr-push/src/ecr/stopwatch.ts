/**
 * A clock started now, read in seconds: process.hrtime: the `performance` global loads node's perf_hooks
 * and eight modules behind it on first use (1.7-2.4 ms at the start of every push, node 20 and 24),
 * for timings the step only prints.
 */
export function stopwatch(): () => number {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e9;
}
