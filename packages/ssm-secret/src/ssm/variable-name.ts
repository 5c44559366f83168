import { envNameProblem } from '@aws-ci-kit/core';

/** A name a dotenv file and a shell accept. */
export function isEnvName(name: string): boolean {
  return envNameProblem(name) === undefined;
}
