/// <reference path="./env-ci.d.ts" />

import { type RunContext, runContext } from '@aws-ci-kit/core';
import envCi from 'env-ci';
import { type CiProfile, ciProfile } from './ci-profiles.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface DetectedCi {
  readonly profile: CiProfile;
  readonly context: RunContext;
}

function first(env: Env, names: readonly string[] | undefined): string | undefined {
  for (const name of names ?? []) if (env[name]) return env[name];
  return undefined;
}

/** `https://host/group/repo.git` or `git@host:group/repo.git` -> `group/repo`. */
function repositoryPath(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const path = value.replace(/^[^@/]+@[^:]+:/, '').replace(/^[a-z+]+:\/\/[^/]+\//i, '');
  return path.replace(/\.git$/, '').replace(/^\/+/, '') || undefined;
}

/**
 * Which CI runs us and what it says about the run: `env-ci` (semantic-release's table of 30 CIs)
 * reads commit, branch, build and repository; the profile adds the actor, pipeline and attempt.
 */
export function detectCi(env: Env, cwd: string): DetectedCi {
  const found = envCi({ env: env as Record<string, string>, cwd }) as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = found[key];
    return typeof value === 'string' && value !== '' && !value.includes('undefined') ? value : undefined;
  };
  const profile = ciProfile(found.isCi ? text('service') : undefined, text('name'));
  const context = runContext({
    repository: text('slug') ?? repositoryPath(first(env, profile.extra?.repository)),
    pipeline: first(env, profile.extra?.pipeline),
    runId: text('build'),
    runAttempt: first(env, profile.extra?.attempt) ?? text('job'),
    commitSha: text('commit'),
    branch: text('branch') ?? text('prBranch'),
    actor: first(env, profile.extra?.actor),
    serverUrl: first(env, profile.extra?.serverUrl),
    repositoryUrl: first(env, profile.extra?.repositoryUrl),
    // Other CIs start a job in its checkout: relative paths already resolve there.
    workspace: undefined,
  });
  return { profile, context };
}
