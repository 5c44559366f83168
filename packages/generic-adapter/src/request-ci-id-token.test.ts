import { errorCode } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { ciProfile, GITLAB_ID_TOKEN_VARIABLE } from './ci-profiles.ts';
import { idTokenSourceName, requestCiIdToken } from './request-ci-id-token.ts';

const audience = 'sts.amazonaws.com';

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return `${errorCode(error)}: ${(error as Error).message}`;
  }
  return 'no failure';
}

describe('requestCiIdToken', () => {
  it("reads the CI's own token variable, trimmed; none when it is unset", async () => {
    const gitlab = ciProfile('gitlab');
    const withToken = recordingRuntime({ env: { [GITLAB_ID_TOKEN_VARIABLE]: ' eyJ.a \n' } });
    expect(await requestCiIdToken(withToken, gitlab, { audience })).toBe('eyJ.a');
    expect(await requestCiIdToken(recordingRuntime(), gitlab, { audience })).toBeUndefined();
  });

  it('reads --web-identity-token-env, and says so in one line when that variable is empty', async () => {
    const profile = ciProfile(undefined);
    expect(
      await requestCiIdToken(recordingRuntime({ env: { MINE: 'eyJ.b' } }), profile, {
        tokenVariable: 'MINE',
        audience,
      }),
    ).toBe('eyJ.b');
    expect(
      await failure(requestCiIdToken(recordingRuntime(), profile, { tokenVariable: 'MINE', audience })),
    ).toBe('OidcUnavailable: The id token variable MINE is empty or unset.');
  });

  it('asks buildkite-agent for a token with the audience, silently', async () => {
    const runtime = recordingRuntime({ exec: async () => ({ code: 0, stdout: 'eyJ.c\n', stderr: '' }) });
    expect(await requestCiIdToken(runtime, ciProfile('buildkite'), { audience })).toBe('eyJ.c');
    expect(runtime.execs).toEqual([
      {
        command: 'buildkite-agent',
        args: ['oidc', 'request-token', '--audience', audience],
        options: { silent: true, ignoreReturnCode: true },
      },
    ]);
  });

  it("says buildkite-agent's failure in one line, with its exit code and first stderr line", async () => {
    const runtime = recordingRuntime({
      exec: async () => ({ code: 1, stdout: '', stderr: 'not permitted\nmore' }),
    });
    expect(await failure(requestCiIdToken(runtime, ciProfile('buildkite'), { audience }))).toBe(
      'OidcUnavailable: buildkite-agent oidc request-token failed (exit 1): not permitted',
    );
  });

  it('has no token on a CI without OIDC', async () => {
    expect(await requestCiIdToken(recordingRuntime(), ciProfile('jenkins'), { audience })).toBeUndefined();
  });
});

describe('idTokenSourceName', () => {
  it('names where the token came from', () => {
    expect(idTokenSourceName(ciProfile(undefined), { tokenVariable: 'MINE' })).toBe('variable MINE');
    expect(idTokenSourceName(ciProfile('gitlab'), {})).toBe(
      `${ciProfile('gitlab').name} id token (variable ${GITLAB_ID_TOKEN_VARIABLE})`,
    );
    expect(idTokenSourceName(ciProfile('buildkite'), {})).toBe(
      `${ciProfile('buildkite').name} OIDC (buildkite-agent oidc request-token)`,
    );
    expect(idTokenSourceName(ciProfile('jenkins'), {})).toBeUndefined();
  });
});
