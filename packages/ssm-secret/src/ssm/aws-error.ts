import { type AwsErrorTable, awsError, type CiKitError } from '@aws-ci-kit/core';

const SERVICE = 'AWS Systems Manager';
const isKms = (message: string): boolean => /kms:/i.test(message);

/** SSM's wording; kind and code come from the shared classifier. */
const SSM_ERRORS: AwsErrorTable = {
  message: (info, { action, subject }) => {
    switch (info.class) {
      case 'access-denied':
        return `AWS denied ${isKms(info.message) ? 'kms:Decrypt' : action} for ${subject}: ${info.message || `HTTP ${info.status}`}`;
      case 'invalid-credentials':
      case 'expired-credentials':
        return `AWS rejected the credentials calling ${action} (${info.name}): ${info.message}`;
      case 'throttled':
        return `AWS kept throttling ${action} for ${subject} after ${info.attempts ?? 'several'} attempts.`;
      case 'network':
        return `Could not reach ${SERVICE} calling ${action} (${info.name}): ${info.message}`;
      case 'unavailable':
        return `${SERVICE} failed ${action} for ${subject} (HTTP ${info.status ?? '5xx'}, ${info.name}) after ${info.attempts ?? 'several'} attempts.`;
      case 'protocol':
        return `${SERVICE} answered ${action} for ${subject} with something that is not an AWS response: ${info.message}`;
      default:
        return `${action} failed for ${subject} (${info.name}): ${info.message}`;
    }
  },
  hints: {
    'access-denied': (info, { action }) =>
      isKms(info.message)
        ? 'Allow kms:Decrypt on the key that encrypts the SecureString parameters, or set `with-decryption` to false.'
        : `Allow ${action} in the IAM policy of the role or user the step runs as.`,
    'invalid-credentials':
      'Check the access key, secret and session token (or the role the credentials step assumed).',
    'expired-credentials':
      'Check the access key, secret and session token (or the role the credentials step assumed).',
    throttled: 'Lower `max-concurrency`, or retry the job when other callers are quieter.',
    network: 'Check the region, the endpoint and the network path (proxy, firewall) from the agent to AWS.',
  },
  names: Object.fromEntries(
    [
      'ValidationException',
      'InvalidFilter',
      'InvalidFilterKey',
      'InvalidFilterValue',
      'InvalidNextToken',
    ].map((name) => [
      name,
      (info, { action, subject }) => ({
        kind: 'input' as const,
        message: `AWS rejected ${action} for ${subject}: ${info.message}`,
        hint: 'Check the parameter names and paths.',
      }),
    ]),
  ),
};

/**
 * An SSM call's error as a one-line CiKitError with a fix. `operation` is the IAM action
 * (`ssm:GetParametersByPath`) the call needs.
 */
export function ssmError(error: unknown, operation: string, subject: string): CiKitError {
  return awsError(error, SSM_ERRORS, { action: operation, subject });
}
