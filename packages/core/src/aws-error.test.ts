import { describe, expect, it } from 'vitest';
import { awsError, isRetryableAwsError } from './aws-error.ts';
import { CiKitError, errorCode } from './errors.ts';

/** An error shaped as the AWS SDK v3 throws it. */
const sdkError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, $metadata: status ? { httpStatusCode: status } : {} });

const call = { action: 'ssm:GetParameters', subject: '/app/db' };

describe('awsError', () => {
  it('classifies once: the same failure has the same kind and code in every service', () => {
    const cases: Array<[Error, string, string]> = [
      [sdkError('ThrottlingException', 'Rate exceeded', 400), 'aws', 'Throttled'],
      [sdkError('InternalServerError', 'oops', 500), 'aws', 'ServiceUnavailable'],
      [sdkError('AccessDeniedException', 'not allowed', 400), 'permission', 'AccessDenied'],
      [sdkError('ExpiredTokenException', 'expired', 400), 'credentials', 'ExpiredToken'],
      [
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
        'network',
        'NetworkError',
      ],
      [sdkError('SyntaxError', 'Unexpected token < in JSON', 200), 'aws', 'ProtocolError'],
    ];
    for (const [error, kind, code] of cases) {
      const classified = awsError(error, {}, call);
      expect([classified.kind, errorCode(classified)], error.name).toEqual([kind, code]);
    }
  });

  it('words the message with the call, and keeps a code-like AWS name as the code of an unclassified error', () => {
    const error = awsError(sdkError('ParameterNotFound', 'no such parameter', 400), {}, call);
    expect(error.message).toBe('ssm:GetParameters for /app/db failed: ParameterNotFound: no such parameter');
    expect(errorCode(error)).toBe('ParameterNotFound');
    expect(errorCode(awsError(sdkError('<b>bad</b>', 'x', 400), {}, call))).toBe('AwsError');
  });

  it("uses the service's hint per class, then core's default", () => {
    const table = { hints: { 'access-denied': 'Allow ssm:GetParameters on the parameter.' } };
    expect(awsError(sdkError('AccessDeniedException', 'no', 400), table, call).hint).toBe(
      'Allow ssm:GetParameters on the parameter.',
    );
    expect(awsError(sdkError('ThrottlingException', 'slow', 400), table, call).hint).toBe(
      'Retry the job when other callers are quieter, or lower the step’s concurrency.',
    );
  });

  it('lets the service word its own errors by name, for unclassified errors only', () => {
    const table = {
      names: {
        ParameterNotFound: () => ({ kind: 'input' as const, code: 'ParameterMissing', hint: 'Create it.' }),
        AccessDeniedException: () => ({ code: 'Never' }),
      },
    };
    const missing = awsError(sdkError('ParameterNotFound', 'gone', 400), table, call);
    expect([missing.kind, errorCode(missing), missing.hint]).toEqual([
      'input',
      'ParameterMissing',
      'Create it.',
    ]);
    expect(errorCode(awsError(sdkError('AccessDeniedException', 'no', 400), table, call))).toBe(
      'AccessDenied',
    );
  });

  it("names a service that is not AWS in its hint (an adapter's $service)", () => {
    const error = Object.assign(sdkError('OidcTokenRequestFailed', 'HTTP 502', 502), {
      $service: "GitHub's OIDC token service",
    });
    expect(awsError(error, { hints: { unavailable: 'AWS words' } }, call).hint).toBe(
      "GitHub's OIDC token service answered HTTP 502 (its own failure, not AWS's): retry the job; if it persists, check that service's status.",
    );
  });

  it('passes a CiKitError through untouched, and keeps the cause', () => {
    const mine = new CiKitError('input', 'Mine.', { code: 'Mine' });
    expect(awsError(mine, {}, call)).toBe(mine);
    const cause = sdkError('ThrottlingException', 'slow', 400);
    expect(awsError(cause, {}, call).cause).toBe(cause);
  });

  it('keeps the message on one line', () => {
    expect(awsError(sdkError('ValidationException', 'line one\nline two', 400), {}, call).message).toBe(
      'ssm:GetParameters for /app/db failed: ValidationException: line one line two',
    );
  });
});

describe('isRetryableAwsError', () => {
  it('retries throttling, 5xx and network failures only', () => {
    expect(isRetryableAwsError(sdkError('ThrottlingException', 'x', 400))).toBe(true);
    expect(isRetryableAwsError(sdkError('SomethingElse', 'x', 503))).toBe(true);
    expect(isRetryableAwsError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableAwsError(sdkError('AccessDeniedException', 'x', 403))).toBe(false);
    expect(isRetryableAwsError(sdkError('SyntaxError', 'Unexpected token <', 200))).toBe(false);
    expect(isRetryableAwsError(new CiKitError('aws', 'x', { code: 'Throttled' }))).toBe(false);
  });
});
