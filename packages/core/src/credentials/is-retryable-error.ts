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

const TRANSIENT = new Set([
  'IDPCommunicationError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
]);

const NETWORK = new Set([
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

interface ErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  cause?: unknown;
}

/**
 * Whether an AWS call may be tried again: throttling, 5xx, timeouts and network errors only.
 * AccessDenied, a bad token or a bad request never are.
 */
export function isRetryableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const shape = e as ErrorShape;
    const code = shape.name ?? '';
    if (THROTTLING.has(code) || THROTTLING.has(shape.Code ?? '')) return true;
    if (TRANSIENT.has(code) || TRANSIENT.has(shape.Code ?? '')) return true;
    if (NETWORK.has(shape.code ?? '')) return true;
    const status = shape.$metadata?.httpStatusCode;
    if (status !== undefined && (status >= 500 || status === 429)) return true;
    if (shape.$retryable) return true;
    e = shape.cause;
  }
  return false;
}
