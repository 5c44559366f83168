import { UsageError } from './usage-error.ts';

/** The flag of `credential-process` naming the profile that runs it (never read for its credentials). */
export const SERVES_PROFILE_FLAG = 'serves-profile';

export interface ProfileCommandSpec {
  readonly execPath: string;
  readonly scriptPath: string;
  readonly profile: string;
  /** The step inputs given as flags (a flag given twice holds both values, one per line). */
  readonly inputs: Readonly<Record<string, string>>;
  readonly tokenVariable?: string | undefined;
}

/**
 * The argv of a profile's `credential_process = ...` line. A multi-line value (a flag given twice,
 * a pretty-printed policy) becomes the flag repeated once per line, which the CLI joins back into
 * the same value, so the line stays one INI line that botocore and the SDK read back. A value that
 * cannot be written that way is refused, as is a profile that would run itself.
 */
export function credentialProcessArgv(spec: ProfileCommandSpec): string[] {
  if (spec.profile === 'default' || spec.inputs['source-profile']?.trim() === spec.profile) {
    throw new UsageError(
      `aws-ci-kit credentials: --export credential-process cannot write profile \`${spec.profile}\`: its credential_process would read that same profile for its own credentials; name another profile with --aws-profile (e.g. --aws-profile ci).`,
    );
  }
  const flags: string[] = [];
  for (const [name, value] of Object.entries(spec.inputs)) {
    if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(value)) {
      throw new UsageError(
        `aws-ci-kit credentials: --${name} holds a control character (carriage return, tab, ...) that a profile line cannot carry; remove it, or use \`aws-ci-kit exec\` instead of --export credential-process.`,
      );
    }
    for (const line of value.split('\n')) flags.push(`--${name}=${line}`);
  }
  return [
    spec.execPath,
    spec.scriptPath,
    'credential-process',
    `--${SERVES_PROFILE_FLAG}=${spec.profile}`,
    ...flags,
    ...(spec.tokenVariable ? [`--web-identity-token-env=${spec.tokenVariable}`] : []),
  ];
}

/**
 * `credential-process --serves-profile P`: the environment without AWS_PROFILE/AWS_DEFAULT_PROFILE
 * when they name P, so the command never resolves the profile that launched it (which would start
 * it again, without end). With no other source left, the chain fails in one line.
 */
export function withoutServedProfile(
  env: Readonly<Record<string, string | undefined>>,
  profile: string | undefined,
): Readonly<Record<string, string | undefined>> {
  if (!profile) return env;
  const out = { ...env };
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) if (out[name] === profile) delete out[name];
  return out;
}
