import { quoteValue } from '@aws-ci-kit/core';

/** One parameter to read by name: `name`, `name:version` or `name:label`, optionally `=VARIABLE`. */
export interface ParameterRequest {
  readonly kind: 'name';
  /** The entry as the user wrote it (for error messages). */
  readonly raw: string;
  /** The parameter name, ARN or `/aws/reference/secretsmanager/<id>` reference, without selector. */
  readonly name: string;
  /** `3` (a version) or `prod` (a label); undefined for the latest version. */
  readonly selector?: string;
  /** The variable the user mapped this parameter to (`=VAR`), used verbatim. */
  readonly variable?: string;
  /** A Secrets Manager secret referenced through Parameter Store (always secret). */
  readonly secretsManager: boolean;
}

/** A path to read with GetParametersByPath. */
export interface PathRequest {
  readonly kind: 'path';
  readonly raw: string;
  /** Always starts with `/`. */
  readonly path: string;
  readonly recursive: boolean;
}

/** What to read: a parameter by name, or every parameter under a path. */
export type SsmRequest = ParameterRequest | PathRequest;

/** An entry that is not a valid name or path, and why. */
export interface InvalidRequest {
  readonly kind: 'invalid';
  readonly raw: string;
  readonly invalid: string;
}

export const SECRETS_MANAGER_PREFIX = '/aws/reference/secretsmanager/';

const NAME = /^[A-Za-z0-9_.\-/]+$/;
const ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+$/;
const SECRET_ID = /^[A-Za-z0-9/_+=.@-]+$/;
const VERSION = /^[1-9]\d{0,17}$/;
const LABEL = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const SELECTOR_TEXT = /^[A-Za-z0-9_.-]+$/;
/** What may follow the last `=` to be read as a variable mapping (names never contain these). */
const MAPPING_TEXT = /^[^/:=]+$/;

/** The key a request is fetched under: the same name and selector is fetched once. */
export function requestKey(request: Pick<ParameterRequest, 'name' | 'selector'>): string {
  return request.selector === undefined ? request.name : `${request.name}:${request.selector}`;
}

function invalidEntry(raw: string, invalid: string): InvalidRequest {
  return { kind: 'invalid', raw, invalid };
}

/**
 * Parses one `names` entry. Returns the request, or a reason why the entry is not a valid name.
 * `=VAR` is split at the last `=` (Secrets Manager ids may contain `=`, variables never contain `/`).
 */
export function parseParameterRequest(entry: string): ParameterRequest | InvalidRequest {
  const raw = entry.trim();
  let text = raw;
  let variable: string | undefined;
  const eq = text.lastIndexOf('=');
  if (eq > 0 && MAPPING_TEXT.test(text.slice(eq + 1).trim())) {
    variable = text.slice(eq + 1).trim();
    text = text.slice(0, eq).trim();
  } else if (eq === text.length - 1 && eq > 0) {
    return invalidEntry(raw, 'no variable name after `=`');
  }
  let selector: string | undefined;
  const colon = text.lastIndexOf(':');
  if (colon > 0 && SELECTOR_TEXT.test(text.slice(colon + 1))) {
    const before = text.slice(0, colon);
    // An ARN has at least 5 colons before its resource part; a selector follows the resource.
    if (!before.startsWith('arn:') || before.split(':').length >= 6) {
      selector = text.slice(colon + 1);
      text = before;
    }
  }
  const name = text;
  if (name === '') return invalidEntry(raw, 'empty name');
  const secretsManager = name.startsWith(SECRETS_MANAGER_PREFIX);
  if (secretsManager) {
    const id = name.slice(SECRETS_MANAGER_PREFIX.length);
    if (id === '' || !SECRET_ID.test(id)) return invalidEntry(raw, 'not a valid Secrets Manager secret id');
  } else if (name.startsWith('arn:')) {
    if (!ARN.test(name)) return invalidEntry(raw, 'not a valid SSM parameter ARN');
  } else {
    if (!NAME.test(name)) return invalidEntry(raw, 'names may only contain a-z, A-Z, 0-9, _ . - /');
    if (name.includes('/') && !name.startsWith('/'))
      return invalidEntry(raw, 'a name with a / must start with /');
    if (name.length > 2048) return invalidEntry(raw, 'longer than 2048 characters');
  }
  if (selector !== undefined && !secretsManager) {
    if (/^\d/.test(selector)) {
      if (!VERSION.test(selector))
        return invalidEntry(raw, `version ${quoteValue(selector)} must be a number from 1`);
    } else if (!LABEL.test(selector) || /^(aws|ssm)/i.test(selector)) {
      return invalidEntry(raw, `${quoteValue(selector)} is not a valid label`);
    }
  }
  return {
    kind: 'name',
    raw,
    name,
    ...(selector === undefined ? {} : { selector }),
    ...(variable === undefined ? {} : { variable }),
    secretsManager,
  };
}

const PATH = /^\/[A-Za-z0-9_.\-/]*$/;

/** Parses one `paths` entry; a missing leading `/` is added (as the AWS Toolkit task does). */
export function parsePathRequest(entry: string, recursive: boolean): PathRequest | InvalidRequest {
  const raw = entry.trim();
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  if (!PATH.test(path)) return invalidEntry(raw, 'paths may only contain a-z, A-Z, 0-9, _ . - /');
  if (path.startsWith(SECRETS_MANAGER_PREFIX.slice(0, -1))) {
    return invalidEntry(raw, 'Secrets Manager references cannot be read by path; list them in `names`');
  }
  return { kind: 'path', raw, path, recursive };
}
