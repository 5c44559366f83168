const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why a shell, a dotenv file or `GITHUB_ENV` would refuse this environment variable name, or undefined. */
export function envNameProblem(name: string): string | undefined {
  if (name === '') return 'empty name';
  if (name.length > 256) return 'longer than 256 characters';
  if (!ENV_NAME.test(name))
    return 'environment variable names may only contain A-Z, a-z, 0-9, _ and not start with a digit';
  return undefined;
}
