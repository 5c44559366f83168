import { type AwsErrorTable, awsError, type CiKitError } from '@aws-ci-kit/core';

/** ECR's wording; kind and code come from the shared classifier. */
const ECR_ERRORS: AwsErrorTable = {
  message: (info, { action, subject }) => {
    switch (info.class) {
      case 'access-denied':
        return `Not allowed to call ${action} on ${subject}.`;
      case 'invalid-credentials':
      case 'expired-credentials':
        return `AWS refused the credentials for ${action} (${info.name}).`;
      default:
        return `${action} failed for ${subject}: ${info.name}: ${info.message}`;
    }
  },
  hints: {
    'access-denied': (_info, { action }) => `Allow ${action} in the IAM policy of the role the step runs as.`,
    'invalid-credentials':
      'Check the credentials the step uses (they may have expired); run the credentials step again.',
    'expired-credentials':
      'Check the credentials the step uses (they may have expired); run the credentials step again.',
  },
  names: {
    RepositoryNotFoundException: (_info, { subject }) => ({
      kind: 'registry',
      message: `The ECR repository ${subject} does not exist.`,
      hint: 'Check the repository name and region, or set `create-repository: true`.',
    }),
    InvalidParameterException: (info, { action, subject }) => ({
      kind: 'input',
      message: `ECR refused ${action} for ${subject}: ${info.message}`,
    }),
  },
};

/** An ECR call's error as a one-line CiKitError with a fix. */
export function ecrAwsError(error: unknown, action: string, subject: string): CiKitError {
  return awsError(error, ECR_ERRORS, { action, subject });
}
