import { CiKitError, inputName, stepDeadlineOf } from '@aws-ci-kit/core';
import { assumeRole } from "./assume-role.js";
import { awsCallLogger } from "./aws-call-logger.js";
import { notConfigured } from "./chain-context.js";
import { collectResponseBody } from "./collect-response-body.js";
import { completeRoleArn } from "./complete-role-arn.js";
import { createRequestHandler } from "./create-request-handler.js";
import { AWS_PIPELINE_VARIABLES, CREDENTIAL_INPUTS as IN } from "./credential-inputs.js";
import { defaultSessionName } from "./default-session-name.js";
import { firstProvider } from "./first-provider.js";
import { fromContainerMetadata } from "./from-container-metadata.js";
import { fromEnvironment } from "./from-environment.js";
import { fromInstanceMetadata } from "./from-instance-metadata.js";
import { fromSharedProfile } from "./from-shared-profile.js";
import { fromStepInputs } from "./from-step-inputs.js";
import { fromWebIdentity } from "./from-web-identity.js";
import { getCallerIdentity } from "./get-caller-identity.js";
import { maskOnce } from "./mask-once.js";
import { memoizeProvider } from "./memoize-provider.js";
import { profileFiles } from "./profile-files.js";
import { readCredentialSettings } from "./read-credential-settings.js";
import { readProxySettings } from "./read-proxy-settings.js";
import { resolveRegion } from "./resolve-region.js";
import { sessionTags } from "./session-tags.js";
const REFRESH_MS = 5 * 60 * 1000;
function maskCredentials(runtime, c) {
    maskOnce(runtime, c.accessKeyId, c.secretAccessKey, c.sessionToken);
}
/**
 * The Azure-only sources (a service connection, the Toolkit's pipeline variables `AWS.*`), loaded
 * only when their settings are there: a GitHub run, or an Azure run with neither, never parses them.
 */
