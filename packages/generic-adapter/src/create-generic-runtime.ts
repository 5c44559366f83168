import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import {
  ANY_CI_LOG_COMMANDS,
  CiKitError,
  type CiRuntime,
  describeError,
  errorCode,
  guardOutput,
  isUserError,
  type RunContext,
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

/**
 * The generic CI runtime: inputs from flags and `AWS_CI_KIT_<INPUT>` variables, run context from the
 * CI's own variables (env-ci), logs on stderr with secrets redacted, masking by the CI where it can
 * mask at run time (Buildkite's redactor), variables and outputs kept for the export.
 */
export function createGenericRuntime(options: GenericRuntimeOptions): GenericRuntime {
  const { env, flags } = options;
  const detected = detectCi(env, options.cwd);
  const profile = detected.profile;
  const context: RunContext = detected.context;
  const redactor = secretRedactor();
  const variables = new Map<string, SetValue>();
  const outputs = new Map<string, SetValue>();
  const state = new Map<string, string>();
  const isDebug = options.debug === true || /^(1|true)$/i.test(env.AWS_CI_KIT_DEBUG ?? '');
  // Redacted first, then the one guard: no GitHub or Azure command, no raw control character.
  const write = (line: string): void =>
    options.writeLog(guardOutput(redactor.redact(line), ANY_CI_LOG_COMMANDS));
  let maskWarned = false;

  const ciMask = (piece: string): boolean => {
    if (profile.masking !== 'buildkite-agent') return false;
    const result = spawnSync('buildkite-agent', ['redactor', 'add'], {
      input: piece,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: 30_000,
    });
    return result.status === 0;
  };
  const mask = (secret: string): void => {
    const added = redactor.add(secret);
    if (added.length === 0) return;
    let masked = true;
    for (const piece of added) masked = ciMask(piece) && masked;
    if (!masked && !maskWarned && !options.redactsLaterOutput) {
      maskWarned = true;
      write(
        profile.masking === 'buildkite-agent'
          ? 'warning: buildkite-agent redactor add failed: later commands may print the secrets aws-ci-kit fetched.'
          : `notice: ${profile.name} cannot mask values it did not know before the job started; aws-ci-kit never prints them and redacts them from its own output, so keep them out of your commands' output too.`,
      );
    }
  };
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
    isDebug,
    input: (name) => {
      const value = (flags[name] ?? env[inputVariableName(name)])?.trim();
      return value === undefined || value === '' ? undefined : value;
    },
    variable: (name) => {
      const value = env[name];
      return value === undefined || value === '' ? undefined : value;
    },
    environment: () => ({ ...env }),
    mask,
    setVariable: set(variables),
    setOutput: set(outputs),
    state: {
      save: (key, value) => {
        state.set(key, value);
      },
      get: (key) => state.get(key),
    },
    idToken: async (request) => {
      const token = await requestCiIdToken(runtime, profile, {
        ...(options.tokenVariable ? { tokenVariable: options.tokenVariable } : {}),
        audience: request?.audience ?? 'sts.amazonaws.com',
      });
      if (!token) {
        throw new CiKitError('configuration', `${profile.name} gives this job no OIDC token.`, {
          code: 'OidcUnavailable',
          tryNextLink: true,
          hint: 'Name the variable holding the token with --web-identity-token-env, or use --web-identity-token-file.',
        });
      }
      mask(token);
      write(
        `OIDC token from ${idTokenSourceName(profile, options.tokenVariable ? { tokenVariable: options.tokenVariable } : {})}.`,
      );
      return token;
    },
    exec: (command, args, execOptions = {}) => {
      if (!execOptions.silent) write(`$ ${command} ${args.join(' ')}`);
      return spawnProcess(command, args, { ...execOptions, baseEnv: env }, (line) => write(line));
    },
    log: {
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
    },
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
