import { createHash } from 'node:crypto';
import type { GenericRuntime } from '@aws-ci-kit/generic-adapter';
import { inputVariableName } from '@aws-ci-kit/generic-adapter';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Exported next to the keys of an assumed role: `<role-to-assume as given> <hash of the access key
 * id>`. Not a secret: it names the role and identifies the session, and holds no part of a key.
 */
export const SESSION_MARKER = 'AWS_CI_KIT_ASSUMED_ROLE';
const ROLE_INPUT = 'role-to-assume';

function keyHash(accessKeyId: string): string {
  return createHash('sha256').update(accessKeyId).digest('hex').slice(0, 16);
}

/** The marker for what the credentials step just set, when it assumed `role-to-assume`. */
export function sessionMarker(runtime: GenericRuntime): string | undefined {
  const role = runtime.input(ROLE_INPUT);
  const accessKeyId = runtime.variables.get('AWS_ACCESS_KEY_ID')?.value;
  if (!role || !accessKeyId || /\s/.test(role)) return undefined;
  return `${role} ${keyHash(accessKeyId)}`;
}

export interface JobSession {
  readonly env: Env;
  readonly flags: Record<string, string>;
  /** The role whose session is reused (then the role is not assumed again). */
  readonly reused?: string;
}

/**
 * One role assumption per job: when this run asks for the role whose session an earlier run of the
 * job exported (the marker matches the role asked for and the keys in the environment), the role
 * input is dropped and the step uses those keys, instead of assuming the role from its own session
 * (which a trust policy rarely allows).
 */
export function reuseJobSession(env: Env, flags: Record<string, string>): JobSession {
  const [role, hash] = (env[SESSION_MARKER] ?? '').split(' ');
  const asked = (flags[ROLE_INPUT] ?? env[inputVariableName(ROLE_INPUT)])?.trim();
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  if (!role || !hash || !asked || asked !== role || !accessKeyId || keyHash(accessKeyId) !== hash)
    return { env, flags };
  const { [ROLE_INPUT]: _flag, ...rest } = flags;
  return { env: { ...env, [inputVariableName(ROLE_INPUT)]: undefined }, flags: rest, reused: role };
}
