import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANY_CI_LOG_COMMANDS,
  CiKitError,
  type CiRuntime,
  describeError,
  errorCode,
  guardOutput,
  isUserError,
  type Logger,
  spawnProcess,
} from '@aws-ci-kit/core';
import type { CiProfile } from './ci-profiles.ts';
import { detectCi } from './detect-ci.ts';
import { genericRules } from './generic-rules.ts';
import { inputVariableName } from './input-variable-name.ts';
import { idTokenSourceName, requestCiIdToken } from './request-ci-id-token.ts';
import { secretRedactor } from './secret-redactor.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface GenericRuntimeOptions {
  readonly env: Env;
  readonly cwd: string;
  /** Inputs given as `--flags` (GitHub input names, without the dashes); they win over variables. */
  readonly flags: Readonly<Record<string, string>>;
  /** Where every log line goes (stderr: stdout carries only the export). */
  readonly writeLog: (line: string) => void;
  readonly debug?: boolean;
  /** `--web-identity-token-env`: the variable holding the job's OIDC token. */
  readonly tokenVariable?: string;
  /**
   * Every later output passes through aws-ci-kit's own redaction (`exec`): no notice that the CI
   * cannot mask values.
   */
  readonly redactsLaterOutput?: boolean;
}

export interface SetValue {
  readonly value: string;
  readonly secret: boolean;
}

/** A CiRuntime for any CI, plus what the step set, for the export at the end. */
export interface GenericRuntime extends CiRuntime {
  readonly profile: CiProfile;
  readonly variables: ReadonlyMap<string, SetValue>;
  readonly outputs: ReadonlyMap<string, SetValue>;
  /** Replaces every secret (and each of its lines) by `***`. */
  redact(text: string): string;
  /** Every value masked so far (each line of a multi-line one): what `aws-ci-kit exec` redacts. */
  maskedValues(): string[];
}

type Write = (line: string) => void;

/** Whether the CI masked `piece` at run time (Buildkite's redactor); no other CI can. */
function maskWithCi(profile: CiProfile, env: Env, piece: string): boolean {
  if (profile.masking !== 'buildkite-agent') return false;
  const result = spawnSync('buildkite-agent', ['redactor', 'add'], {
    input: piece,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'ignore', 'pipe'],
    timeout: 30_000,
  });
  return result.status === 0;
}

/**
 * Masking: our own redactor always, the CI's where it can; a notice, once, when the CI could not
 * mask a value and nothing redacts later output.
 */
function genericMask(
  options: GenericRuntimeOptions,
  profile: CiProfile,
  redactor: ReturnType<typeof secretRedactor>,
  write: Write,
): (secret: string) => void {
  let warned = false;
  return (secret) => {
    const added = redactor.add(secret);
    if (added.length === 0) return;
    let masked = true;
    for (const piece of added) masked = maskWithCi(profile, options.env, piece) && masked;
    if (masked || warned || options.redactsLaterOutput) return;
    warned = true;
    write(
      profile.masking === 'buildkite-agent'
        ? 'warning: buildkite-agent redactor add failed: later commands may print the secrets aws-ci-kit fetched.'
        : `notice: ${profile.name} cannot mask values it did not know before the job started; aws-ci-kit never prints them and redacts them from its own output, so keep them out of your commands' output too.`,
    );
  };
}

/** The log on stderr: levels as prefixes, debug only when asked, groups as a `---` line. */
function genericLog(write: Write, isDebug: boolean): Logger {
  return {
    debug: (message) => {
      if (isDebug) write(`debug: ${message}`);
    },
    info: (message) => write(message),
    warning: (message) => write(`warning: ${message}`),
    error: (message) => write(`error: ${message}`),
    group: async (title, fn) => {
      write(`--- ${title}`);
      return fn();
    },
  };
}

