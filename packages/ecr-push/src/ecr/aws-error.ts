import { CiKitError } from '@aws-ci-kit/core';

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Maps an AWS SDK error of an ECR call to a one-line CiKitError with a fix. */
export function ecrAwsError(error: unknown, action: string, subject: string): CiKitError {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (/AccessDenied|NotAuthorized|UnauthorizedOperation/i.test(name) || status === 403) {
    return new CiKitError('permission', `Not allowed to call ${action} on ${subject}.`, {
      code: 'AccessDenied',
      hint: `Allow ${action} in the IAM policy of the role the step runs as.`,
      cause: error,
    });
  }
  if (
    /ExpiredToken|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|InvalidSignature/i.test(name)
  ) {
    return new CiKitError('credentials', `AWS refused the credentials for ${action} (${name}).`, {
      code: name,
      hint: 'Check the credentials the step uses (they may have expired); run the credentials step again.',
      cause: error,
    });
  }
  if (name === 'RepositoryNotFoundException') {
    return new CiKitError('registry', `The ECR repository ${subject} does not exist.`, {
      code: name,
      hint: 'Check the repository name and region, or set `create-repository: true`.',
      cause: error,
    });
  }
  if (name === 'InvalidParameterException') {
    return new CiKitError(
      'input',
      `ECR refused ${action} for ${subject}: ${(e.message ?? '').split('\n')[0]}`,
      {
        code: name,
        cause: error,
      },
    );
  }
  return new CiKitError(
    'aws',
    `${action} failed for ${subject}: ${name || 'error'}${e.message ? `: ${e.message.split('\n')[0]}` : ''}`,
    {
      code: name || 'AwsError',
      cause: error,
    },
  );
}
