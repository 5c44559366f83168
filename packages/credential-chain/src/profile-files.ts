import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CiRuntime } from '@aws-ci-kit/core';
import { AWS_ENV } from './credential-inputs.ts';

/** Which shared-config profile the chain reads, and from which files. */
export interface ProfileFiles {
  readonly name: string;
  /** Named by an input or AWS_PROFILE (a missing profile is then an error, not a fall-through). */
  readonly explicit: boolean;
  readonly credentialsPath: string;
  readonly configPath: string;
  /** Paths set explicitly (passed on to the SDK providers). */
  readonly filepath?: string;
  readonly configFilepath?: string;
}

/** The profile and file paths, read through the runtime (input `aws-profile`, AWS_PROFILE, AWS_*_FILE). */
export function profileFiles(runtime: CiRuntime, inputProfile: string | undefined): ProfileFiles {
  const named = inputProfile ?? runtime.variable(AWS_ENV.profile) ?? runtime.variable(AWS_ENV.defaultProfile);
  const home = runtime.variable('HOME') ?? runtime.variable('USERPROFILE') ?? homedir();
  const filepath = runtime.variable(AWS_ENV.credentialsFile);
  const configFilepath = runtime.variable(AWS_ENV.configFile);
  return {
    name: named ?? 'default',
    explicit: named !== undefined,
    credentialsPath: filepath ?? join(home, '.aws', 'credentials'),
    configPath: configFilepath ?? join(home, '.aws', 'config'),
    ...(filepath ? { filepath } : {}),
    ...(configFilepath ? { configFilepath } : {}),
  };
}
