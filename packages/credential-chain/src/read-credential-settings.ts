import type { CiRuntime } from '@aws-ci-kit/core';
import {
  CiKitError,
  getBooleanInput,
  getInput,
  getIntegerInput,
  getListInput,
  inputName,
  invalidInput,
  quoteValue,
} from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS as IN } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import { sessionTags } from './session-tags.ts';

/** Every credential input, parsed and validated once. */
export interface CredentialSettings {
  readonly region?: string | undefined;
  readonly serviceConnection?: string | undefined;
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  readonly sessionToken?: string | undefined;
  readonly profile?: string | undefined;
  readonly roleToAssume?: string | undefined;
  readonly roleExternalId?: string | undefined;
  readonly roleSessionName?: string | undefined;
  readonly roleDurationSeconds: number;
  readonly roleChaining: boolean;
  readonly sessionTagging: boolean;
  readonly customTags: Readonly<Record<string, string>>;
  readonly inlineSessionPolicy?: string | undefined;
  readonly managedSessionPolicies: readonly string[];
  readonly audience: string;
  readonly webIdentityTokenFile?: string | undefined;
  readonly unsetCurrentCredentials: boolean;
  readonly verifyIdentity: boolean;
  readonly allowedAccountIds: readonly string[];
  readonly maskAccountId: boolean;
  readonly retryMaxAttempts: number;
  readonly httpProxy?: string | undefined;
  readonly noProxy?: string | undefined;
  /** Session tag keys passed on to roles assumed from this session (only keys that are tags). */
  readonly transitiveTagKeys: readonly string[];
  /** STS endpoint URL (an STS-compatible API); else the SDK's endpoint resolution. */
  readonly stsEndpoint?: string;
  /** Retry STS calls until the secret access key holds no special characters (configure-aws-credentials). */
  readonly specialCharactersWorkaround: boolean;
  /** Never use the CI's OIDC token (configure-aws-credentials' `force-skip-oidc`). */
  readonly forceSkipOidc: boolean;
  readonly logRequest: boolean;
  readonly logResponse: boolean;
}

type CredentialInput = (typeof IN)[keyof typeof IN];

