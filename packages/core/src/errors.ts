const BRAND = Symbol.for('aws-ci-kit.error');

export type ErrorKind =
  | 'input'
  | 'configuration'
  | 'credentials'
  | 'permission'
  | 'network'
  | 'aws'
  | 'registry'
  | 'tool'
  | 'internal';

export interface CiKitErrorOptions {
  /** What the user should do to fix it, e.g. "Set `role-to-assume` or AWS_ROLE_ARN". */
  readonly hint?: string | undefined;
  /** Credential chains: may the next source be tried (true: "not configured here") or not ("configured but broken"). */
  readonly tryNextLink?: boolean | undefined;
  readonly cause?: unknown | undefined;
  /** A stable code, e.g. `InputMissing`, `AccessDenied`. */
  readonly code?: string | undefined;
}

/**
 * The one error type of aws-ci-kit. It carries a fix hint and is recognised across bundles
 * (each bundle has its own copy of this class) by a global symbol brand, not `instanceof`.
 */
export class CiKitError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly tryNextLink: boolean;
  readonly code: string;
  readonly [BRAND] = true;

  constructor(kind: ErrorKind, message: string, options: CiKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CiKitError';
    this.kind = kind;
    this.hint = options.hint;
    this.tryNextLink = options.tryNextLink ?? false;
    this.code = options.code ?? kind;
  }
}

/** True for any aws-ci-kit error, from this bundle or another. */
export function isCiKitError(error: unknown): error is CiKitError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** Errors the user can fix print one line, no stack. */
export function isUserError(error: unknown): boolean {
  return isCiKitError(error) && error.kind !== 'internal';
}

/** The code an unexpected error (a bug, not a CiKitError) shows. */
export const INTERNAL_ERROR_CODE = 'Internal';

/** The stable code a failure shows to its CI: the CiKitError's own, `Internal` for anything else. */
export function errorCode(error: unknown): string {
  return isCiKitError(error) ? error.code : INTERNAL_ERROR_CODE;
}

/** A word longer than this in an error line is a value (a host, a token, an input): it is cut. */
const LONG_WORD = 200;
/** The longest error line printed. */
const MAX_LINE = 1_000;

/** One line, values that would fill the log cut: line breaks become spaces, each very long word is cut, then the line. */
function bounded(text: string): string {
  const line = text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
  const cut = line.replace(
    new RegExp(`\\S{${LONG_WORD + 1},}`, 'g'),
    (word) => `${word.slice(0, 60)}… (${word.length} characters)`,
  );
  return cut.length > MAX_LINE ? `${cut.slice(0, MAX_LINE - 1)}…` : cut;
}

/** The one line a failed step prints: message, then the fix; long values cut. */
export function describeError(error: unknown): string {
  if (isCiKitError(error)) {
    return bounded(error.hint ? `${error.message} Fix: ${error.hint}` : error.message);
  }
  if (error instanceof Error)
    return bounded(`${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`);
  return bounded(String(error));
}
