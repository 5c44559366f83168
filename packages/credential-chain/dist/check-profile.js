import { CiKitError } from '@aws-ci-kit/core';
const CREDENTIAL_KEYS = [
    'aws_access_key_id',
    'aws_secret_access_key',
    'aws_session_token',
    'role_arn',
    'source_profile',
    'credential_source',
    'credential_process',
    'web_identity_token_file',
    'sso_session',
    'sso_start_url',
    'sso_account_id',
    'sso_role_name',
    'sso_region',
    'external_id',
    'role_session_name',
];
function distance(a, b) {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0] ?? 0;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j] ?? 0;
            row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length] ?? 0;
}
/** The credential key an unknown key most likely meant (`xaws_access_key_id` -> `aws_access_key_id`). */
function meant(key) {
    if (CREDENTIAL_KEYS.includes(key))
        return undefined;
    const k = key.toLowerCase();
    return CREDENTIAL_KEYS.find((known) => k === known || k.includes(known) || distance(k, known) <= 2);
}
/**
 * Classifies a profile and rejects a malformed one with a message naming the file, the profile
 * and the bad key (the AWS Toolkit's "not a valid Credential Profile", but saying why).
 * Returns undefined when the profile exists in neither file.
 */
export function checkProfile(name, sections) {
    const { credentials, config } = sections;
    if (!credentials && !config)
        return undefined;
    const where = (key) => credentials && key in credentials ? sections.credentialsPath : sections.configPath;
    const invalid = (problem, key, hint) => new CiKitError('configuration', `Profile \`${name}\` in ${where(key)} is not a valid credential profile: ${problem}.`, { code: 'ProfileInvalid', hint });
    const merged = { ...config, ...credentials };
    for (const key of Object.keys(merged)) {
        const guess = meant(key);
        if (guess) {
            throw invalid(`unknown key \`${key}\``, key, `Rename \`${key}\` to \`${guess}\` in ${where(key)}.`);
        }
    }
    const has = (key) => (merged[key] ?? '').trim() !== '';
    if (has('aws_access_key_id') !== has('aws_secret_access_key')) {
        const [set, missing] = has('aws_access_key_id')
            ? ['aws_access_key_id', 'aws_secret_access_key']
            : ['aws_secret_access_key', 'aws_access_key_id'];
        throw invalid(`\`${set}\` without \`${missing}\``, set, `Add \`${missing}\` to profile \`${name}\` in ${where(set)}.`);
    }
    if (has('role_arn')) {
        if (has('web_identity_token_file'))
            return 'web-identity';
        if (has('source_profile') || has('credential_source'))
            return 'assume-role';
        throw invalid('`role_arn` without `source_profile` or `credential_source`', 'role_arn', `Add \`source_profile\` (or \`credential_source\`) to profile \`${name}\`.`);
    }
    if (has('sso_session') || has('sso_start_url')) {
        for (const key of ['sso_account_id', 'sso_role_name']) {
            if (!has(key))
                throw invalid(`SSO settings without \`${key}\``, 'sso_session', `Add \`${key}\` to profile \`${name}\`.`);
        }
        return 'sso';
    }
    if (has('aws_access_key_id'))
        return 'static';
    if (has('credential_process'))
        return 'process';
    if (has('login_session'))
        return 'login';
    return 'config-only';
}
