import { type CiRules, envNameProblem } from '@aws-ci-kit/core';

/** GitHub refuses to let a step overwrite these through GITHUB_ENV. */
const GITHUB_RESERVED = /^(GITHUB_|RUNNER_)|^NODE_OPTIONS$/i;

/**
 * configure-aws-credentials' session tags (6.x `assumeRole.ts`), in its order: `GitHub=Actions`,
 * then Repository, Workflow, Action, Actor, Commit, Branch (the full `GITHUB_REF`), then EventName,
 * BaseRef, HeadRef, RunId, Job, TriggeringActor; unset ones left out.
 */
function sessionTags(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const tags: Record<string, string | undefined> = {
    GitHub: 'Actions',
    Repository: env.GITHUB_REPOSITORY,
    Workflow: env.GITHUB_WORKFLOW,
    Action: env.GITHUB_ACTION,
    Actor: env.GITHUB_ACTOR,
    Commit: env.GITHUB_SHA,
    Branch: env.GITHUB_REF,
    EventName: env.GITHUB_EVENT_NAME,
    BaseRef: env.GITHUB_BASE_REF,
    HeadRef: env.GITHUB_HEAD_REF,
    RunId: env.GITHUB_RUN_ID,
    Job: env.GITHUB_JOB,
    TriggeringActor: env.GITHUB_TRIGGERING_ACTOR,
  };
  return Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => !!e[1]));
}

/** What differs on GitHub Actions (configure-aws-credentials' input names and meaning). */
export function githubRules(env: Readonly<Record<string, string | undefined>>): CiRules {
  return {
    displayName: 'GitHub',
    sessionPrefix: 'GitHubActions',
    // configure-aws-credentials' default session name and tag keys: trust policies may test them.
    roleSessionName: 'GitHubActions',
    sessionTags: sessionTags(env),
    inputNaming: 'kebab',
    variableNameProblem: (name) =>
      envNameProblem(name) ??
      (GITHUB_RESERVED.test(name) ? 'GitHub does not let a step set this variable' : undefined),
    variableNameHint:
      'Use the `env` name transform (or `leaf,env`), or map the parameter to a valid name (`/path/name=VAR`).',
    caseInsensitiveVariables: false,
    multilineSecretHint: () => undefined,
    noCredentialsHint:
      'Set `role-to-assume` (with `permissions: id-token: write` for OIDC), or `aws-access-key-id`/`aws-secret-access-key` from secrets.',
    credentialSources:
      'step inputs, OIDC (role-to-assume), environment, shared config files, container and instance metadata',
    regionHint:
      'Set `aws-region` on the step (or AWS_REGION in the `env` of the job or workflow, or `region` in the profile).',
    // The runner reads `::cmd::` at a line's start (after white space) and the legacy `##[cmd]` anywhere.
    logCommands: { atLineStart: ['::'], anywhere: ['##['] },
    inputLabel: (name) => `\`${name}\``,
    jobIdToken: !!env.ACTIONS_ID_TOKEN_REQUEST_URL && !!env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    postStep: true,
  };
}
