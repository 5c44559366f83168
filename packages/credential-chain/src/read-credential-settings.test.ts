import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readCredentialSettings } from './read-credential-settings.ts';
import { failure, TOOLKIT_NAMES } from './test/chain-context.ts';

const bad = (inputs: Record<string, string>, rules = {}) =>
  failure(Promise.resolve().then(() => readCredentialSettings(recordingRuntime({ rules, inputs }))));

describe('readCredentialSettings', () => {
  it('reads the defaults', () => {
    const settings = readCredentialSettings(recordingRuntime({}));
    expect(settings).toMatchObject({
      roleDurationSeconds: 3600,
      roleChaining: false,
      sessionTagging: true,
      customTags: {},
      managedSessionPolicies: [],
      audience: 'sts.amazonaws.com',
      verifyIdentity: true,
      allowedAccountIds: [],
      maskAccountId: false,
      retryMaxAttempts: 12,
      transitiveTagKeys: [],
      specialCharactersWorkaround: false,
      forceSkipOidc: false,
    });
    expect(settings).not.toHaveProperty('stsEndpoint');
  });

  it('parses JSON, lists, numbers and lower-cases the region', () => {
    const settings = readCredentialSettings(
      recordingRuntime({
        inputs: {
          'aws-region': 'EU-Central-1',
          'custom-tags': '{"Team": "web"}',
          'inline-session-policy': '{ "Version": "2012-10-17" }',
          'managed-session-policies': 'arn:a\narn:b',
          'allowed-account-ids': '123456789012, 210987654321',
          'role-duration-seconds': '900',
          'role-skip-session-tagging': 'true',
          'sts-endpoint': 'http://127.0.0.1:5000',
          'disable-retry': 'true',
        },
      }),
    );
    expect(settings).toMatchObject({
      region: 'eu-central-1',
      customTags: { Team: 'web' },
      inlineSessionPolicy: '{"Version":"2012-10-17"}',
      managedSessionPolicies: ['arn:a', 'arn:b'],
      allowedAccountIds: ['123456789012', '210987654321'],
      roleDurationSeconds: 900,
      sessionTagging: false,
      stsEndpoint: 'http://127.0.0.1:5000',
      retryMaxAttempts: 1,
    });
  });

  it('special-characters-workaround means 12 attempts, over disable-retry', () => {
    const inputs = {
      'special-characters-workaround': 'true',
      'disable-retry': 'true',
      'retry-max-attempts': '3',
    };
    expect(readCredentialSettings(recordingRuntime({ inputs })).retryMaxAttempts).toBe(12);
    expect(
      readCredentialSettings(recordingRuntime({ inputs: { 'retry-max-attempts': '3' } })).retryMaxAttempts,
    ).toBe(3);
  });

  it('masks the keys, and the account ids the inputs reveal when asked', () => {
    const runtime = recordingRuntime({
      inputs: {
        'aws-access-key-id': 'AKIAIN',
        'aws-secret-access-key': 'in-secret',
        'mask-aws-account-id': 'true',
        'role-to-assume': 'arn:aws:iam::123456789012:role/r',
      },
    });
    readCredentialSettings(runtime);
    expect(runtime.masks).toEqual(['123456789012', 'AKIAIN', 'in-secret']);
  });

  it('rejects bad inputs with the input name and the fix', async () => {
    expect(await bad({ 'custom-tags': '["a"]' })).toEqual({
      message: 'Input `custom-tags` must be a JSON object of string values.',
      hint: 'Set `custom-tags` to e.g. {"Team": "web"}.',
      tryNextLink: false,
      code: 'InputInvalid',
    });
    expect(await bad({ 'custom-tags': '{"aws:x": "y"}' })).toMatchObject({
      message: 'Input `custom-tags` has the tag key "aws:x", which AWS does not accept.',
    });
    expect(await bad({ 'inline-session-policy': '{' })).toEqual({
      message: 'Input `inline-session-policy` is not valid JSON.',
      hint: 'Set `inline-session-policy` to an IAM policy document.',
      tryNextLink: false,
      code: 'InputInvalid',
    });
    expect(await bad({ 'allowed-account-ids': '123, 123456789012' })).toEqual({
      message: 'Input `allowed-account-ids` lists "123", which is not a 12-digit account id.',
      hint: 'List 12-digit AWS account ids in `allowed-account-ids`, separated by commas or new lines.',
      tryNextLink: false,
      code: 'InputInvalid',
    });
    expect(await bad({ 'sts-endpoint': 'sts.local' })).toEqual({
      message: 'Input `sts-endpoint` must be an http(s) URL, got "sts.local".',
      hint: 'Set `sts-endpoint` to e.g. https://sts.eu-central-1.amazonaws.com, or leave it unset.',
      tryNextLink: false,
      code: 'InputInvalid',
    });
    expect(await bad({ 'aws-secret-access-key': 'ab cd', 'aws-access-key-id': 'A' })).toEqual({
      message: 'Input `aws-secret-access-key` holds a space, control or non-ASCII character (at position 3).',
      hint: 'Copy the value of `aws-secret-access-key` again, without line breaks or other characters around it.',
      tryNextLink: false,
      code: 'InputInvalid',
    });
    expect(await bad({ 'role-duration-seconds': '60' })).toMatchObject({ code: 'InputInvalid' });
    expect(await bad({ roleDurationSeconds: '99999' }, TOOLKIT_NAMES)).toMatchObject({
      message: 'Input `roleDurationSeconds` must be a whole number from 900 to 43200, got "99999".',
    });
  });
});
