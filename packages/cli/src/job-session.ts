import { createHash } from 'node:crypto';
import { CiKitError } from '@aws-ci-kit/core';
import type { GenericRuntime } from '@aws-ci-kit/generic-adapter';
import { inputVariableName } from '@aws-ci-kit/generic-adapter';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Exported next to the keys of an assumed role: `<role-to-assume as given> <hash of the access key
 * id> [<expiry, ISO 8601>]`. Not a secret: it names the role, identifies the session and says when it
 * ends, and holds no part of a key.
 */
export const SESSION_MARKER = 'AWS_CI_KIT_ASSUMED_ROLE';
const ROLE_INPUT = 'role-to-assume';
/** A session this close to its end is not handed to a command: it could expire half-way. */
const EXPIRY_MARGIN_MS = 60_000;

function keyHash(accessKeyId: string): string {
  return createHash('sha256').update(accessKeyId).digest('hex').slice(0, 16);
}

/** The marker for what the credentials step just set, when it assumed `role-to-assume`. */
export function sessionMarker(runtime: GenericRuntime): string | undefined {
  const role = runtime.input(ROLE_INPUT);
  const accessKeyId = runtime.variables.get('AWS_ACCESS_KEY_ID')?.value;
  if (!role || !accessKeyId || /\s/.test(role)) return undefined;
  const expiry = runtime.outputs.get('aws-expiration')?.value;
  return expiry ? `${role} ${keyHash(accessKeyId)} ${expiry}` : `${role} ${keyHash(accessKeyId)}`;
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
export function reuseJobSession(env: Env, flags: Record<string, string>, now = Date.now()): JobSession {
  const [role, hash, expiry] = (env[SESSION_MARKER] ?? '').split(' ');
  const asked = (flags[ROLE_INPUT] ?? env[inputVariableName(ROLE_INPUT)])?.trim();
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  if (!role || !hash || !asked || asked !== role || !accessKeyId || keyHash(accessKeyId) !== hash)
    return { env, flags };
  refuseExpired(role, expiry, now);
  const { [ROLE_INPUT]: _flag, ...rest } = flags;
  return { env: { ...env, [inputVariableName(ROLE_INPUT)]: undefined }, flags: rest, reused: role };
}

/**
 * The keys in the environment are the role's own: once its session has ended nothing can assume the
 * role again from them, so say so in one line instead of letting AWS answer ExpiredToken later.
 */
function refuseExpired(role: string, expiry: string | undefined, now: number): void {
  const ends = expiry ? Date.parse(expiry) : Number.NaN;
  if (Number.isNaN(ends) || ends - now > EXPIRY_MARGIN_MS) return;
  throw new CiKitError(
    'configuration',
    `The session of ${role} that an earlier aws-ci-kit command of this job exported ${ends <= now ? 'ended' : 'ends'} at ${expiry} (${SESSION_MARKER}).`,
    {
      code: 'JobSessionExpired',
      hint: 'Run the AWS commands inside `aws-ci-kit exec -- <command>` (it assumes the role when the command starts), or assume the role for longer with `--role-duration-seconds`.',
    },
  );
}
