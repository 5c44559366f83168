declare module 'env-ci' {
  /** env-ci 11 ships no types: the fields it returns depend on the CI. */
  export default function envCi(options?: {
    env?: Record<string, string>;
    cwd?: string;
  }): Record<string, unknown>;
}
