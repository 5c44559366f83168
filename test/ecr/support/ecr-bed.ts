import { ECRClient } from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { type Credentials, clientConfig } from '../../support/aws/clients.js';
import { type FaultProxy, startFaultProxy } from '../../support/aws/fault-proxy.js';
import { type MotoServer, startMoto } from '../../support/aws/moto.js';
import { type AwsBed, seedAwsBed } from '../../support/aws/seed.js';

export interface EcrAwsBed {
  readonly moto: MotoServer;
  readonly bed: AwsBed;
  /** moto behind the fault proxy (JSON error bodies as AWS sends them). */
  readonly endpoint: string;
  readonly proxy: FaultProxy;
  /** Credentials of the seed's role, assumed by toolkit-user with the external id. */
  assume(role: 'pipeline' | 'noEcr'): Promise<Credentials>;
  /** An ECR client (real SDK, SigV4, IAM enforced) as the given role. */
  ecr(role: 'pipeline' | 'noEcr'): Promise<ECRClient>;
  stop(): Promise<void>;
}

/** moto with the seed pipeline's users and roles, IAM enforced from here on. */
export async function startEcrAwsBed(): Promise<EcrAwsBed> {
  const moto = await startMoto();
  try {
    const bed = await seedAwsBed(moto.endpoint);
    await moto.enforceAuth();
    const proxy = await startFaultProxy(moto.endpoint, () => 'pass');
    const target = { ...bed, endpoint: proxy.endpoint };
    const assume = async (role: 'pipeline' | 'noEcr'): Promise<Credentials> => {
      const sts = new STSClient(clientConfig(target, bed.toolkitUser));
      const { Credentials: c } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: bed.roles[role].arn,
          RoleSessionName: 'ecr-test',
          ExternalId: bed.externalId,
        }),
      );
      sts.destroy();
      return {
        accessKeyId: c!.AccessKeyId!,
        secretAccessKey: c!.SecretAccessKey!,
        sessionToken: c!.SessionToken!,
      };
    };
    return {
      moto,
      bed,
      proxy,
      endpoint: proxy.endpoint,
      assume,
      ecr: async (role) => new ECRClient(clientConfig(target, await assume(role))),
      stop: async () => {
        await proxy.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
