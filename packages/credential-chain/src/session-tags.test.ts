import { isCiKitError } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { sessionTags } from './session-tags.ts';

function error(run: () => unknown) {
  try {
    run();
  } catch (e) {
    if (isCiKitError(e)) return { message: e.message, hint: e.hint, code: e.code };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('sessionTags', () => {
  it('tags the run on every CI, sanitised, custom tags override', () => {
    const tags = sessionTags(
      'AzurePipelines',
      { repository: 'contoso/webapp', pipeline: 'ci (main)', runId: '7', actor: 'Dev <dev@x>' },
      { Team: 'web', Pipeline: 'override' },
    );
    expect(tags).toEqual([
      { Key: 'CI', Value: 'AzurePipelines' },
      { Key: 'Repository', Value: 'contoso/webapp' },
      { Key: 'Pipeline', Value: 'override' },
      { Key: 'RunId', Value: '7' },
      { Key: 'Actor', Value: 'Dev _dev@x_' },
      { Key: 'Team', Value: 'web' },
    ]);
  });

  it("uses the CI's own convention instead of the run tags when it has one", () => {
    expect(
      sessionTags('GitHubActions', { repository: 'o/r' }, { Team: 'web' }, { GitHub: 'Actions' }),
    ).toEqual([
      { Key: 'GitHub', Value: 'Actions' },
      { Key: 'Team', Value: 'web' },
    ]);
  });

  it('refuses a custom key or value AWS would refuse, naming the input', () => {
    expect(error(() => sessionTags('CI', {}, { 'aws:x': 'y' }, undefined, 'customTags'))).toEqual({
      message: 'Input `customTags` has the tag key "aws:x", which AWS does not accept.',
      hint: 'Tag keys are 1-128 letters, digits, spaces and _.:/=+-@, not starting with aws:.',
      code: 'InputInvalid',
    });
    expect(error(() => sessionTags('CI', {}, { Team: 'a<b' }))).toEqual({
      message: 'Input `custom-tags` has a value for tag "Team" that AWS does not accept.',
      hint: 'Tag values are up to 256 letters, digits, spaces and _.:/=+-@.',
      code: 'InputInvalid',
    });
  });

  it('refuses more than 50 tags with the run', () => {
    const custom = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`K${i}`, 'v']));
    expect(error(() => sessionTags('CI', { repository: 'o/r' }, custom))).toEqual({
      message: "Input `custom-tags` makes 52 session tags with the run's own; AWS takes at most 50.",
      hint: 'List at most 48 tags in `custom-tags`, or turn session tagging off.',
      code: 'InputInvalid',
    });
  });
});
