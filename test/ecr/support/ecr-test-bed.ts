import { rm } from 'node:fs/promises';
import {
  type Dockerd,
  type EcrRegistry,
  makeTempDir,
  startDockerd,
  withEcrHostname,
} from '../../support/registry/index.js';
import { type EcrAwsBed, startEcrAwsBed } from './ecr-bed.ts';
import { lockEcrHostname } from './ecr-hostname-lock.ts';

/** The seed's region: the registry serves moto's ECR host name for it. */
export const ECR_REGION = 'eu-central-1';
/** What moto's ECR token decodes to (after "AWS:"): the registry's password for user AWS. */
export const ECR_PASSWORD = '123456789012-auth-token';

export interface EcrTestBed {
  /** A work directory removed by stop(). */
  readonly work: string;
  readonly aws: EcrAwsBed;
  readonly ecr: EcrRegistry;
  /** A private Docker engine that trusts the registry (with `engine: true`). */
  readonly dockerd: Dockerd | undefined;
  stop(): Promise<void>;
}

/**
 * The bed the ECR suites share: the port-443 lock, a work directory, moto (seeded, IAM enforced),
 * the TLS registry under moto's ECR host name with moto's token as a user, and with `engine` a
 * private Docker engine that trusts it. stop() undoes what was started, in reverse, also after a
 * failed start.
 */
export async function startEcrTestBed(name: string, options: { engine?: boolean } = {}): Promise<EcrTestBed> {
  const undo: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    undo.length = 0;
  };
  try {
    undo.push(await lockEcrHostname());
    const work = await makeTempDir(name);
    undo.push(() => rm(work, { recursive: true, force: true }));
    const [aws, ecr] = await Promise.all([startEcrAwsBed(), withEcrHostname(ECR_REGION)]);
    undo.push(
      () => aws.stop(),
      () => ecr.stop(),
    );
    await ecr.addUser('AWS', ECR_PASSWORD);
    let dockerd: Dockerd | undefined;
    if (options.engine) {
      const engine = await startDockerd({ caCerts: [{ host: ecr.host, caFile: ecr.caFile as string }] });
      undo.push(() => engine.stop());
      dockerd = engine;
    }
    return { work, aws, ecr, dockerd, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
