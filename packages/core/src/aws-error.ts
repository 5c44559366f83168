import { CiKitError, type ErrorKind, isCiKitError } from './errors.ts';
import { oneLine } from './one-line.ts';

/**
 * What went wrong with an AWS call, independent of the service: the one classification every step
 * uses, so the same failure has the same kind and code everywhere.
 */
export type AwsErrorClass =
  | 'throttled'
  | 'unavailable'
  | 'network'
  | 'protocol'
  | 'access-denied'
  | 'invalid-credentials'
  | 'expired-credentials'
  | 'invalid-identity-token'
  | 'other';

/** The stable kind and code of each class (`other` keeps the AWS error name as its code). */
const AWS_ERROR_CODES: Readonly<Record<AwsErrorClass, { kind: ErrorKind; code: string }>> = {
  throttled: { kind: 'aws', code: 'Throttled' },
  unavailable: { kind: 'aws', code: 'ServiceUnavailable' },
  network: { kind: 'network', code: 'NetworkError' },
  protocol: { kind: 'aws', code: 'ProtocolError' },
  'access-denied': { kind: 'permission', code: 'AccessDenied' },
  'invalid-credentials': { kind: 'credentials', code: 'InvalidCredentials' },
  'expired-credentials': { kind: 'credentials', code: 'ExpiredToken' },
  'invalid-identity-token': { kind: 'credentials', code: 'InvalidIdentityToken' },
  other: { kind: 'aws', code: 'AwsError' },
};

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'BandwidthLimitExceeded',
]);
const UNAVAILABLE = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServerException',
  'IDPCommunicationError',
]);
const TIMEOUT = new Set(['RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'AwsCallTimeout']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const NETWORK_TEXT =
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENOTFOUND)\b|socket hang up|getaddrinfo/;
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const INVALID_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'UnrecognizedClient',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'InvalidSignature',
  'IncompleteSignature',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const BAD_IDENTITY_TOKEN = new Set([
  'InvalidIdentityToken',
  'InvalidIdentityTokenException',
  'IDPRejectedClaim',
]);

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: unknown;
  $responseBodyText?: unknown;
  cause?: unknown;
  /** Set by an adapter on an error from a service that is not AWS (`GitHub's OIDC token service`). */
  $service?: string;
}

/** What a network failure was, read from the codes and messages of the error chain, and where to look. */
const NETWORK_CAUSES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [
    /ECONNREFUSED/,
    'the connection was refused',
    'check the endpoint URL and port, and the proxy settings (HTTPS_PROXY, NO_PROXY or the step’s proxy input)',
  ],
  [
    /ECONNRESET|ECONNABORTED|EPIPE|UND_ERR_SOCKET|socket hang up/,
    'the connection was reset',
    'check the proxy settings and any firewall between the job and the endpoint',
  ],
  [
    /ENOTFOUND|EAI_AGAIN|getaddrinfo/,
    'the host name did not resolve (DNS)',
    "check the endpoint's host name and the region, and the job's DNS",
  ],
  [/EHOSTUNREACH|ENETUNREACH/, 'the host cannot be reached', 'check the network and the proxy settings'],
  [
    /ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|Timeout|timed out/i,
    'no answer came in time',
    'check the network path, the proxy settings and the endpoint',
  ],
];

/** An AWS SDK (or network) error, read once. */
export interface AwsErrorInfo {
  readonly class: AwsErrorClass;
  /** The AWS error name (`AccessDeniedException`), or the network code, or `Error`. */
  readonly name: string;
  /** The error's message on one line. */
  readonly message: string;
  readonly status: number | undefined;
  /** Tries the SDK made (its own retries), when it says. */
  readonly attempts: number | undefined;
  /** Network failures: what happened (`the connection was refused`) and where to look. */
  readonly network?: { readonly what: string; readonly look: string };
  /** The service that failed when it is not AWS (`GitHub's OIDC token service`). */
  readonly service?: string;
}

