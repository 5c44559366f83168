import ACTION_FLAGS from '../action-flags.generated.json' with { type: 'json' };
import type { FlagSpec } from '../commands.ts';

/** Inputs that write or export something: `exec` keeps every value in the child's environment. */
export const NOT_FOR_EXEC: ReadonlySet<string> = new Set([
  'aws-profile',
  'overwrite-aws-profile',
  'output-credentials',
  'output-env-credentials',
  'dotenv-file',
]);

/** `exec`'s credential flags: every `credentials` flag but those that write a profile or outputs. */
export const EXEC_CREDENTIAL_FLAGS: readonly FlagSpec[] = ACTION_FLAGS.credentials.flags.filter(
  (f) => !NOT_FOR_EXEC.has(f.name),
);

const CREDENTIAL_NAMES = new Set(ACTION_FLAGS.credentials.flags.map((f) => f.name));

/** `exec`'s secret flags: the `ssm-secret` flags that are not credential flags (region, role... once). */
export const EXEC_SECRET_FLAGS: readonly FlagSpec[] = ACTION_FLAGS['ssm-secret'].flags.filter(
  (f) => !NOT_FOR_EXEC.has(f.name) && !CREDENTIAL_NAMES.has(f.name),
);

/**
 * Credential inputs the SSM read still honours once the credentials are resolved: how to reach
 * AWS, never where credentials come from (so the role is assumed once, by the credentials run).
 */
export const TRANSPORT_INPUTS: ReadonlySet<string> = new Set([
  'aws-region',
  'retry-max-attempts',
  'disable-retry',
  'http-proxy',
  'no-proxy',
  'log-request',
  'log-response',
  'mask-aws-account-id',
]);

export const CREDENTIAL_INPUT_NAMES: ReadonlySet<string> = CREDENTIAL_NAMES;
