/**
 * Each CI's way of running its package, for the channel suites: CircleCI (the packed orb's commands,
 * one `/bin/bash -x -eo pipefail` per step, $BASH_ENV), Buildkite (the plugin's hooks sourced by a
 * wrapper whose environment the later phases get, a stand-in buildkite-agent), Bitbucket (pipe.sh).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseJobEnv, type Layout, runShell, type ShellRun } from './channels.ts';
import { type OrbCommand, packOrb, type RunStep, substitute } from './orb.ts';

/** Where a simulated job runs: the release layout, the AWS endpoint, extra job variables. */
export interface JobContext {
  readonly layout: Layout;
  readonly endpoint: string;
  readonly env?: Record<string, string>;
}

export interface JobStep {
  command?: string;
  orb?: [string, Record<string, string>];
}
/** Runs `steps` as CircleCI does: one bash per step, $BASH_ENV sourced by bash, -eo pipefail. */
export async function runCircleciJob(job: JobContext, steps: JobStep[], token: string): Promise<ShellRun> {
  const { layout } = job;
  const orb = packOrb(join(layout.dir, 'circleci/src'));
  const env = baseJobEnv(layout.bin, job.endpoint, {
    ...job.env,
    CIRCLECI: 'true',
    CI: 'true',
    CIRCLE_BUILD_NUM: '77',
    CIRCLE_JOB: 'deploy',
    CIRCLE_PROJECT_REPONAME: 'webapp',
    CIRCLE_PROJECT_USERNAME: 'org',
    CIRCLE_SHA1: '0123456789abcdef0123456789abcdef01234567',
    CIRCLE_BRANCH: 'main',
    CIRCLE_USERNAME: 'alice',
    CIRCLE_REPOSITORY_URL: 'https://github.com/org/webapp',
    CIRCLE_OIDC_TOKEN_V2: token,
  });
  env.BASH_ENV = join(env.HOME!, '.circleci-bash-env');
  writeFileSync(env.BASH_ENV, '');
  let log = '';
  for (const step of steps) {
    const runs: Array<{ command: string; environment: Record<string, string> }> = [];
    if (step.command) runs.push({ command: step.command, environment: {} });
    if (step.orb) {
      const command = orb.commands[step.orb[0]] as OrbCommand;
      for (const s of command.steps) {
        const run = (s as RunStep).run as { command: string; environment?: Record<string, string> };
        const params = command.parameters ?? {};
        runs.push({
          command: substitute(run.command, params, step.orb[1]),
          environment: Object.fromEntries(
            Object.entries(run.environment ?? {}).map(([k, v]) => [
              k,
              substitute(String(v), params, step.orb![1]),
            ]),
          ),
        });
      }
    }
    for (const run of runs) {
      const result = await runShell(['/bin/bash', '-x', '-eo', 'pipefail', '-c', run.command], {
        ...env,
        ...run.environment,
      });
      log += result.log;
      if (result.code !== 0) return { code: result.code, log };
    }
  }
  return { code: 0, log };
}

/** A stand-in agent: oidc request-token prints the token; redactor add and env set record stdin. */
function standInAgent(layout: Layout, token: string): { dir: string; redacted: string; envSet: string } {
  const dir = mkdtempSync(join(layout.bin, '..', 'akit-bk-agent-'));
  writeFileSync(join(dir, 'token'), token);
  const redacted = join(dir, 'redacted');
  const envSet = join(dir, 'env-set');
  writeFileSync(
    join(dir, 'buildkite-agent'),
    `#!/usr/bin/env bash
set -euo pipefail
case "$1 $2" in
"oidc request-token") cat '${dir}/token' ;;
"redactor add") cat >> '${redacted}'; echo >> '${redacted}' ;;
"env set") cat >> '${envSet}' ;;
*) echo "stand-in buildkite-agent: $*" >&2; exit 1 ;;
esac
`,
  );
  chmodSync(join(dir, 'buildkite-agent'), 0o755);
  return { dir, redacted, envSet };
}

