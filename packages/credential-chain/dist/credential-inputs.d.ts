/**
 * The credential inputs every AWS step accepts. GitHub names are configure-aws-credentials'
 * (so a workflow switches by changing its `uses:` line); Azure names are camelCase, with the
 * AWS Toolkit's `awsCredentials` and `regionName`.
 */
export declare const CREDENTIAL_INPUTS: {
    readonly region: {
        readonly github: "aws-region";
        readonly azure: "regionName";
    };
    /**
     * Azure: the AWS Toolkit's `AWS` connections in `awsCredentials`; aws-ci-kit's own endpoint type
     * (`AwsCiKit`, the same fields) in `awsConnection`. See docs/migration.md, "Endpoint type".
     */
    readonly serviceConnection: {
        readonly github: "aws-credentials";
        readonly azure: "awsCredentials";
        readonly aliases: readonly ["awsConnection"];
    };
    readonly accessKeyId: {
        readonly github: "aws-access-key-id";
        readonly azure: "awsAccessKeyId";
    };
    readonly secretAccessKey: {
        readonly github: "aws-secret-access-key";
        readonly azure: "awsSecretAccessKey";
    };
    readonly sessionToken: {
        readonly github: "aws-session-token";
        readonly azure: "awsSessionToken";
    };
    /** Profile to READ credentials from. (`aws-profile` is configure-aws-credentials' profile to WRITE.) */
    readonly profile: {
        readonly github: "source-profile";
        readonly azure: "sourceProfile";
    };
    readonly roleToAssume: {
        readonly github: "role-to-assume";
        readonly azure: "roleToAssume";
    };
    readonly roleExternalId: {
        readonly github: "role-external-id";
        readonly azure: "roleExternalId";
    };
    readonly roleSessionName: {
        readonly github: "role-session-name";
        readonly azure: "roleSessionName";
    };
    readonly roleDurationSeconds: {
        readonly github: "role-duration-seconds";
        readonly azure: "roleDurationSeconds";
    };
    readonly roleChaining: {
        readonly github: "role-chaining";
        readonly azure: "roleChaining";
    };
    readonly roleSkipSessionTagging: {
        readonly github: "role-skip-session-tagging";
        readonly azure: "roleSkipSessionTagging";
    };
    readonly customTags: {
        readonly github: "custom-tags";
        readonly azure: "customTags";
    };
    readonly inlineSessionPolicy: {
        readonly github: "inline-session-policy";
        readonly azure: "inlineSessionPolicy";
    };
    readonly managedSessionPolicies: {
        readonly github: "managed-session-policies";
        readonly azure: "managedSessionPolicies";
    };
    readonly audience: {
        readonly github: "audience";
        readonly azure: "audience";
    };
    readonly webIdentityTokenFile: {
        readonly github: "web-identity-token-file";
        readonly azure: "webIdentityTokenFile";
    };
    readonly unsetCurrentCredentials: {
        readonly github: "unset-current-credentials";
        readonly azure: "unsetCurrentCredentials";
    };
    readonly verifyIdentity: {
        readonly github: "verify-identity";
        readonly azure: "verifyIdentity";
    };
    readonly allowedAccountIds: {
        readonly github: "allowed-account-ids";
        readonly azure: "allowedAccountIds";
    };
    readonly maskAwsAccountId: {
        readonly github: "mask-aws-account-id";
        readonly azure: "maskAwsAccountId";
    };
    readonly retryMaxAttempts: {
        readonly github: "retry-max-attempts";
        readonly azure: "retryMaxAttempts";
    };
    readonly httpProxy: {
        readonly github: "http-proxy";
        readonly azure: "httpProxy";
    };
    readonly noProxy: {
        readonly github: "no-proxy";
        readonly azure: "noProxy";
    };
    readonly transitiveTagKeys: {
        readonly github: "transitive-tag-keys";
        readonly azure: "transitiveTagKeys";
    };
    readonly stsEndpoint: {
        readonly github: "sts-endpoint";
        readonly azure: "stsEndpoint";
    };
    readonly disableRetry: {
        readonly github: "disable-retry";
        readonly azure: "disableRetry";
    };
    readonly specialCharactersWorkaround: {
        readonly github: "special-characters-workaround";
        readonly azure: "specialCharactersWorkaround";
    };
    readonly forceSkipOidc: {
        readonly github: "force-skip-oidc";
        readonly azure: "forceSkipOidc";
    };
    /** The AWS Toolkit's: log each AWS call's request / response of the step (secrets redacted). */
    readonly logRequest: {
        readonly github: "log-request";
        readonly azure: "logRequest";
    };
    readonly logResponse: {
        readonly github: "log-response";
        readonly azure: "logResponse";
    };
};
/** Azure pipeline variables the AWS Toolkit for Azure DevOps reads (source 3). */
export declare const AWS_PIPELINE_VARIABLES: {
    readonly accessKeyId: "AWS.AccessKeyID";
    readonly secretAccessKey: "AWS.SecretAccessKey";
    readonly sessionToken: "AWS.SessionToken";
    readonly region: "AWS.Region";
    readonly assumeRoleArn: "AWS.AssumeRoleArn";
    readonly externalId: "AWS.ExternalId";
    readonly roleSessionName: "AWS.RoleSessionName";
    /** The Toolkit's duration (seconds) for roles named by a connection or these variables. */
    readonly roleMaxDuration: "aws.rolecredential.maxduration";
};
/** Standard AWS environment variables the chain reads through the runtime. */
export declare const AWS_ENV: {
    readonly accessKeyId: "AWS_ACCESS_KEY_ID";
    readonly secretAccessKey: "AWS_SECRET_ACCESS_KEY";
    readonly sessionToken: "AWS_SESSION_TOKEN";
    readonly credentialExpiration: "AWS_CREDENTIAL_EXPIRATION";
    readonly region: "AWS_REGION";
    readonly defaultRegion: "AWS_DEFAULT_REGION";
    readonly profile: "AWS_PROFILE";
    readonly defaultProfile: "AWS_DEFAULT_PROFILE";
    readonly roleArn: "AWS_ROLE_ARN";
    readonly roleSessionName: "AWS_ROLE_SESSION_NAME";
    readonly webIdentityTokenFile: "AWS_WEB_IDENTITY_TOKEN_FILE";
    readonly configFile: "AWS_CONFIG_FILE";
    readonly credentialsFile: "AWS_SHARED_CREDENTIALS_FILE";
    readonly containerFullUri: "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    readonly containerRelativeUri: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    readonly metadataDisabled: "AWS_EC2_METADATA_DISABLED";
    readonly metadataEndpoint: "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    readonly httpsProxy: "HTTPS_PROXY";
    readonly httpProxy: "HTTP_PROXY";
    readonly noProxy: "NO_PROXY";
};
/** The AWS Toolkit's session name for roles named by a service connection or AWS.* variables. */
export declare const TOOLKIT_SESSION_NAME = "aws-vsts-tools";
/** The AWS Toolkit's service connection fields (authorization parameters). */
export declare const SERVICE_CONNECTION_FIELDS: {
    readonly accessKeyId: "username";
    readonly secretAccessKey: "password";
    readonly sessionToken: "sessionToken";
    readonly assumeRoleArn: "assumeRoleArn";
    readonly externalId: "externalId";
    readonly roleSessionName: "roleSessionName";
    readonly useOidc: "useOIDC";
    /** The Toolkit's OIDC scheme (`None`) names the role `role` (a field the log does not mask). */
    readonly oidcRole: "role";
};
