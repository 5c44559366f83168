import { describe, expect, it } from 'vitest';
import type { FlagSpec } from './commands.ts';
import { parseFlags } from './parse-flags.ts';
import { credentialProcessArgv, withoutServedProfile } from './profile-command.ts';

const base = { execPath: '/node', scriptPath: '/cli.js', profile: 'ci' };
const FLAGS: FlagSpec[] = [
  { name: 'managed-session-policies', description: '' },
  { name: 'inline-session-policy', description: '' },
  { name: 'serves-profile', description: '' },
];

describe('credentialProcessArgv', () => {
  it('writes a multi-line value as the flag repeated per line, which parses back to the same value', () => {
    const policy = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}';
    const inputs = { 'managed-session-policies': 'arn:a\narn:b', 'inline-session-policy': policy };
    const argv = credentialProcessArgv({ ...base, inputs });
    expect(argv.slice(0, 4)).toEqual(['/node', '/cli.js', 'credential-process', '--serves-profile=ci']);
    expect(argv.every((a) => !a.includes('\n'))).toBe(true);
    const parsed = parseFlags('credential-process', argv.slice(3), FLAGS);
    expect(parsed.values).toEqual({ ...inputs, 'serves-profile': 'ci' });
  });

  it('refuses a control character, the default profile, and a source profile that is the written one', () => {
    expect(() => credentialProcessArgv({ ...base, inputs: { 'role-session-name': 'a\rb' } })).toThrow(
      /--role-session-name holds a control character/,
    );
    expect(() => credentialProcessArgv({ ...base, profile: 'default', inputs: {} })).toThrow(
      /cannot write profile `default`/,
    );
    expect(() => credentialProcessArgv({ ...base, inputs: { 'source-profile': 'ci' } })).toThrow(
      /would read that same profile/,
    );
  });
});

describe('withoutServedProfile', () => {
  it('drops AWS_PROFILE and AWS_DEFAULT_PROFILE only when they name the served profile', () => {
    expect(withoutServedProfile({ AWS_PROFILE: 'ci', AWS_DEFAULT_PROFILE: 'ci', X: '1' }, 'ci')).toEqual({
      X: '1',
    });
    expect(withoutServedProfile({ AWS_PROFILE: 'other' }, 'ci')).toEqual({ AWS_PROFILE: 'other' });
    expect(withoutServedProfile({ AWS_PROFILE: 'ci' }, undefined)).toEqual({ AWS_PROFILE: 'ci' });
  });
});
