import { inputVariableName } from '@aws-ci-kit/generic-adapter';
import { UsageError } from './usage-error.ts';

/** Inputs whose value is a secret: never taken as a flag (see refuseSecretFlags). */
export const SECRET_FLAGS: readonly string[] = ['aws-secret-access-key', 'aws-session-token'];

/**
 * A secret never goes on a command line: other processes read argv, `set -x` prints it, and the
 * credential-process export would write it into the config file. The environment carries it.
 */
export function refuseSecretFlags(command: string, values: Readonly<Record<string, string>>): void {
  const flag = SECRET_FLAGS.find((name) => values[name] !== undefined);
  if (!flag) return;
  throw new UsageError(
    `aws-ci-kit ${command}: --${flag} would put a secret on the command line (and, with --export credential-process, into the AWS config file); set ${inputVariableName(flag)} or AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN in the job's environment instead.`,
  );
}
