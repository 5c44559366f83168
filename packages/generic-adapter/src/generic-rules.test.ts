import { describe, expect, it } from 'vitest';
import { ciProfile, GITLAB_ID_TOKEN_VARIABLE } from './ci-profiles.ts';
import { genericRules } from './generic-rules.ts';

describe('genericRules', () => {
  const gitlab = ciProfile('gitlab');

  it('names the detected CI, the CLI session prefix, kebab inputs labelled as flags, and no post step', () => {
    const rules = genericRules(gitlab, {});
    expect(rules.displayName).toBe(gitlab.name);
    expect(rules.sessionPrefix).toBe('aws-ci-kit');
    expect(rules.inputNaming).toBe('kebab');
    expect(rules.inputLabel('aws-region')).toBe('`--aws-region`');
    expect(rules.postStep).toBe(false);
    expect(rules.multilineSecretHint()).toBeUndefined();
  });

  it('refuses variable names a shell cannot hold', () => {
    const rules = genericRules(gitlab, {});
    expect(rules.variableNameProblem('DB_PASSWORD')).toBeUndefined();
    expect(rules.variableNameProblem('/app/db')).toMatch(/environment variable names/);
  });

  it('has a job token when the token variable holds one (the profile default, or --web-identity-token-env)', () => {
    expect(genericRules(gitlab, { [GITLAB_ID_TOKEN_VARIABLE]: 'eyJ' }).jobIdToken).toBe(true);
    expect(genericRules(gitlab, {}).jobIdToken).toBe(false);
    expect(genericRules(ciProfile(undefined), { MY_TOKEN: 'eyJ' }, 'MY_TOKEN').jobIdToken).toBe(true);
    expect(genericRules(ciProfile(undefined), {}, 'MY_TOKEN').jobIdToken).toBe(false);
    expect(genericRules(ciProfile(undefined), {}).jobIdToken).toBe(false);
    expect(genericRules(ciProfile('buildkite'), {}).jobIdToken).toBe(true);
  });
});
