import { CiKitError, oneLine, quoteValue } from '@aws-ci-kit/core';
import { HttpNetworkError } from './http-request.ts';

/** An HTTP answer from a registry that is worth retrying (5xx, 429). */
export class RetryableRegistryError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'RetryableRegistryError';
    this.status = status;
  }
}

/** Whether a failed registry call may be tried again. */
export function isRetryable(error: unknown): boolean {
  return error instanceof HttpNetworkError || error instanceof RetryableRegistryError;
}

const TLS = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS|ERR_SSL|EPROTO$|HOSTNAME_MISMATCH|ERR_CERT)/;

/**
 * A registry network failure (refused, reset, DNS, TLS, timeout) as one line naming the registry
 * and what to check, never a raw `HttpNetworkError` with a stack.
 */
export function registryNetworkError(error: HttpNetworkError, host: string, what: string): CiKitError {
  const code = error.code;
  const [problem, hint] =
    code === 'ECONNREFUSED'
      ? [
          'refused the connection',
          `Check that ${host} is the registry (the repository URI or \`registry-endpoint\`) and that it listens on that port.`,
        ]
      : code === 'ECONNRESET' || code === 'EPIPE'
        ? [
            'reset the connection',
            'Check the proxy (`http-proxy`, HTTPS_PROXY, NO_PROXY) and any firewall between the runner and the registry.',
          ]
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? ['could not be found (DNS)', "Check the registry host name and region, and the runner's DNS."]
          : TLS.test(code)
            ? [
                `failed the TLS handshake (${code})`,
                "Trust the registry's CA (NODE_EXTRA_CA_CERTS) or check that the URL points at the registry, not a proxy page.",
              ]
            : code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT'
              ? [
                  'did not answer in time',
                  'Check the network path and proxy to the registry; a slow registry can be given more time with `timeout-seconds`.',
                ]
              : code === 'EABORTED'
                ? [
                    'was still being waited for at the step deadline',
                    'Raise `timeout-seconds`, or check the network path to the registry.',
                  ]
                : [`failed on the network (${code})`, 'Check the network path and proxy to the registry.'];
  return new CiKitError('network', `${what} on the registry ${host}: it ${problem}.`, {
    code: 'RegistryNetworkError',
    hint,
    cause: error,
  });
}

interface ErrorBody {
  errors?: { code?: string; message?: string }[];
}

/** The registry's own error code and message (`NAME_UNKNOWN: repository name not known to registry`). */
function detail(body: Buffer): { code: string; text: string } {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as ErrorBody;
    const first = parsed.errors?.[0];
    if (first?.code) return { code: first.code, text: `${first.code}: ${first.message ?? ''}`.trim() };
  } catch {
    /* not JSON */
  }
  return { code: '', text: '' };
}

/**
 * Turns a registry's error answer into the error the user sees: a retryable error for 5xx/429,
 * otherwise a one-line CiKitError with a fix hint.
 */
export function registryError(
  status: number,
  body: Buffer,
  context: { host: string; repository?: string | undefined; what: string },
): Error {
  const { code, text } = detail(body);
  const said = text ? ` (${oneLine(text, 300)})` : '';
  const where = context.repository ? `${context.host}/${context.repository}` : context.host;
  if (status >= 500 || status === 429) {
    return new RetryableRegistryError(`${context.what} at ${where} failed: HTTP ${status}${said}.`, status);
  }
  if (status === 401) {
    return new CiKitError(
      'credentials',
      `The registry ${context.host} refused the login (HTTP 401)${said}.`,
      {
        code: 'RegistryUnauthorized',
        hint: 'The ECR token is valid for 12 hours and for one account and region: log in again in this job, for the registry you push to.',
      },
    );
  }
  if (status === 403 || code === 'DENIED') {
    return new CiKitError('permission', `Access to ${where} was denied (HTTP ${status})${said}.`, {
      code: 'RegistryDenied',
      hint: 'Allow ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:BatchCheckLayerAvailability and ecr:PutImage on the repository.',
    });
  }
  if (code === 'NAME_UNKNOWN' || (status === 404 && context.what.startsWith('Start'))) {
    return new CiKitError('registry', `The repository ${where} does not exist${said}.`, {
      code: 'RepositoryNotFound',
      hint: 'Check the repository name, or set `create-repository: true` to create it.',
    });
  }
  if (code === 'NAME_INVALID') {
    return new CiKitError(
      'input',
      `The repository name ${quoteValue(context.repository ?? '')} is invalid${said}.`,
      {
        code: 'RepositoryNameInvalid',
        hint: 'Use lowercase letters, digits and . _ - / (e.g. prod/webapp).',
      },
    );
  }
  if (code === 'TAG_INVALID' || code === 'MANIFEST_TAG_INVALID') {
    return new CiKitError('input', `The registry refused the tag${said}.`, {
      code: 'TagInvalid',
      hint: 'Tags are up to 128 letters, digits, _ . - (not starting with . or -); an immutable repository never overwrites an existing tag.',
    });
  }
  return new CiKitError('registry', `${context.what} at ${where} failed: HTTP ${status}${said}.`, {
    code: code || `Http${status}`,
  });
}
