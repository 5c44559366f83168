import { CiKitError, inputName, isCiKitError } from '@aws-ci-kit/core';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.ts';
import { type ChainContext, notConfigured } from './chain-context.ts';
import {
  CREDENTIAL_INPUTS as IN,
  SERVICE_CONNECTION_FIELDS,
  TOOLKIT_SESSION_NAME,
} from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';
import type { SourcedCredentials, SourcedCredentialsProvider } from './types.ts';

const F = SERVICE_CONNECTION_FIELDS;

/** A service connection's AWS fields, read once (keys masked). */
interface ConnectionFields {
  /** "service connection `id`", for messages. */
  readonly name: string;
  readonly endpointId: string;
  readonly accessKeyId: string | undefined;
  readonly secretAccessKey: string | undefined;
  readonly sessionToken: string | undefined;
  readonly useOidc: boolean;
  readonly roleArn: string | undefined;
  readonly externalId: string | undefined;
  readonly sessionName: string;
}

function readConnection(context: ChainContext): ConnectionFields {
  const { runtime, settings } = context;
  const id = settings.serviceConnection;
  if (!id || !runtime.endpoint) throw notConfigured('a service connection');
  const name = `service connection \`${id}\``;
  const endpoint = runtime.endpoint(id);
  if (!endpoint) {
    throw new CiKitError('configuration', `The ${name} was not found.`, {
      code: 'ServiceConnectionNotFound',
      hint: `Check \`${inputName(runtime, IN.serviceConnection)}\` and that this pipeline is allowed to use the connection.`,
    });
  }
  const auth = endpoint.auth;
  const accessKeyId = auth[F.accessKeyId]?.trim() || undefined;
  const secretAccessKey = auth[F.secretAccessKey]?.trim() || undefined;
  const sessionToken = auth[F.sessionToken]?.trim() || undefined;
  maskOnce(runtime, accessKeyId, secretAccessKey, sessionToken);
  return {
    name,
    endpointId: endpoint.id,
    accessKeyId,
    secretAccessKey,
    sessionToken,
    // The AWS Toolkit uses OIDC only when the connection holds no keys: keys win over `useOIDC`.
    useOidc:
      (auth[F.useOidc]?.toLowerCase() === 'true' || endpoint.scheme?.toLowerCase() === 'none') &&
      !accessKeyId &&
      !secretAccessKey,
    roleArn: (auth[F.assumeRoleArn] || auth[F.oidcRole])?.trim() || undefined,
    externalId: auth[F.externalId]?.trim() || undefined,
    // The AWS Toolkit's default session name, `aws-vsts-tools`, unless the connection or the step names one.
    sessionName: auth[F.roleSessionName]?.trim() || settings.roleSessionName || TOOLKIT_SESSION_NAME,
  };
}

/** OIDC (workload identity federation): the job's token for this connection, with AssumeRoleWithWebIdentity. */
async function fromConnectionOidc(
  context: ChainContext,
  conn: ConnectionFields,
): Promise<SourcedCredentials> {
  const { runtime, settings } = context;
  const { name, roleArn } = conn;
  if (!roleArn) {
    throw new CiKitError('configuration', `The ${name} uses OIDC but names no role to assume.`, {
      code: 'ServiceConnectionInvalid',
      hint: 'Set "Role to assume" (assumeRoleArn) on the service connection.',
    });
  }
  const idToken = runtime.idToken;
  if (!idToken) {
    throw new CiKitError('configuration', `The ${name} uses OIDC, which this CI cannot provide.`, {
      code: 'OidcUnavailable',
      hint: 'Run the task on Azure Pipelines, or use keys on the connection.',
    });
  }
  const token = async (): Promise<string> => {
    try {
      return await idToken.call(runtime, { serviceConnectionId: conn.endpointId });
    } catch (error) {
      // Configured but broken: never fall through to another source.
      if (!isCiKitError(error)) throw error;
      throw new CiKitError(error.kind, `${name} (OIDC): ${error.message}`, {
        code: error.code,
        ...(error.hint ? { hint: error.hint } : {}),
        cause: error,
      });
    }
  };
  const role = await assumeRoleWithWebIdentity(
    context.sts,
    token,
    {
      roleArn,
      sessionName: conn.sessionName,
      durationSeconds: settings.roleDurationSeconds,
      tokenSource: `Azure Pipelines OIDC (${name})`,
    },
    context.retry,
  );
  return { ...role, source: `${name} (OIDC)` };
}

/** Keys (+ session token), and/or a role to assume with them or, without keys, with the ambient credentials. */
async function fromConnectionKeys(
  conn: ConnectionFields,
  ambient: SourcedCredentialsProvider,
): Promise<SourcedCredentials> {
  const { name, accessKeyId, secretAccessKey, sessionToken, roleArn, externalId, sessionName } = conn;
  if (!accessKeyId !== !secretAccessKey) {
    throw new CiKitError(
      'configuration',
      `The ${name} has ${accessKeyId ? 'an access key id but no secret access key' : 'a secret access key but no access key id'}.`,
      {
        code: 'ServiceConnectionInvalid',
        hint: 'Set both "Access Key ID" and "Secret Access Key" on the connection, or neither (to assume its role with the agent\'s own credentials).',
      },
    );
  }
  const role = roleArn
    ? { role: { roleArn, sessionName, from: name, ...(externalId ? { externalId } : {}) } }
    : {};
  if (!accessKeyId || !secretAccessKey) {
    if (!roleArn) {
      throw new CiKitError('configuration', `The ${name} has neither keys nor a role.`, {
        code: 'ServiceConnectionInvalid',
        hint: 'Set the access key id and secret access key, a role to assume, or enable OIDC on the connection.',
      });
    }
    const base = await ambient();
    return { ...base, source: `${base.source} for ${name}`, ...role };
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), source: name, ...role };
}

/**
 * Source 2: an Azure Pipelines AWS service connection, with the AWS Toolkit's fields, so existing
 * connections keep working: keys (+ session token), a role to assume with an external id, or OIDC
 * (workload identity federation: the job's token for this connection, exchanged with
 * AssumeRoleWithWebIdentity). A connection with only a role uses the ambient credentials
 * (environment, profile, instance profile) to assume it, as the Toolkit does.
 */
export function fromServiceConnection(
  context: ChainContext,
  ambient: SourcedCredentialsProvider,
): SourcedCredentialsProvider {
  return async () => {
    const conn = readConnection(context);
    return conn.useOidc ? fromConnectionOidc(context, conn) : fromConnectionKeys(conn, ambient);
  };
}
