import type { RunContext } from '@aws-ci-kit/core';
import { CiKitError, quoteValue } from '@aws-ci-kit/core';

export interface SessionTag {
  readonly Key: string;
  readonly Value: string;
}

/** AWS tag values allow letters, spaces, digits and `_.:/=+-@`, at most 256 characters. */
function tagValue(value: string): string {
  return value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_').slice(0, 256);
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** AWS takes at most 50 session tags per AssumeRole. */
const MAX_TAGS = 50;

/** A custom tag AWS would refuse: one line naming the input, and the rule as the fix. */
function refused(message: string, hint: string): CiKitError {
  return new CiKitError('input', message, { code: 'InputInvalid', hint });
}

/**
 * Checks custom tags as the user wrote them: a key or value AWS would refuse is an error naming
 * it, never renamed; so is more than AWS's 50 tags with the run's own.
 */
function checkCustom(custom: Readonly<Record<string, string>>, input: string): void {
  for (const [key, value] of Object.entries(custom)) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw refused(
        `Input \`${input}\` has the tag key ${quoteValue(key)}, which AWS does not accept.`,
        'Tag keys are 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:.',
      );
    }
    if (!TAG_VALUE.test(value)) {
      throw refused(
        `Input \`${input}\` has a value for tag ${quoteValue(key)} that AWS does not accept.`,
        'Tag values are up to 256 letters, digits, spaces and _.:/=+-@.',
      );
    }
  }
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
  input = 'custom-tags',
): SessionTag[] {
  checkCustom(custom, input);
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
    if (value) tags.set(key, tagValue(value));
  }
  if (tags.size > MAX_TAGS) {
    throw refused(
      `Input \`${input}\` makes ${tags.size} session tags with the run's own; AWS takes at most ${MAX_TAGS}.`,
      `List at most ${MAX_TAGS - (tags.size - Object.keys(custom).length)} tags in \`${input}\`, or turn session tagging off.`,
    );
  }
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}
