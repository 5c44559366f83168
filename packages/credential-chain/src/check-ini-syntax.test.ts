import { describeError } from '@aws-ci-kit/core';
import { describe, expect, it } from 'vitest';
import { checkIniSyntax } from './check-ini-syntax.ts';

describe('checkIniSyntax', () => {
  it('accepts what the AWS CLI reads: sections, settings, sub-settings, comments', () => {
    const text =
      '# c\n[default]\nregion = eu-west-1\ns3 =\n  max_concurrent_requests = 10\n; c\n\n[profile x] # c\nrole_arn=arn\n';
    expect(() => checkIniSyntax(text, '/h/.aws/config')).not.toThrow();
  });

  it('reports a header without ] at its line', () => {
    let line = '';
    try {
      checkIniSyntax('[default]\naws_access_key_id = A\n\n[Profile_Name\nx = y\n', '/h/.aws/credentials');
    } catch (error) {
      line = describeError(error);
    }
    expect(line).toBe(
      '/h/.aws/credentials line 4 is malformed: "[Profile_Name" is not a section header. Fix: Write the header as [profile-name] (or [profile name] in the config file), with its closing ].',
    );
  });

  it('reports a line without = and a setting before any section', () => {
    expect(() => checkIniSyntax('[a]\njunk\n', 'f')).toThrow(/f line 2 is malformed: a line without =/);
    expect(() => checkIniSyntax('x = 1\n[a]\n', 'f')).toThrow(
      /f line 1 is malformed: a setting before any \[section\]/,
    );
  });
});