function jsonObject(runtime: CiRuntime, ref: CredentialInput, what: string): unknown {
  const raw = getInput(runtime, ref);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    const name = inputName(runtime, ref);
    throw new CiKitError('input', `Input \`${name}\` is not valid JSON.`, {
      code: 'InputInvalid',
      hint: `Set \`${name}\` to ${what}.`,
    });
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/** `mask-aws-account-id`; when true, masks the account ids the inputs already reveal, before anything logs them. */
function readMaskAccountId(runtime: CiRuntime): boolean {
  const maskAccountId = getBooleanInput(runtime, IN.maskAwsAccountId);
  if (maskAccountId) {
    const revealing = [getInput(runtime, IN.roleToAssume), getInput(runtime, IN.allowedAccountIds)].join(' ');
    for (const id of new Set(revealing.match(/\b\d{12}\b/g) ?? [])) maskOnce(runtime, id);
  }
  return maskAccountId;
}

/** `custom-tags`: a JSON object of string values (its keys and values are checked by `checkCustomTags`). */
function readCustomTags(runtime: CiRuntime): Record<string, string> | undefined {
  const customTags = jsonObject(runtime, IN.customTags, 'a JSON object of tag keys and string values');
  if (customTags === undefined || isStringRecord(customTags)) return customTags;
  const name = inputName(runtime, IN.customTags);
  throw new CiKitError('input', `Input \`${name}\` must be a JSON object of string values.`, {
    code: 'InputInvalid',
    hint: `Set \`${name}\` to e.g. {"Team": "web"}.`,
  });
}

/** Custom tags checked now, before any work, not at the AssumeRole call. */
function checkCustomTags(runtime: CiRuntime, customTags: Readonly<Record<string, string>>): void {
  sessionTags(
    runtime.rules.sessionPrefix,
    runtime.context,
    customTags,
    runtime.rules.sessionTags,
    inputName(runtime, IN.customTags),
  );
}

function readAllowedAccountIds(runtime: CiRuntime): string[] {
  const accountIds = getListInput(runtime, IN.allowedAccountIds);
  const badAccount = accountIds.find((id) => !/^\d{12}$/.test(id));
  if (badAccount === undefined) return accountIds;
  const name = inputName(runtime, IN.allowedAccountIds);
  throw new CiKitError(
    'input',
    `Input \`${name}\` lists ${quoteValue(badAccount)}, which is not a 12-digit account id.`,
    {
      code: 'InputInvalid',
      hint: `List 12-digit AWS account ids in \`${name}\`, separated by commas or new lines.`,
    },
  );
}

interface KeySettings {
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  readonly sessionToken: string | undefined;
}

/** The key inputs, masked the moment they are read. */
function readKeys(runtime: CiRuntime): KeySettings {
  const accessKeyId = getInput(runtime, IN.accessKeyId);
  const secretAccessKey = getInput(runtime, IN.secretAccessKey);
  const sessionToken = getInput(runtime, IN.sessionToken);
  maskOnce(runtime, accessKeyId, secretAccessKey, sessionToken);
  return { accessKeyId, secretAccessKey, sessionToken };
}

/** Keys and tokens are printable ASCII; anything else could never sign a request (and is not echoed). */
function checkKeyCharacters(runtime: CiRuntime, keys: KeySettings): void {
  for (const [ref, value] of [
    [IN.accessKeyId, keys.accessKeyId],
    [IN.secretAccessKey, keys.secretAccessKey],
    [IN.sessionToken, keys.sessionToken],
  ] as const) {
    const at = value === undefined ? -1 : value.search(/[^\x21-\x7e]/);
    if (at < 0) continue;
    const name = inputName(runtime, ref);
    throw new CiKitError(
      'input',
      `Input \`${name}\` holds a space, control or non-ASCII character (at position ${at + 1}).`,
      {
        code: 'InputInvalid',
        hint: `Copy the value of \`${name}\` again, without line breaks or other characters around it.`,
      },
    );
  }
}

type NetworkSettings = Pick<
  CredentialSettings,
  | 'retryMaxAttempts'
  | 'specialCharactersWorkaround'
  | 'stsEndpoint'
  | 'httpProxy'
  | 'noProxy'
  | 'logRequest'
  | 'logResponse'
>;

/** Retries, the STS endpoint, the proxy and the call logs. */
function readNetworkSettings(runtime: CiRuntime): NetworkSettings {
  const specialCharactersWorkaround = getBooleanInput(runtime, IN.specialCharactersWorkaround);
  // configure-aws-credentials: `special-characters-workaround` overrides `disable-retry` and
  // `retry-max-attempts` (12); `disable-retry` means one attempt.
  const retryMaxAttempts = specialCharactersWorkaround
    ? 12
    : getBooleanInput(runtime, IN.disableRetry)
      ? 1
      : (getIntegerInput(runtime, IN.retryMaxAttempts, { min: 1, max: 50, default: 12 }) ?? 12);
  const stsEndpoint = getInput(runtime, IN.stsEndpoint);
  if (stsEndpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(stsEndpoint)) {
    throw invalidInput(
      runtime,
      IN.stsEndpoint,
      'an http(s) URL',
      stsEndpoint,
      `Set \`${inputName(runtime, IN.stsEndpoint)}\` to e.g. https://sts.eu-central-1.amazonaws.com, or leave it unset.`,
    );
  }
  return {
    retryMaxAttempts,
    specialCharactersWorkaround,
    ...(stsEndpoint ? { stsEndpoint } : {}),
    httpProxy: getInput(runtime, IN.httpProxy),
    noProxy: getInput(runtime, IN.noProxy),
    logRequest: getBooleanInput(runtime, IN.logRequest),
    logResponse: getBooleanInput(runtime, IN.logResponse),
  };
}

type RoleSettings = Pick<
  CredentialSettings,
  | 'roleToAssume'
  | 'roleExternalId'
  | 'roleSessionName'
  | 'roleDurationSeconds'
  | 'roleChaining'
  | 'sessionTagging'
  | 'customTags'
  | 'inlineSessionPolicy'
  | 'managedSessionPolicies'
  | 'audience'
  | 'transitiveTagKeys'
>;

/** The role to assume and how: session name, duration, tags and policies. */
function readRoleSettings(
  runtime: CiRuntime,
  customTags: Readonly<Record<string, string>>,
  inlinePolicy: unknown,
): RoleSettings {
  return {
    roleToAssume: getInput(runtime, IN.roleToAssume),
    roleExternalId: getInput(runtime, IN.roleExternalId),
    roleSessionName: getInput(runtime, IN.roleSessionName),
    roleDurationSeconds:
      getIntegerInput(runtime, IN.roleDurationSeconds, { min: 900, max: 43200, default: 3600 }) ?? 3600,
    roleChaining: getBooleanInput(runtime, IN.roleChaining),
    sessionTagging: !getBooleanInput(runtime, IN.roleSkipSessionTagging),
    customTags,
    inlineSessionPolicy: inlinePolicy === undefined ? undefined : JSON.stringify(inlinePolicy),
    managedSessionPolicies: getListInput(runtime, IN.managedSessionPolicies),
    audience: getInput(runtime, IN.audience) ?? 'sts.amazonaws.com',
    transitiveTagKeys: getListInput(runtime, IN.transitiveTagKeys),
  };
}

/** Reads the credential inputs of any AWS step (see CREDENTIAL_INPUTS for their names); masks the keys. */
export function readCredentialSettings(runtime: CiRuntime): CredentialSettings {
  const maskAccountId = readMaskAccountId(runtime);
  const customTags = readCustomTags(runtime);
  const inlinePolicy = jsonObject(runtime, IN.inlineSessionPolicy, 'an IAM policy document');
  const allowedAccountIds = readAllowedAccountIds(runtime);
  const region = getInput(runtime, IN.region)?.toLowerCase();
  const keys = readKeys(runtime);
  const network = readNetworkSettings(runtime);
  checkKeyCharacters(runtime, keys);
  if (customTags !== undefined) checkCustomTags(runtime, customTags);
  return {
    region,
    serviceConnection: getInput(runtime, IN.serviceConnection),
    ...keys,
    profile: getInput(runtime, IN.profile),
    ...readRoleSettings(runtime, customTags ?? {}, inlinePolicy),
    webIdentityTokenFile: getInput(runtime, IN.webIdentityTokenFile),
    unsetCurrentCredentials: getBooleanInput(runtime, IN.unsetCurrentCredentials),
    verifyIdentity: getBooleanInput(runtime, IN.verifyIdentity, true),
    allowedAccountIds,
    maskAccountId,
    ...network,
    forceSkipOidc: getBooleanInput(runtime, IN.forceSkipOidc),
  };
}
