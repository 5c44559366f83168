import { describe, expect, it } from 'vitest';
import { detectCi } from './detect-ci.ts';

const SHA = 'abcdef0123456789abcdef0123456789abcdef01';

describe('detectCi (env-ci plus the profile table)', () => {
  it('Travis CI', () => {
    const { profile, context } = detectCi(
      {
        TRAVIS: 'true',
        TRAVIS_REPO_SLUG: 'org/webapp',
        TRAVIS_BUILD_NUMBER: '3',
        TRAVIS_COMMIT: SHA,
        TRAVIS_BRANCH: 'main',
        TRAVIS_PULL_REQUEST: 'false',
      },
      '/',
    );
    expect(profile.id).toBe('travis');
    expect(context).toMatchObject({ repository: 'org/webapp', runId: '3', commitSha: SHA, branch: 'main' });
  });

  it('TeamCity', () => {
    const { profile, context } = detectCi(
      {
        TEAMCITY_VERSION: '2024.1',
        BUILD_NUMBER: '8',
        BUILD_VCS_NUMBER: SHA,
        TEAMCITY_BUILDCONF_NAME: 'Deploy',
      },
      '/',
    );
    expect(profile).toMatchObject({ id: 'teamcity', defaultExport: 'shell', masking: 'none' });
    expect(context).toMatchObject({ runId: '8', commitSha: SHA, pipeline: 'Deploy' });
  });

  it('Drone and Woodpecker', () => {
    const drone = detectCi(
      {
        DRONE: 'true',
        DRONE_REPO_OWNER: 'org',
        DRONE_REPO_NAME: 'webapp',
        DRONE_BUILD_NUMBER: '5',
        DRONE_COMMIT_SHA: SHA,
        DRONE_BRANCH: 'main',
        DRONE_COMMIT_AUTHOR: 'erin',
      },
      '/',
    );
    expect(drone.profile.id).toBe('drone');
    expect(drone.context).toMatchObject({
      repository: 'org/webapp',
      runId: '5',
      actor: 'erin',
      branch: 'main',
    });
    const woodpecker = detectCi(
      {
        CI: 'woodpecker',
        CI_REPO_OWNER: 'org',
        CI_REPO_NAME: 'webapp',
        CI_PIPELINE_NUMBER: '6',
        CI_COMMIT_SHA: SHA,
        CI_COMMIT_BRANCH: 'main',
        CI_COMMIT_AUTHOR: 'frank',
      },
      '/',
    );
    expect(woodpecker.profile.id).toBe('woodpecker');
    expect(woodpecker.context).toMatchObject({ repository: 'org/webapp', runId: '6', actor: 'frank' });
  });

  it('no CI: the plain profile, shell export, no OIDC', () => {
    const { profile } = detectCi({ PATH: '/usr/bin' }, '/');
    expect(profile).toMatchObject({ id: 'unknown', defaultExport: 'shell', masking: 'none' });
    expect(profile.idToken).toBeUndefined();
  });
});