function networkCause(error: unknown): AwsErrorInfo['network'] {
  const words: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const shape = e as ErrorShape;
    words.push(shape.name ?? '', shape.code ?? '', shape.message ?? '');
    e = shape.cause;
  }
  const text = words.join(' ');
  const found = NETWORK_CAUSES.find(([pattern]) => pattern.test(text));
  return found ? { what: found[1], look: found[2] } : undefined;
}

function classOf(shape: ErrorShape, name: string, text: string): AwsErrorClass {
  const status = shape.$metadata?.httpStatusCode;
  if (ACCESS_DENIED.has(name)) return 'access-denied';
  if (INVALID_CREDENTIALS.has(name)) return 'invalid-credentials';
  if (EXPIRED.has(name)) return 'expired-credentials';
  if (BAD_IDENTITY_TOKEN.has(name)) return 'invalid-identity-token';
  if (THROTTLING.has(name) || THROTTLING.has(shape.Code ?? '') || status === 429) return 'throttled';
  if (TIMEOUT.has(name) || NETWORK_CODES.has(shape.code ?? '') || NETWORK_TEXT.test(`${name} ${text}`))
    return 'network';
  if (UNAVAILABLE.has(name) || (status !== undefined && status >= 500)) return 'unavailable';
  // A body the SDK could not parse (HTML, truncated XML or JSON) is the endpoint's fault, not the
  // network's: another try does not help, so it is its own class and never retried.
  if (
    name === 'SyntaxError' ||
    shape.$responseBodyText !== undefined ||
    /Deserialization error|Unexpected token|not valid JSON|Unexpected end of JSON|Invalid XML|XML.*pars|pars.*XML/i.test(
      text,
    )
  )
    return 'protocol';
  if (status === 403) return 'access-denied';
  return 'other';
}

/** Reads an error from an AWS call (the SDK's, a network error, or one wrapped in `cause`). */
function awsErrorInfo(error: unknown): AwsErrorInfo {
  const top = (error ?? {}) as ErrorShape;
  let found: AwsErrorClass = 'other';
  // The SDK wraps some network failures (`cause`); the first classifiable link decides.
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const shape = e as ErrorShape;
    const name = shape.name ?? shape.code ?? 'Error';
    found = classOf(shape, name, shape.message ?? '');
    if (found !== 'other') break;
    e = shape.cause;
  }
  const network = found === 'network' ? networkCause(error) : undefined;
  return {
    class: found,
    name: top.name && top.name !== 'Error' ? top.name : (top.code ?? top.name ?? 'Error'),
    message: oneLine(top.message ?? String(error), 400),
    status: top.$metadata?.httpStatusCode,
    attempts: top.$metadata?.attempts,
    ...(network ? { network } : {}),
    ...(top.$service ? { service: top.$service } : {}),
  };
}

/**
 * Whether an AWS call may be tried again: throttling, 5xx, timeouts and network errors only. AccessDenied,
 * bad credentials or tokens, bad requests, a body that does not parse, and every CiKitError never are.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (isCiKitError(error)) return false;
  const c = awsErrorInfo(error).class;
  return c === 'throttled' || c === 'unavailable' || c === 'network';
}

/** What an AWS call was doing, for the message: `ssm:GetParameters` on `/app/db`. */
export interface AwsCallContext {
  /** The IAM action or a description: `ssm:GetParameters`, `AssumeRole on arn:… with credentials from …`. */
  readonly action: string;
  readonly subject?: string;
}

export interface AwsErrorOverride {
  readonly kind?: ErrorKind;
  readonly code?: string;
  readonly message?: string;
  readonly hint?: string;
}

/**
 * A service's wording: how a message reads, the fix hint per class, and errors that belong to the
 * service (`RepositoryNotFoundException`). Kind and code come from the class unless a name override
 * sets them; the classes' codes never change per service.
 */
