import type { RunContext } from '../runtime.ts';

export interface SessionTag {
  readonly Key: string;
  readonly Value: string;
}

/** AWS tag values allow letters, spaces, digits and `_.:/=+-@`, at most 256 characters. */
function tagValue(value: string): string {
  return value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256);
}

function tagKey(key: string): string {
  return key.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 128);
}

/**
 * Session tags describing the run: the CI's convention when it has one (`CiRules.sessionTags`; GitHub:
 * configure-aws-credentials' keys), else core's run tags (`CI` is `CiRules.sessionPrefix`, Repository,
 * Pipeline, RunId, Commit, Branch, Actor); plus custom tags; a custom tag
 * overrides a run tag of the same key. Empty values are left out.
 */
export function sessionTags(
  ciTag: string,
  context: RunContext,
  custom: Readonly<Record<string, string>> = {},
  convention?: Readonly<Record<string, string>>,
): SessionTag[] {
  const run: Readonly<Record<string, string | undefined>> = convention ?? {
    CI: ciTag,
    Repository: context.repository,
    Pipeline: context.pipeline,
    RunId: context.runId,
    Commit: context.commitSha,
    Branch: context.branch,
    Actor: context.actor,
  };
  const tags = new Map<string, string>();
  for (const [key, value] of Object.entries({ ...run, ...custom })) {
    if (value) tags.set(tagKey(key), tagValue(value));
  }
  return [...tags].slice(0, 50).map(([Key, Value]) => ({ Key, Value }));
}
