import { CiKitError, isCiKitError } from '@aws-ci-kit/core';

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Turns an AWS SDK error from an SSM call into a one-line CiKitError with a fix. `operation` is the
 * IAM action (`ssm:GetParametersByPath`) the call needs.
 */
export function ssmError(error: unknown, operation: string, subject: string): CiKitError {
  if (isCiKitError(error)) return error;
  const e = (error ?? {}) as SdkErrorShape;
  const name = e.name ?? e.code ?? 'Error';
  const message = oneLine(e.message ?? String(error));
  const status = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  if (/AccessDenied/.test(name) || (status === 403 && !/Signature|Token|ClientToken/i.test(name))) {
    const kms = /kms:/i.test(message);
    const action = kms ? 'kms:Decrypt' : operation;
    return new CiKitError(
      'permission',
      `AWS denied ${action} for ${subject}: ${message || `HTTP ${status}`}`,
      {
        code: 'AccessDenied',
        hint: kms
          ? 'Allow kms:Decrypt on the key that encrypts the SecureString parameters, or set `with-decryption` to false.'
          : `Allow ${operation} in the IAM policy of the role or user the step runs as.`,
        cause: error,
      },
    );
  }
  if (
    /UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|InvalidClientTokenId|ExpiredToken/.test(name)
  ) {
    return new CiKitError(
      'credentials',
      `AWS rejected the credentials calling ${operation} (${name}): ${message}`,
      {
        code: name,
        hint: 'Check the access key, secret and session token (or the role the credentials step assumed).',
        cause: error,
      },
    );
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(name)) {
    return new CiKitError(
      'aws',
      `AWS kept throttling ${operation} for ${subject} after ${attempts ?? 'several'} attempts.`,
      {
        code: 'Throttled',
        hint: 'Lower `max-concurrency`, or retry the job when other callers are quieter.',
        cause: error,
      },
    );
  }
  if (/ValidationException|InvalidFilter|InvalidNextToken/.test(name)) {
    return new CiKitError('input', `AWS rejected ${operation} for ${subject}: ${message}`, {
      code: name,
      hint: 'Check the parameter names and paths.',
      cause: error,
    });
  }
  if (
    /Timeout|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket hang up|NetworkingError/i.test(
      `${name} ${message}`,
    )
  ) {
    return new CiKitError(
      'network',
      `Could not reach AWS Systems Manager calling ${operation} (${name}): ${message}`,
      {
        code: 'NetworkError',
        hint: 'Check the region, the endpoint and the network path (proxy, firewall) from the agent to AWS.',
        cause: error,
      },
    );
  }
  if (status !== undefined && status >= 500) {
    return new CiKitError(
      'aws',
      `AWS Systems Manager failed ${operation} for ${subject} (HTTP ${status}, ${name}) after ${attempts ?? 'several'} attempts.`,
      {
        code: 'ServiceError',
        hint: 'Retry the job; if it persists, check the AWS Health Dashboard for the region.',
        cause: error,
      },
    );
  }
  return new CiKitError('aws', `${operation} failed for ${subject} (${name}): ${message}`, {
    code: name,
    cause: error,
  });
}
