import { EOL, tmpdir } from 'node:os';
import * as core from '@actions/core';
import {
  type CiRuntime,
  describeError,
  errorCode,
  isUserError,
  secretLines,
  spawnProcess,
  toolEnvironment,
} from '@aws-ci-kit/core';
import { guardCommands, guardTitle } from './command-guard.ts';
import { githubRules } from './github-rules.ts';
import { githubRunContext } from './github-run-context.ts';
import { requestIdToken } from './request-id-token.ts';

type Env = Record<string, string | undefined>;

function write(text: string): void {
  process.stdout.write(guardCommands(text) + EOL);
}

/**
 * A tool's environment: the step's, without what the runner gives the action alone: its inputs
 * (`INPUT_*`, e.g. `INPUT_AWS-SECRET-ACCESS-KEY`) and the job's runtime token. A child (docker,
 * buildah, the AWS CLI) gets neither, as on Azure Pipelines (core's `toolEnvironment` rule).
 */
export function childEnv(env: Env): Env {
  return toolEnvironment(env, ['ACTIONS_RUNTIME_TOKEN']);
}

/** The CiRuntime of a GitHub Actions step, over @actions/core; tools run through core's spawnProcess. */
export function createGithubRuntime(env: Env = process.env): CiRuntime {
  const masked = new Set<string>();
  const mask = (secret: string): void => {
    masked.add(secret);
    for (const piece of secretLines(secret)) core.setSecret(piece);
  };
  const runtime: CiRuntime = {
    ci: 'github',
    rules: githubRules(env),
    context: githubRunContext(env),
    tempDir: env.RUNNER_TEMP || tmpdir(),
    ...(env.RUNNER_TOOL_CACHE ? { cacheDir: env.RUNNER_TOOL_CACHE } : {}),
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
    isMasked: (value) => masked.has(value),
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
      const token = await requestIdToken(env, request?.audience);
      mask(token);
      return token;
    },
    // The child's output is logged line by line through the command guard: a tool that prints
    // `::set-env`, `::add-mask::` or `##[...]` (e.g. echoing a value read from AWS) cannot issue commands.
    exec: (command, args, options = {}) => {
      if (!options.silent) write(`[command]${command} ${args.join(' ')}`);
      return spawnProcess(command, args, { ...options, baseEnv: childEnv(env) }, (line) =>
        options.passCommands ? process.stdout.write(`${line}\n`) : write(line),
      );
    },
    log: {
      debug: (message) => core.debug(guardCommands(message)),
      info: (message) => write(message),
      warning: (message) => core.warning(guardCommands(message)),
      error: (message) => core.error(guardCommands(message)),
      group: (title, fn) => core.group(guardTitle(title), fn),
    },
    summary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) {
        core.debug('No GITHUB_STEP_SUMMARY file: summary not written.');
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    },
    fail: (error) => {
      if (!isUserError(error) && error instanceof Error && error.stack)
        core.debug(guardCommands(error.stack));
      // setFailed's annotation, with the stable code as its title (@actions/core escapes the property).
      process.exitCode = 1;
      core.error(guardTitle(describeError(error)), { title: errorCode(error) });
    },
  };
  return runtime;
}
