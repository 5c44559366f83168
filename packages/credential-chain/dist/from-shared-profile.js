import { CiKitError, inputName, isCiKitError, oneLine } from '@aws-ci-kit/core';
import { notConfigured } from "./chain-context.js";
import { checkProfile } from "./check-profile.js";
import { CREDENTIAL_INPUTS as IN } from "./credential-inputs.js";
import { loadProfileSections } from "./load-profile-sections.js";
import { maskOnce } from "./mask-once.js";
import { CREDENTIAL_PROCESS_TIMEOUT_MS, runCredentialProcess } from "./run-credential-process.js";
const HINTS = {
    static: (p) => `Check the keys of profile \`${p}\`.`,
    'assume-role': (p) => `Check role_arn and source_profile of profile \`${p}\` and that the source profile resolves.`,
    'web-identity': (p) => `Check role_arn and web_identity_token_file of profile \`${p}\`.`,
    process: (p) => `Check the credential_process command of profile \`${p}\`: it must print the credentials JSON (Version 1).`,
    sso: (p) => `Sign in again (\`aws sso login --profile ${p}\`) so the cached token in ~/.aws/sso/cache is valid, and check sso_account_id/sso_role_name.`,
    login: (p) => `Sign in again (\`aws login --profile ${p}\`).`,
    'config-only': (p) => `Add credentials to profile \`${p}\`.`,
};
/**
 * Source 6: a named profile in the shared config and credentials files: static keys,
 * `source_profile` chains, `credential_process`, SSO (`sso-session` and a cached token).
 * The profile is checked first, so a malformed one names its file, profile and bad key;
 * the SDK's providers (`fromSSO`, `fromProcess`, `fromIni`) then resolve it.
 */
export function fromSharedProfile(context) {
    return async () => {
        const { runtime, profile, requestHandler, sts } = context;
        const sections = await loadProfileSections(profile);
        const kind = checkProfile(profile.name, sections);
        const label = `profile \`${profile.name}\``;
        if (kind === undefined || kind === 'config-only') {
            if (!profile.explicit)
                throw notConfigured('the shared config files');
            throw new CiKitError('configuration', kind === undefined
                ? `Profile \`${profile.name}\` was not found in ${profile.credentialsPath} or ${profile.configPath}.`
                : `Profile \`${profile.name}\` in ${profile.configPath} holds no credentials.`, {
                code: 'ProfileNotFound',
                hint: `Check \`${inputName(runtime, IN.profile)}\` / AWS_PROFILE and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE.`,
            });
        }
        const sdk = await import("./sdk-providers.js");
        const init = {
            profile: profile.name,
            ...(profile.filepath ? { filepath: profile.filepath } : {}),
            ...(profile.configFilepath ? { configFilepath: profile.configFilepath } : {}),
        };
        const clientConfig = { region: sts.region, requestHandler };
        const provider = kind === 'sso'
            ? sdk.fromSSO({ ...init, clientConfig })
            : kind === 'process'
                ? () => {
                    // What is left of the step's deadline (less a moment, so this more precise line wins), at most 30 s.
                    const left = (context.deadline?.remaining() ?? Number.POSITIVE_INFINITY) - 250;
                    context.deadline?.waitingFor(`the credential_process of profile \`${profile.name}\``);
                    return runCredentialProcess(sections.credentials?.credential_process ?? sections.config?.credential_process ?? '', profile.name, Math.max(100, Math.min(CREDENTIAL_PROCESS_TIMEOUT_MS, left)));
                }
                : sdk.fromIni({ ...init, clientConfig, ignoreCache: true });
        try {
            const credentials = await provider();
            maskOnce(runtime, credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken);
            return {
                accessKeyId: credentials.accessKeyId,
                secretAccessKey: credentials.secretAccessKey,
                ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
                ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
                source: kind === 'static' ? label : `${label} (${kind})`,
            };
        }
        catch (error) {
            if (isCiKitError(error))
                throw error;
            throw new CiKitError('credentials', `${label} (${kind}) did not resolve: ${oneLine(error.message ?? String(error))}`, { code: 'ProfileFailed', hint: HINTS[kind](profile.name), cause: error });
        }
    };
}
