import { describe, expect, it } from 'vitest';
import { bypassesProxy } from './bypasses-proxy.ts';
import { checkProfile } from './check-profile.ts';
import { defaultSessionName } from './default-session-name.ts';
import { sanitizeSessionName } from './sanitize-session-name.ts';
import { sessionTags } from './session-tags.ts';

describe('session names', () => {
  it('sanitises to [\\w+=,.@-]{2,64}', () => {
    expect(sanitizeSessionName('octo/web app#1')).toBe('octo-web-app-1');
    expect(sanitizeSessionName('x'.repeat(80))).toHaveLength(64);
    expect(sanitizeSessionName('!')).toBe('aws-ci-kit');
  });
  it('builds the default from the run context', () => {
    expect(
      defaultSessionName('GitHubActions', { repository: 'octo/webapp', runId: '12', runAttempt: '3' }),
    ).toBe('GitHubActions-webapp-12-3');
    expect(defaultSessionName('AzurePipelines', { repository: 'contoso/web app', runId: '7' })).toBe(
      'AzurePipelines-web-app-7',
    );
    expect(defaultSessionName('aws-ci-kit', {})).toBe('aws-ci-kit');
  });
});

describe('session tags', () => {
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
});

describe('NO_PROXY', () => {
  it('matches hosts, suffixes, ports and *', () => {
    expect(bypassesProxy('sts.amazonaws.com', 443, '.amazonaws.com')).toBe(true);
    expect(bypassesProxy('sts.amazonaws.com', 443, 'amazonaws.com')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 8080, 'localhost,127.0.0.1:8080')).toBe(true);
    expect(bypassesProxy('127.0.0.1', 9090, '127.0.0.1:8080')).toBe(false);
    expect(bypassesProxy('example.com', 443, 'notexample.com')).toBe(false);
    expect(bypassesProxy('anything', 1, '*')).toBe(true);
    expect(bypassesProxy('anything', 1, undefined)).toBe(false);
  });
});

describe('profiles', () => {
  const paths = { credentialsPath: '/h/.aws/credentials', configPath: '/h/.aws/config' };

  it('names the file, the profile and the bad key of a malformed profile', () => {
    expect(() =>
      checkProfile('Profile_Name', {
        ...paths,
        credentials: { xaws_access_key_id: 'AKIA', xaws_secret_access_key: 's' },
      }),
    ).toThrow(
      'Profile `Profile_Name` in /h/.aws/credentials is not a valid credential profile: unknown key `xaws_access_key_id`.',
    );
    expect(() => checkProfile('p', { ...paths, credentials: { AWS_ACCESS_KEY_ID: 'AKIA' } })).toThrow(
      'unknown key `AWS_ACCESS_KEY_ID`',
    );
    expect(() => checkProfile('p', { ...paths, credentials: { aws_acess_key_id: 'AKIA' } })).toThrow(
      'unknown key `aws_acess_key_id`',
    );
    expect(() => checkProfile('p', { ...paths, credentials: { aws_access_key_id: 'AKIA' } })).toThrow(
      '`aws_access_key_id` without `aws_secret_access_key`',
    );
    expect(() => checkProfile('p', { ...paths, config: { role_arn: 'arn:aws:iam::1:role/x' } })).toThrow(
      'Profile `p` in /h/.aws/config is not a valid credential profile: `role_arn` without `source_profile`',
    );
    expect(() =>
      checkProfile('p', { ...paths, config: { sso_session: 'corp', sso_account_id: '1' } }),
    ).toThrow('SSO settings without `sso_role_name`');
  });

  it('classifies valid profiles', () => {
    expect(checkProfile('p', paths)).toBeUndefined();
    expect(checkProfile('p', { ...paths, config: { region: 'eu-west-1', output: 'json' } })).toBe(
      'config-only',
    );
    expect(
      checkProfile('p', { ...paths, credentials: { aws_access_key_id: 'A', aws_secret_access_key: 'S' } }),
    ).toBe('static');
    expect(checkProfile('p', { ...paths, config: { role_arn: 'r', source_profile: 's' } })).toBe(
      'assume-role',
    );
    expect(checkProfile('p', { ...paths, config: { role_arn: 'r', web_identity_token_file: 'f' } })).toBe(
      'web-identity',
    );
    expect(checkProfile('p', { ...paths, config: { credential_process: 'x' } })).toBe('process');
    expect(
      checkProfile('p', { ...paths, config: { sso_session: 'c', sso_account_id: '1', sso_role_name: 'R' } }),
    ).toBe('sso');
  });
});
