import { CiKitError, isCiKitError } from '../errors.ts';
import { isRetryableError } from './is-retryable-error.ts';
import { oneLine } from './one-line.ts';

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const BAD_TOKEN = new Set(['InvalidIdentityToken', 'InvalidIdentityTokenException', 'IDPRejectedClaim']);

/**
 * Turns an error from an AWS call into a CiKitError with a fix hint. `action` says what we were
 * doing ("AssumeRole on arn:aws:iam::…:role/x with credentials from step inputs").
 */
export function awsErrorToCiKitError(error: unknown, action: string): CiKitError {
  if (isCiKitError(error)) return error;
  const shape = (error ?? {}) as { name?: string; message?: string; code?: string };
  const name = shape.name ?? 'Error';
  const detail = oneLine(shape.message ?? String(error));
  const what = `${action} failed: ${name}: ${detail}`;
  if (ACCESS_DENIED.has(name)) {
    return new CiKitError('permission', what, {
      code: 'AccessDenied',
      cause: error,
      hint:
        name === 'AccessDenied' || name === 'AccessDeniedException'
          ? "Check the role's trust policy (principal, external id, session tags) and the caller's permissions."
          : 'Check the access key id and secret access key: AWS does not recognise them.',
    });
  }
  if (EXPIRED.has(name)) {
    return new CiKitError('credentials', what, {
      code: 'ExpiredToken',
      cause: error,
      hint: 'The source credentials have expired: refresh the session token or the source.',
    });
  }
  if (BAD_TOKEN.has(name)) {
    return new CiKitError('credentials', what, {
      code: 'InvalidIdentityToken',
      cause: error,
      hint: "Check the OIDC provider in IAM (issuer URL, audience) and the role's trust policy conditions.",
    });
  }
  if (isRetryableError(error)) {
    return new CiKitError('network', what, {
      code: 'AwsUnavailable',
      cause: error,
      hint: 'AWS did not answer in time: check the network, the proxy (`http-proxy`, HTTPS_PROXY) and the endpoint, then retry.',
    });
  }
  return new CiKitError('aws', what, { code: name, cause: error });
}
