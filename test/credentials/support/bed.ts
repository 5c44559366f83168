/**
 * The credentials tests' loopback AWS: moto with IAM enforced (test/support/aws), seeded with the
 * target pipeline's users and roles, behind the fault proxy, whose web-identity check plays STS:
 * it verifies the OIDC token's signature, issuer and audience against our loopback issuer.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FaultProxy, startFaultProxy } from '../../support/aws/fault-proxy.ts';
import { type MotoServer, startMoto } from '../../support/aws/moto.ts';
import { type AwsBed, seedAwsBed } from '../../support/aws/seed.ts';
import { AZURE_AUDIENCE, type OidcServer, startOidcServer } from './oidc-server.ts';

export const PACKAGE_DIR = join(import.meta.dirname, '../../../packages/aws-credentials');
export const BUNDLES = {
  github: join(PACKAGE_DIR, 'dist/github.js'),
  azure: join(PACKAGE_DIR, 'dist/azure.js'),
} as const;

let built: Promise<void> | undefined;
/** Builds dist/github.js and dist/azure.js once, under a lock, when a bundled source is newer (build-bundles.mjs). */
export function buildBundles(): Promise<void> {
  built ??= promisify(execFile)(
    'flock',
    [
      join(tmpdir(), 'aws-ci-kit-credentials-bundle.lock'),
      process.execPath,
      join(import.meta.dirname, 'build-bundles.mjs'),
    ],
    { cwd: PACKAGE_DIR },
  ).then(() => undefined);
  return built;
}

export interface CredentialsBed {
  readonly moto: MotoServer;
  readonly proxy: FaultProxy;
  readonly oidc: OidcServer;
  readonly bed: AwsBed;
  /** The endpoint steps use (the proxy in front of moto). */
  readonly endpoint: string;
  /** Web identity calls the proxy verified, with the verdict. */
  readonly webIdentityCalls: Array<{ roleArn: string; sub?: string; refused?: string }>;
  stop(): Promise<void>;
}

export async function startCredentialsBed(): Promise<CredentialsBed> {
  const moto = await startMoto();
  try {
    const oidc = await startOidcServer();
    const bed = await seedAwsBed(moto.endpoint, { oidcIssuerUrl: oidc.issuer });
    await moto.enforceAuth();
    const webIdentityCalls: CredentialsBed['webIdentityCalls'] = [];
    const proxy = await startFaultProxy(moto.endpoint, () => 'pass', {
      webIdentity: {
        signAs: bed.admin,
        region: bed.region,
        verify: (params) => {
          const roleArn = params.get('RoleArn') ?? '';
          try {
            const { sub } = oidc.verify(params.get('WebIdentityToken') ?? '', [
              bed.oidc.audience,
              AZURE_AUDIENCE,
            ]);
            webIdentityCalls.push({ roleArn, sub });
            return undefined;
          } catch (error) {
            const refused = `Incorrect token audience or signature: ${(error as Error).message}`;
            webIdentityCalls.push({ roleArn, refused });
            return { status: 400, code: 'InvalidIdentityToken', message: refused };
          }
        },
      },
    });
    return {
      moto,
      proxy,
      oidc,
      bed,
      endpoint: proxy.endpoint,
      webIdentityCalls,
      stop: async () => {
        await proxy.stop();
        await oidc.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
