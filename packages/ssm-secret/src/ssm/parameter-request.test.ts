import { describe, expect, it } from 'vitest';
import { parseParameterRequest, parsePathRequest } from './parameter-request.ts';

describe('parseParameterRequest', () => {
  it.each([
    ['/app/prod/db', { name: '/app/prod/db' }],
    ['/app/prod/db:3', { name: '/app/prod/db', selector: '3' }],
    ['/app/prod/db:live', { name: '/app/prod/db', selector: 'live' }],
    ['/app/prod/db/password=DB_PASSWORD', { name: '/app/prod/db/password', variable: 'DB_PASSWORD' }],
    [' /app/prod/db:live = DB ', { name: '/app/prod/db', selector: 'live', variable: 'DB' }],
    ['plain', { name: 'plain' }],
    ['plain:2=X', { name: 'plain', selector: '2', variable: 'X' }],
    [
      'arn:aws:ssm:eu-central-1:123456789012:parameter/app/x',
      { name: 'arn:aws:ssm:eu-central-1:123456789012:parameter/app/x' },
    ],
    [
      'arn:aws:ssm:eu-central-1:123456789012:parameter/app/x:4=Y',
      { name: 'arn:aws:ssm:eu-central-1:123456789012:parameter/app/x', selector: '4', variable: 'Y' },
    ],
    [
      '/aws/reference/secretsmanager/db-creds',
      { name: '/aws/reference/secretsmanager/db-creds', secretsManager: true },
    ],
    // Secrets Manager ids may contain `=`; a mapping never contains `/`.
    [
      '/aws/reference/secretsmanager/team/a=b',
      { name: '/aws/reference/secretsmanager/team/a', variable: 'b', secretsManager: true },
    ],
    [
      '/aws/reference/secretsmanager/team/a=b/c',
      { name: '/aws/reference/secretsmanager/team/a=b/c', secretsManager: true },
    ],
  ])('%s', (entry, expected) => {
    expect(parseParameterRequest(entry)).toMatchObject({
      kind: 'name',
      raw: entry.trim(),
      secretsManager: false,
      ...expected,
    });
  });

  it.each([
    ['/app/prod db', 'names may only contain'],
    ['app/prod', 'must start with /'],
    ['/app:0', 'must be a number from 1'],
    ['/app:awsLabel', 'not a valid label'],
    ['/app=', 'no variable name'],
    ['/aws/reference/secretsmanager/', 'Secrets Manager'],
    ['arn:aws:ssm:eu:1:parameter/x', 'ARN'],
  ])('rejects %s', (entry, reason) => {
    const parsed = parseParameterRequest(entry);
    expect(parsed.kind).toBe('invalid');
    expect(parsed).toMatchObject({ raw: entry.trim(), invalid: expect.stringContaining(reason) });
  });
});

describe('parsePathRequest', () => {
  it('adds the leading slash like the AWS Toolkit task', () => {
    expect(parsePathRequest('app/prod', true)).toEqual({
      kind: 'path',
      raw: 'app/prod',
      path: '/app/prod',
      recursive: true,
    });
  });
  it('refuses Secrets Manager references and odd characters', () => {
    expect(parsePathRequest('/aws/reference/secretsmanager', false)).toEqual({
      kind: 'invalid',
      raw: '/aws/reference/secretsmanager',
      invalid: 'Secrets Manager references cannot be read by path; list them in `names`',
    });
    expect(parsePathRequest('/a b', false)).toMatchObject({
      kind: 'invalid',
      invalid: expect.stringContaining('paths may only'),
    });
  });
});
