import { describe, expect, it } from 'vitest';
import { checkProfile } from './check-profile.ts';

describe('checkProfile', () => {
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
