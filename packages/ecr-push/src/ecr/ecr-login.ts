import { CiKitError } from '@aws-ci-kit/core';
import {
  type ECRClient,
  GetAuthorizationTokenCommand,
  type GetAuthorizationTokenCommandOutput,
} from '@aws-sdk/client-ecr';
import type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';
import { ecrAwsError } from './aws-error.ts';

/** A registry login from ECR: the user is always `AWS`, the password a 12-hour token. */
export interface EcrLogin {
  /** Registry host, e.g. `123456789012.dkr.ecr.eu-central-1.amazonaws.com` or `public.ecr.aws`. */
  readonly registry: string;
  /** `https://<registry>` as ECR reports it. */
  readonly proxyEndpoint: string;
  readonly username: string;
  readonly password: string;
  readonly expiresAt?: Date;
}

export const ECR_PUBLIC_REGISTRY = 'public.ecr.aws';

function decode(
  token: string,
  mask: (secret: string) => void,
  what: string,
): { username: string; password: string } {
  mask(token);
  const text = Buffer.from(token, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0)
    throw new CiKitError(
      'aws',
      `ECR returned an authorization token for ${what} that is not user:password.`,
      {
        code: 'ProtocolError',
        hint: 'The endpoint answered something that is not an ECR response: check the endpoint URL and any proxy in between.',
      },
    );
  const password = text.slice(colon + 1);
  mask(password);
  return { username: text.slice(0, colon), password };
}

/**
 * GetAuthorizationToken for the caller's registry (no ids) or for the given accounts' registries.
 * Token and password are masked (through `mask`) the moment they exist.
 */
export async function getEcrLogins(
  ecr: ECRClient,
  options: { registryIds?: readonly string[]; mask: (secret: string) => void },
): Promise<EcrLogin[]> {
  const ids = options.registryIds && options.registryIds.length > 0 ? [...options.registryIds] : undefined;
  let data: GetAuthorizationTokenCommandOutput;
  try {
    data = await ecr.send(new GetAuthorizationTokenCommand(ids ? { registryIds: ids } : {}));
  } catch (error) {
    throw ecrAwsError(
      error,
      'ecr:GetAuthorizationToken',
      ids ? `registries ${ids.join(', ')}` : "the caller's registry",
    );
  }
  const logins: EcrLogin[] = [];
  for (const entry of data.authorizationData ?? []) {
    if (!entry.authorizationToken || !entry.proxyEndpoint) continue;
    const registry = new URL(entry.proxyEndpoint).host;
    const { username, password } = decode(entry.authorizationToken, options.mask, registry);
    logins.push({
      registry,
      proxyEndpoint: entry.proxyEndpoint,
      username,
      password,
      ...(entry.expiresAt ? { expiresAt: entry.expiresAt } : {}),
    });
  }
  if (logins.length === 0)
    throw new CiKitError('aws', 'ECR returned no authorization data.', { code: 'NoAuthorizationData' });
  return logins;
}

/** GetAuthorizationToken of ECR Public (`public.ecr.aws`; the API lives in us-east-1 only). */
export async function getEcrPublicLogin(
  client: ECRPUBLICClient,
  mask: (secret: string) => void,
): Promise<EcrLogin> {
  let data: {
    authorizationData?: { authorizationToken?: string | undefined; expiresAt?: Date | undefined } | undefined;
  };
  // Loaded here: a run that pushes to a private registry never parses ECR Public's SDK.
  const { GetAuthorizationTokenCommand: GetPublicTokenCommand } = await import('@aws-sdk/client-ecr-public');
  try {
    data = await client.send(new GetPublicTokenCommand({}));
  } catch (error) {
    throw ecrAwsError(error, 'ecr-public:GetAuthorizationToken', ECR_PUBLIC_REGISTRY);
  }
  const token = data.authorizationData?.authorizationToken;
  if (!token)
    throw new CiKitError('aws', 'ECR Public returned no authorization token.', {
      code: 'NoAuthorizationData',
    });
  const { username, password } = decode(token, mask, ECR_PUBLIC_REGISTRY);
  return {
    registry: ECR_PUBLIC_REGISTRY,
    proxyEndpoint: `https://${ECR_PUBLIC_REGISTRY}`,
    username,
    password,
    ...(data.authorizationData?.expiresAt ? { expiresAt: data.authorizationData.expiresAt } : {}),
  };
}
