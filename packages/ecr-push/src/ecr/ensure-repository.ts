import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  type ImageTagMutability,
} from '@aws-sdk/client-ecr';
import { ecrAwsError } from './aws-error.ts';

export interface RepositorySettings {
  /** Another account's registry (cross-account push); default: the caller's. */
  readonly registryId?: string;
  readonly tagMutability?: 'MUTABLE' | 'IMMUTABLE';
  readonly scanOnPush?: boolean;
  /** `AES256` (default) or `KMS` with an optional key ARN. */
  readonly encryption?: { type: 'AES256' | 'KMS'; kmsKey?: string };
}

/** Creates the repository when it does not exist; returns whether it was created. */
export async function ensureRepository(
  ecr: ECRClient,
  name: string,
  settings: RepositorySettings = {},
): Promise<boolean> {
  const registry = settings.registryId ? { registryId: settings.registryId } : {};
  try {
    await ecr.send(new DescribeRepositoriesCommand({ ...registry, repositoryNames: [name] }));
    return false;
  } catch (error) {
    if ((error as { name?: string }).name !== 'RepositoryNotFoundException') {
      throw ecrAwsError(error, 'ecr:DescribeRepositories', name);
    }
  }
  try {
    await ecr.send(
      new CreateRepositoryCommand({
        ...registry,
        repositoryName: name,
        imageTagMutability: (settings.tagMutability ?? 'MUTABLE') as ImageTagMutability,
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush ?? false },
        ...(settings.encryption
          ? {
              encryptionConfiguration: {
                encryptionType: settings.encryption.type,
                ...(settings.encryption.kmsKey ? { kmsKey: settings.encryption.kmsKey } : {}),
              },
            }
          : {}),
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'RepositoryAlreadyExistsException') return false; // a parallel job won
    throw ecrAwsError(error, 'ecr:CreateRepository', name);
  }
}
