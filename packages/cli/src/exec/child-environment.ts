import { CiKitError, envNameProblem } from '@aws-ci-kit/core';

type Env = Readonly<Record<string, string | undefined>>;

/** Our input variables: the child never sees them, so an `aws-ci-kit` inside it does not act on them again. */
export const INPUT_PREFIX = 'AWS_CI_KIT_';

/**
 * What would make an AWS tool in the child resolve other credentials than the ones handed to it:
 * a profile (which may hold the job's long-term keys), an old session token, a role to assume.
 */
const OTHER_SOURCES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
];

/**
 * The child's environment: ours without our input variables, plus `values` (credentials last, so
 * a secret's name can never replace them). When credentials are given, nothing else that names a
 * credential source stays. Every name is checked as an environment variable name (core's rule).
 */
export function childEnvironment(
  base: Env,
  secrets: ReadonlyMap<string, string>,
  credentials: ReadonlyMap<string, string>,
): Record<string, string> {
  const bad = [...secrets.keys(), ...credentials.keys()].filter((n) => envNameProblem(n) !== undefined);
  if (bad.length > 0) {
    throw new CiKitError(
      'input',
      `Variable name(s) the command's environment cannot hold: ${bad.join(', ')}.`,
      {
        code: 'InvalidVariableName',
        hint: 'Use the `env` name transform (--name-transform env) or map names with name=VAR.',
      },
    );
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base))
    if (value !== undefined && !name.startsWith(INPUT_PREFIX)) env[name] = value;
  for (const [name, value] of secrets) env[name] = value;
  return withCredentials(env, credentials);
}

/** `env` with `credentials` in place of every other credential source it names. */
export function withCredentials(env: Env, credentials: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  if (credentials.has('AWS_ACCESS_KEY_ID')) for (const name of OTHER_SOURCES) delete out[name];
  for (const [name, value] of credentials) if (value !== '') out[name] = value;
  return out;
}

/** `env` without the input variables (AWS_CI_KIT_<FLAG>) of `names`. */
export function withoutInputs(env: Env, names: Iterable<string>, variableName: (n: string) => string): Env {
  const out = { ...env };
  for (const name of names) delete out[variableName(name)];
  return out;
}
