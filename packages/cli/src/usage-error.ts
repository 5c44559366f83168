/** Bad usage (exit code 2): one line that names the flag and the fix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
