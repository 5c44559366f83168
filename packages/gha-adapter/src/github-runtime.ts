import { EOL, tmpdir } from 'node:os';
import * as core from '@actions/core';
import { getExecOutput } from '@actions/exec';
import {
  type CiRuntime,
  describeError,
  type ExecOptions,
  type ExecResult,
  githubRunContext,
  isUserError,
  secretLines,
} from '@aws-ci-kit/core';
import { guardCommands } from './command-guard.ts';

type Env = Record<string, string | undefined>;

function write(text: string): void {
  process.stdout.write(guardCommands(text) + EOL);
}

/** The CiRuntime of a GitHub Actions step, over @actions/core and @actions/exec. */
export function createGithubRuntime(env: Env = process.env): CiRuntime {
  const mask = (secret: string): void => {
    for (const piece of secretLines(secret)) core.setSecret(piece);
  };
  const runtime: CiRuntime = {
    ci: 'github',
    context: githubRunContext(env),
    tempDir: env.RUNNER_TEMP || tmpdir(),
    isDebug: core.isDebug(),
    input: (name) => {
      const value = core.getInput(name);
      return value === '' ? undefined : value;
    },
    variable: (name) => {
      const value = env[name];
      return value === undefined || value === '' ? undefined : value;
    },
    environment: () => ({ ...env }),
    mask,
    setVariable: (name, value, options) => {
      if (options?.secret) mask(value);
      core.exportVariable(name, value);
    },
    setOutput: (name, value, options) => {
      if (options?.secret) mask(value);
      core.setOutput(name, value);
    },
    state: {
      save: (key, value) => core.saveState(key, value),
      get: (key) => core.getState(key) || undefined,
    },
    idToken: async (request) => {
      const token = await core.getIDToken(request?.audience);
      mask(token);
      return token;
    },
    exec: async (
      command: string,
      args: readonly string[],
      options: ExecOptions = {},
    ): Promise<ExecResult> => {
      const childEnv: Record<string, string> = {};
      for (const [key, value] of Object.entries({ ...env, ...options.env })) {
        if (value !== undefined) childEnv[key] = value;
      }
      const result = await getExecOutput(command, [...args], {
        cwd: options.cwd,
        env: childEnv,
        silent: options.silent ?? false,
        ignoreReturnCode: options.ignoreReturnCode ?? false,
        ...(options.stdin === undefined ? {} : { input: Buffer.from(options.stdin) }),
      });
      return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    },
    log: {
      debug: (message) => core.debug(message),
      info: (message) => write(message),
      warning: (message) => core.warning(message),
      error: (message) => core.error(message),
      group: (title, fn) => core.group(title, fn),
    },
    summary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) {
        core.debug('No GITHUB_STEP_SUMMARY file: summary not written.');
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    },
    fail: (error) => {
      if (!isUserError(error) && error instanceof Error && error.stack) core.debug(error.stack);
      core.setFailed(describeError(error));
    },
  };
  return runtime;
}