function fromServiceConnectionWhenSet(context, ambient) {
    return async () => {
        if (!context.settings.serviceConnection || !context.runtime.endpoint)
            throw notConfigured('a service connection');
        const { fromServiceConnection } = await import("./from-service-connection.js");
        return fromServiceConnection(context, ambient)();
    };
}
function fromPipelineVariablesWhenSet(context) {
    return async () => {
        const V = AWS_PIPELINE_VARIABLES;
        if ([V.accessKeyId, V.secretAccessKey, V.sessionToken].every((name) => !context.runtime.variable(name)))
            throw notConfigured('pipeline variables');
        const { fromPipelineVariables } = await import("./from-pipeline-variables.js");
        return fromPipelineVariables(context)();
    };
}
/** configure-aws-credentials' `special-characters-workaround` test: no `!@#$%^&*()_+-=[]{};':"\\|,.<>/?`. */
const SPECIAL_CHARACTERS = /[!@#$%^&*()_+\-=[\]{};':"\\|,.<>/?]/;
const SPECIAL_CHARACTERS_ATTEMPTS = 30;
async function resolveOnce(context, assumeInputRole, ambientOnly = false) {
    const { runtime, settings, sts, retry } = context;
    const noneFound = async () => {
        throw new CiKitError('credentials', `No AWS credentials found: tried ${runtime.rules.credentialSources}.`, {
            code: 'CredentialsNotFound',
            hint: runtime.rules.noCredentialsHint,
        });
    };
    const ambient = firstProvider(fromEnvironment(context), fromSharedProfile(context), fromContainerMetadata(context), fromInstanceMetadata(context), noneFound);
    const base = ambientOnly
        ? await ambient()
        : await firstProvider(fromStepInputs(context), fromServiceConnectionWhenSet(context, ambient), fromPipelineVariablesWhenSet(context), fromWebIdentity(context), ambient)();
    maskCredentials(runtime, base);
    const hops = [];
    if (base.role && !ambientOnly)
        hops.push({ ...base.role, tagged: false, fromInput: false });
    if (assumeInputRole &&
        !ambientOnly &&
        settings.roleToAssume &&
        !base.usedInputRole &&
        settings.roleToAssume !== base.role?.roleArn) {
        hops.push({
            roleArn: settings.roleToAssume,
            from: `input \`${inputName(runtime, IN.roleToAssume)}\``,
            tagged: settings.sessionTagging,
            fromInput: true,
            ...(settings.roleExternalId ? { externalId: settings.roleExternalId } : {}),
            ...(settings.roleSessionName ? { sessionName: settings.roleSessionName } : {}),
        });
    }
    // Roles named by a source use the AWS Toolkit's `aws.rolecredential.maxduration` when it is valid.
    const toolkitDuration = Number(runtime.variable(AWS_PIPELINE_VARIABLES.roleMaxDuration));
    const sourceRoleDuration = Number.isInteger(toolkitDuration) && toolkitDuration >= 900 && toolkitDuration <= 43200
        ? toolkitDuration
        : settings.roleDurationSeconds;
    let current = base;
    let source = base.source;
    let roleArn = base.assumedRoleArn;
    for (const [index, hop] of hops.entries()) {
        const last = index === hops.length - 1;
        const arn = await completeRoleArn(hop.roleArn, sts, current, retry, source, hop.from);
        // AWS limits a session assumed with another role's session (role chaining) to one hour.
        const chained = index > 0 || base.assumedRoleArn !== undefined;
        const wanted = hop.fromInput ? settings.roleDurationSeconds : sourceRoleDuration;
        const durationSeconds = chained ? Math.min(wanted, 3600) : wanted;
        const assumed = await assumeRole(sts, current, {
            roleArn: arn,
            sessionName: hop.sessionName ?? context.defaultSessionName,
            durationSeconds,
            sourceName: source,
            ...(hop.externalId ? { externalId: hop.externalId } : {}),
            ...(hop.tagged
                ? {
                    tags: sessionTags(runtime.rules.sessionPrefix, runtime.context, settings.customTags, runtime.rules.sessionTags, inputName(runtime, IN.customTags)),
                    transitiveTagKeys: settings.transitiveTagKeys,
                }
                : {}),
            ...(last && settings.inlineSessionPolicy ? { policy: settings.inlineSessionPolicy } : {}),
            ...(last ? { policyArns: settings.managedSessionPolicies } : {}),
        }, retry);
        maskCredentials(runtime, assumed);
        runtime.log.debug(`Assumed ${arn} (from ${hop.from}) with credentials from ${source}.`);
        current = assumed;
        roleArn = assumed.assumedRoleArn;
        source = `${source} -> role ${arn}`;
    }
    return {
        credentials: {
            accessKeyId: current.accessKeyId,
            secretAccessKey: current.secretAccessKey,
            ...(current.sessionToken ? { sessionToken: current.sessionToken } : {}),
            ...(current.expiration ? { expiration: current.expiration } : {}),
        },
        source,
        ...(roleArn ? { roleArn } : {}),
    };
}
/** GetCallerIdentity, the account masked when asked, and `allowed-account-ids` enforced. */
async function checkIdentity(runtime, settings, call) {
    const identity = await call();
    if (settings.maskAccountId && identity.account)
        maskOnce(runtime, identity.account);
    if (settings.allowedAccountIds.length > 0 && !settings.allowedAccountIds.includes(identity.account)) {
        throw new CiKitError('permission', `The credentials belong to account ${identity.account}, which \`${inputName(runtime, IN.allowedAccountIds)}\` does not list.`, {
            code: 'AccountNotAllowed',
            hint: `Use credentials for one of ${settings.allowedAccountIds.join(', ')}, or add the account to \`${inputName(runtime, IN.allowedAccountIds)}\`.`,
        });
    }
    return identity;
}
/**
 * Resolves region and credentials from every source a pipeline can have, in the documented order
 * (step inputs, service connection, pipeline variables AWS.*, OIDC web identity, environment,
 * shared config files, container and instance metadata), assumes the configured role(s), verifies
 * the identity, and masks every secret the moment it exists. Uses the credential inputs
 * (CREDENTIAL_INPUTS), which every capability step also accepts.
 */
export async function resolveAwsSession(runtime, options = {}) {
    const settings = readCredentialSettings(runtime);
    if (settings.forceSkipOidc &&
        settings.roleToAssume &&
        !settings.accessKeyId &&
        !settings.webIdentityTokenFile) {
        throw new CiKitError('input', `\`${inputName(runtime, IN.forceSkipOidc)}\` is true and \`${inputName(runtime, IN.roleToAssume)}\` is set, but there are no keys and no token file to assume it with.`, {
            code: 'InputMissing',
            hint: `Set \`${inputName(runtime, IN.accessKeyId)}\` or \`${inputName(runtime, IN.webIdentityTokenFile)}\`, or drop \`${inputName(runtime, IN.forceSkipOidc)}\`.`,
        });
    }
    const deadline = stepDeadlineOf(runtime);
    const requestHandler = await createRequestHandler({
        ...readProxySettings(runtime, settings.httpProxy, settings.noProxy),
        ...(deadline ? { deadline } : {}),
    });
    const profile = profileFiles(runtime, settings.profile);
    const { region, from: regionSource } = await resolveRegion(runtime, settings.region, profile);
    const sts = {
        region,
        requestHandler,
        debug: (message) => runtime.log.debug(message),
        ...(settings.stsEndpoint ? { endpoint: settings.stsEndpoint } : {}),
    };
    const retry = { maxAttempts: settings.retryMaxAttempts, totalMs: options.retryTotalMs ?? 30_000 };
    const context = {
        runtime,
        settings,
        sts,
        requestHandler,
        retry,
        profile,
        defaultSessionName: runtime.rules.roleSessionName ?? defaultSessionName(runtime.rules.sessionPrefix, runtime.context),
        ...(deadline ? { deadline } : {}),
    };
    const assumeInputRole = options.assumeRole ?? true;
    const ambientOnly = options.ambientOnly ?? false;
    const resolve = async () => {
        for (let attempt = 1;; attempt++) {
            const resolution = await resolveOnce(context, assumeInputRole, ambientOnly);
            const { accessKeyId, secretAccessKey } = resolution.credentials;
            if (!settings.specialCharactersWorkaround ||
                resolution.roleArn === undefined ||
                !SPECIAL_CHARACTERS.test(accessKeyId + secretAccessKey)) {
                return resolution;
            }
            if (attempt >= SPECIAL_CHARACTERS_ATTEMPTS) {
                throw new CiKitError('credentials', `STS returned keys with special characters ${attempt} times in a row.`, {
                    code: 'SpecialCharactersPersist',
                    hint: `Drop \`${inputName(runtime, IN.specialCharactersWorkaround)}\` and quote the keys where they are used.`,
                });
            }
            runtime.log.debug(`The role's secret access key holds special characters; asking STS again (${attempt}).`);
        }
    };
    const first = await resolve();
    const verifying = (options.verify ?? settings.verifyIdentity) || settings.allowedAccountIds.length > 0
        ? checkIdentity(runtime, settings, () => getCallerIdentity(sts, first.credentials, retry, first.source))
        : undefined;
    verifying?.catch(() => undefined); // with verifyAlongside the caller awaits it (and sees the error)
    const identity = verifying && !options.verifyAlongside ? await verifying : undefined;
    let pending = first;
    const credentials = memoizeProvider(async () => {
        if (pending) {
            const value = pending.credentials;
            pending = undefined;
            return value;
        }
        runtime.log.debug('Refreshing AWS credentials before they expire.');
        return (await resolve()).credentials;
    }, (c) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < REFRESH_MS, (c) => c.expiration !== undefined);
    const maxAttempts = Math.min(settings.retryMaxAttempts, 5);
    const logger = settings.logRequest || settings.logResponse
        ? { logger: awsCallLogger(runtime, { request: settings.logRequest, response: settings.logResponse }) }
        : {};
    return {
        region,
        regionSource,
        credentials,
        source: first.source,
        requestHandler,
        retryMaxAttempts: settings.retryMaxAttempts,
        ...(first.roleArn ? { roleArn: first.roleArn } : {}),
        ...(identity ? { identity } : {}),
        ...(verifying ? { verified: verifying } : {}),
        clientConfig: () => ({
            region,
            credentials,
            requestHandler,
            maxAttempts,
            streamCollector: collectResponseBody,
            ...logger,
        }),
    };
}
