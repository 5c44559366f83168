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

/** The one line a failed step prints: message, then the fix. */
export function describeError(error: unknown): string {
  if (isCiKitError(error)) {
    return error.hint ? `${error.message} Fix: ${error.hint}` : error.message;
  }
  if (error instanceof Error) return `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}`;
  return String(error);
}