/** The job's OIDC token, from the CI's own source (or `--web-identity-token-env`); masked, its source logged. */
async function genericIdToken(
  runtime: CiRuntime,
  profile: CiProfile,
  tokenVariable: string | undefined,
  audience: string,
  write: Write,
): Promise<string> {
  const settings = tokenVariable ? { tokenVariable } : {};
  const token = await requestCiIdToken(runtime, profile, { ...settings, audience });
  if (!token) {
    throw new CiKitError('configuration', `${profile.name} gives this job no OIDC token.`, {
      code: 'OidcUnavailable',
      tryNextLink: true,
      hint: 'Name the variable holding the token with --web-identity-token-env, or use --web-identity-token-file.',
    });
  }
  runtime.mask(token);
  write(`OIDC token from ${idTokenSourceName(profile, settings)}.`);
  return token;
}

/** A variable reader that treats empty as unset. */
function readVariable(env: Env): (name: string) => string | undefined {
  return (name) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
}

/**
 * The generic CI runtime: inputs from flags and `AWS_CI_KIT_<INPUT>` variables, run context from the
 * CI's own variables (env-ci), logs on stderr with secrets redacted, masking by the CI where it can
 * mask at run time (Buildkite's redactor), variables and outputs kept for the export.
 */
export function createGenericRuntime(options: GenericRuntimeOptions): GenericRuntime {
  const { env, flags } = options;
  const { profile, context } = detectCi(env, options.cwd);
  const redactor = secretRedactor();
  const variables = new Map<string, SetValue>();
  const outputs = new Map<string, SetValue>();
  const state = new Map<string, string>();
  const isDebug = options.debug === true || /^(1|true)$/i.test(env.AWS_CI_KIT_DEBUG ?? '');
  // Redacted first, then the one guard: no GitHub or Azure command, no raw control character.
  const write: Write = (line) => options.writeLog(guardOutput(redactor.redact(line), ANY_CI_LOG_COMMANDS));
  const mask = genericMask(options, profile, redactor, write);
  const set =
    (into: Map<string, SetValue>) =>
    (name: string, value: string, opts?: { secret?: boolean }): void => {
      if (opts?.secret) mask(value);
      into.set(name, { value, secret: opts?.secret === true });
    };
  const runtime: GenericRuntime = {
    ci: 'generic',
    rules: genericRules(profile, env, options.tokenVariable),
    profile,
    context,
    variables,
    outputs,
    redact: (text) => redactor.redact(text),
    maskedValues: () => redactor.pieces(),
    tempDir: env.AWS_CI_KIT_TEMP || env.RUNNER_TEMP || tmpdir(),
    ...userCacheDir(env),
    isDebug,
    input: (name) => {
      const value = (flags[name] ?? env[inputVariableName(name)])?.trim();
      return value === undefined || value === '' ? undefined : value;
    },
    variable: readVariable(env),
    environment: () => ({ ...env }),
    mask,
    setVariable: set(variables),
    setOutput: set(outputs),
    state: { save: (key, value) => void state.set(key, value), get: (key) => state.get(key) },
    idToken: (request) =>
      genericIdToken(
        runtime,
        profile,
        options.tokenVariable,
        request?.audience ?? 'sts.amazonaws.com',
        write,
      ),
    exec: (command, args, execOptions = {}) => {
      if (!execOptions.silent) write(`$ ${command} ${args.join(' ')}`);
      return spawnProcess(command, args, { ...execOptions, baseEnv: env }, (line) => write(line));
    },
    log: genericLog(write, isDebug),
    summary: async (markdown) => {
      if (isDebug) write(`debug: summary:\n${markdown}`);
    },
    fail: (error) => {
      if (!isUserError(error) && error instanceof Error && error.stack && isDebug) write(error.stack);
      write(`error [${errorCode(error)}]: ${describeError(error)}`.replace(/[\r\n]+/g, ' '));
      process.exitCode = 1;
    },
  };
  return runtime;
}

/** The user's cache folder (XDG), where a cache that holds no secret may stay between jobs. */
function userCacheDir(env: Readonly<Record<string, string | undefined>>): { cacheDir?: string } {
  const dir = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return dir ? { cacheDir: dir } : {};
}