/**
 * The agent's job: each hook sourced by a bash wrapper whose exported environment the later
 * phases get (pre-command -> command -> post-command), `buildkite-agent env set` applied, pre-exit
 * always. Every bash runs with -x, as a `set -x` in a hook or command would.
 */
export async function runBuildkiteJob(
  job: JobContext,
  plugin: Record<string, string>,
  command: string,
  token: string,
) {
  const { layout } = job;
  const agent = standInAgent(layout, token);
  const hooks = join(layout.dir, 'buildkite/hooks');
  let env: Record<string, string> = {
    ...baseJobEnv(`${agent.dir}:${layout.bin}`, job.endpoint, {
      ...job.env,
      BUILDKITE: 'true',
      CI: 'true',
      BUILDKITE_BUILD_NUMBER: '10',
      BUILDKITE_JOB_ID: '0190-job',
      BUILDKITE_PIPELINE_SLUG: 'webapp',
      BUILDKITE_REPO: 'https://github.com/org/webapp.git',
      BUILDKITE_COMMIT: '0123456789abcdef0123456789abcdef01234567',
      BUILDKITE_BRANCH: 'main',
      BUILDKITE_BUILD_CREATOR: 'alice',
    }),
    ...plugin,
  };
  const envFile = join(agent.dir, 'env-after');
  const hook = async (name: string) => {
    const run = await runShell(
      ['bash', '-x', '-c', '. "$1"; env -0 > "$2"', 'hook', join(hooks, name), envFile],
      env,
    );
    if (run.code === 0) {
      env = Object.fromEntries(
        readFileSync(envFile, 'utf8')
          .split('\0')
          .filter(Boolean)
          .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
      );
      if (existsSync(agent.envSet)) {
        for (const line of readFileSync(agent.envSet, 'utf8').split('\n').filter(Boolean))
          Object.assign(env, JSON.parse(line));
      }
    }
    return run;
  };
  let log = '';
  let code = 0;
  const pre = await hook('pre-command');
  log += pre.log;
  code = pre.code;
  if (code === 0) {
    const main = await runShell(['bash', '-x', '-euo', 'pipefail', '-c', command], env);
    log += main.log;
    code = main.code;
    env.BUILDKITE_COMMAND_EXIT_STATUS = String(main.code);
    const post = await hook('post-command');
    log += post.log;
    code ||= post.code;
  }
  const exit = await hook('pre-exit');
  log += exit.log;
  // The agent redacts every value registered with `redactor add` from the job log.
  const redactions = existsSync(agent.redacted)
    ? readFileSync(agent.redacted, 'utf8').split('\n').filter(Boolean)
    : [];
  for (const value of redactions) log = log.replaceAll(value, '[REDACTED]');
  return { code, log, agent, configDir: env.AWSCIKIT_BUILDKITE_DIR };
}

/** pipe.sh as the pipe's container runs it, under bash -x, in a clone directory of its own. */
export async function runBitbucketPipe(job: JobContext, variables: Record<string, string>, token: string) {
  const { layout } = job;
  const clone = mkdtempSync(join(layout.bin, '..', 'akit-bb-clone-'));
  const env = baseJobEnv(layout.bin, job.endpoint, {
    ...job.env,
    CI: 'true',
    BITBUCKET_BUILD_NUMBER: '5',
    BITBUCKET_COMMIT: '0123456789abcdef0123456789abcdef01234567',
    BITBUCKET_BRANCH: 'main',
    BITBUCKET_REPO_SLUG: 'webapp',
    BITBUCKET_REPO_FULL_NAME: 'org/webapp',
    BITBUCKET_WORKSPACE: 'org',
    BITBUCKET_CLONE_DIR: clone,
    BITBUCKET_STEP_OIDC_TOKEN: token,
    ...variables,
  });
  return runShell(['bash', '-x', join(layout.dir, 'bitbucket/pipe.sh')], env);
}
