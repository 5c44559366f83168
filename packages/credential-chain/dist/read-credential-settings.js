import { CiKitError, getBooleanInput, getInput, getIntegerInput, getListInput, inputName, quoteValue, } from '@aws-ci-kit/core';
import { CREDENTIAL_INPUTS as IN } from "./credential-inputs.js";
import { maskOnce } from "./mask-once.js";
import { sessionTags } from "./session-tags.js";
function jsonObject(runtime, ref, what) {
    const raw = getInput(runtime, ref);
    if (raw === undefined)
        return undefined;
    try {
        return JSON.parse(raw);
    }
    catch {
        const name = inputName(runtime, ref);
        throw new CiKitError('input', `Input \`${name}\` is not valid JSON.`, {
            code: 'InputInvalid',
            hint: `Set \`${name}\` to ${what}.`,
        });
    }
}
/** Reads the credential inputs of any AWS step (see CREDENTIAL_INPUTS for their names); masks the keys. */
export function readCredentialSettings(runtime) {
    const maskAccountId = getBooleanInput(runtime, IN.maskAwsAccountId);
    if (maskAccountId) {
        // Mask account ids the inputs already reveal, before anything logs them.
        const revealing = [getInput(runtime, IN.roleToAssume), getInput(runtime, IN.allowedAccountIds)].join(' ');
        for (const id of new Set(revealing.match(/\b\d{12}\b/g) ?? []))
            maskOnce(runtime, id);
    }
    const customTags = jsonObject(runtime, IN.customTags, 'a JSON object of tag keys and string values');
    if (customTags !== undefined &&
        (typeof customTags !== 'object' ||
            customTags === null ||
            Array.isArray(customTags) ||
            Object.values(customTags).some((v) => typeof v !== 'string'))) {
        const name = inputName(runtime, IN.customTags);
        throw new CiKitError('input', `Input \`${name}\` must be a JSON object of string values.`, {
            code: 'InputInvalid',
            hint: `Set \`${name}\` to e.g. {"Team": "web"}.`,
        });
    }
    const inlinePolicy = jsonObject(runtime, IN.inlineSessionPolicy, 'an IAM policy document');
    const accountIds = getListInput(runtime, IN.allowedAccountIds);
    const badAccount = accountIds.find((id) => !/^\d{12}$/.test(id));
    if (badAccount) {
        const name = inputName(runtime, IN.allowedAccountIds);
        throw new CiKitError('input', `Input \`${name}\` lists ${quoteValue(badAccount)}, which is not a 12-digit account id.`, {
            code: 'InputInvalid',
            hint: `List 12-digit AWS account ids in \`${name}\`, separated by commas or new lines.`,
        });
    }
    const region = getInput(runtime, IN.region)?.toLowerCase();
    const accessKeyId = getInput(runtime, IN.accessKeyId);
    const secretAccessKey = getInput(runtime, IN.secretAccessKey);
    const sessionToken = getInput(runtime, IN.sessionToken);
    maskOnce(runtime, accessKeyId, secretAccessKey, sessionToken);
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
        const name = inputName(runtime, IN.stsEndpoint);
        throw new CiKitError('input', `Input \`${name}\` must be an http(s) URL, got ${quoteValue(stsEndpoint)}.`, {
            code: 'InputInvalid',
            hint: `Set \`${name}\` to e.g. https://sts.eu-central-1.amazonaws.com, or leave it unset.`,
        });
    }
    for (const [ref, value] of [
        [IN.accessKeyId, accessKeyId],
        [IN.secretAccessKey, secretAccessKey],
        [IN.sessionToken, sessionToken],
    ]) {
        // Keys and tokens are printable ASCII; anything else could never sign a request (and is not echoed).
        const at = value === undefined ? -1 : value.search(/[^\x21-\x7e]/);
        if (at >= 0) {
            const name = inputName(runtime, ref);
            throw new CiKitError('input', `Input \`${name}\` holds a space, control or non-ASCII character (at position ${at + 1}).`, {
                code: 'InputInvalid',
                hint: `Copy the value of \`${name}\` again, without line breaks or other characters around it.`,
            });
        }
    }
    if (customTags !== undefined) {
        // Checked now, before any work, not at the AssumeRole call.
        sessionTags(runtime.rules.sessionPrefix, runtime.context, customTags, runtime.rules.sessionTags, inputName(runtime, IN.customTags));
    }
    return {
        region,
        serviceConnection: getInput(runtime, IN.serviceConnection),
        accessKeyId,
        secretAccessKey,
        sessionToken,
        profile: getInput(runtime, IN.profile),
        roleToAssume: getInput(runtime, IN.roleToAssume),
        roleExternalId: getInput(runtime, IN.roleExternalId),
        roleSessionName: getInput(runtime, IN.roleSessionName),
        roleDurationSeconds: getIntegerInput(runtime, IN.roleDurationSeconds, { min: 900, max: 43200, default: 3600 }) ?? 3600,
        roleChaining: getBooleanInput(runtime, IN.roleChaining),
        sessionTagging: !getBooleanInput(runtime, IN.roleSkipSessionTagging),
        customTags: customTags ?? {},
        inlineSessionPolicy: inlinePolicy === undefined ? undefined : JSON.stringify(inlinePolicy),
        managedSessionPolicies: getListInput(runtime, IN.managedSessionPolicies),
        audience: getInput(runtime, IN.audience) ?? 'sts.amazonaws.com',
        webIdentityTokenFile: getInput(runtime, IN.webIdentityTokenFile),
        unsetCurrentCredentials: getBooleanInput(runtime, IN.unsetCurrentCredentials),
        verifyIdentity: getBooleanInput(runtime, IN.verifyIdentity, true),
        allowedAccountIds: accountIds,
        maskAccountId,
        retryMaxAttempts,
        httpProxy: getInput(runtime, IN.httpProxy),
        noProxy: getInput(runtime, IN.noProxy),
        transitiveTagKeys: getListInput(runtime, IN.transitiveTagKeys),
        ...(stsEndpoint ? { stsEndpoint } : {}),
        specialCharactersWorkaround,
        forceSkipOidc: getBooleanInput(runtime, IN.forceSkipOidc),
        logRequest: getBooleanInput(runtime, IN.logRequest),
        logResponse: getBooleanInput(runtime, IN.logResponse),
    };
}