export interface AwsErrorTable {
  readonly message?: (info: AwsErrorInfo, call: AwsCallContext) => string;
  readonly hints?: Partial<
    Record<AwsErrorClass, string | ((info: AwsErrorInfo, call: AwsCallContext) => string)>
  >;
  /** By AWS error name, for `other` errors only (classified errors keep their kind and code). */
  readonly names?: Readonly<Record<string, (info: AwsErrorInfo, call: AwsCallContext) => AwsErrorOverride>>;
}

const DEFAULT_HINTS: Record<AwsErrorClass, string | ((info: AwsErrorInfo) => string) | undefined> = {
  throttled: 'Retry the job when other callers are quieter, or lower the step’s concurrency.',
  unavailable: 'Retry the job; if it persists, check the AWS Health Dashboard for the region.',
  network: (info) =>
    `${info.network ? `${capitalise(info.network.what)}: ${info.network.look}` : 'The network failed: check the network path, the proxy settings (HTTPS_PROXY, NO_PROXY or the step’s proxy input) and the endpoint'}, then retry.`,
  protocol:
    'The endpoint answered something that is not an AWS response: check the endpoint URL and any proxy in between.',
  'access-denied': 'Allow the action in the IAM policy of the role or user the step runs as.',
  'invalid-credentials': 'Check the access key id and secret access key: AWS does not recognise them.',
  'expired-credentials': 'The source credentials have expired: refresh the session token or the source.',
  'invalid-identity-token':
    "Check the OIDC provider in IAM (issuer URL, audience) and the role's trust policy conditions.",
  other: undefined,
};

/** What a stable error code looks like (`ParameterNotFound`, `InvalidKeyId.NotFound`). */
const CODE_LIKE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * The hint when a service that is not AWS failed (an adapter sets `$service`): its words, never
 * AWS's, whatever the service table says.
 */
function serviceHint(info: AwsErrorInfo, service: string): string | undefined {
  if (info.class === 'network' && info.network)
    return `${service}: ${info.network.what}; ${info.network.look}, then retry.`;
  if (info.status !== undefined && info.status >= 500)
    return `${service} answered HTTP ${info.status} (its own failure, not AWS's): retry the job; if it persists, check that service's status.`;
  return undefined;
}

const defaultMessage = (info: AwsErrorInfo, call: AwsCallContext): string =>
  `${call.action}${call.subject ? ` for ${call.subject}` : ''} failed: ${info.name}: ${info.message}`;

/**
 * The one AWS-error classifier: turns an error from an AWS call into a one-line CiKitError with a
 * stable kind and code and the service's fix hint. An existing CiKitError passes through untouched.
 */
export function awsError(error: unknown, table: AwsErrorTable, call: AwsCallContext): CiKitError {
  if (isCiKitError(error)) return error;
  const info = awsErrorInfo(error);
  const base = AWS_ERROR_CODES[info.class];
  const override = info.class === 'other' ? table.names?.[info.name]?.(info, call) : undefined;
  const hint =
    (info.service ? serviceHint(info, info.service) : undefined) ??
    table.hints?.[info.class] ??
    DEFAULT_HINTS[info.class];
  const said = (table.message ?? defaultMessage)(info, call);
  // A network failure says what happened, whatever the service's wording.
  const worded = info.network && !said.includes(info.network.what) ? `${said} (${info.network.what})` : said;
  const message = override?.message ?? worded;
  const resolvedHint = override?.hint ?? (typeof hint === 'function' ? hint(info, call) : hint);
  return new CiKitError(override?.kind ?? base.kind, message, {
    // An error name is data from the endpoint: a code only when it looks like one.
    code: override?.code ?? (info.class === 'other' && CODE_LIKE.test(info.name) ? info.name : base.code),
    ...(resolvedHint ? { hint: resolvedHint } : {}),
    cause: error,
  });
}
