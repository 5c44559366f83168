import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readPushSettings } from './read-push-settings.ts';

describe('readPushSettings', () => {
  it('defaults: auto, no repository creation, 4 uploads, one request per layer, gzip', () => {
    const rt = recordingRuntime({ inputs: {} });
    expect(readPushSettings(rt)).toEqual({
      pushMode: 'auto',
      createRepository: undefined,
      concurrency: 4,
      chunkSize: undefined,
      mountFrom: [],
      gzip: true,
      outputVariable: undefined,
      removeImage: false,
    });
    expect(rt.logs).toEqual([]);
  });

  it("the declared defaults the Azure agent passes on every run are no warning; the user's own values are", () => {
    const declared = {
      encryptionType: 'AES256',
      imageTagMutability: 'MUTABLE',
      scanOnPush: 'false',
      compression: 'gzip',
      chunkSizeMb: '0',
      concurrency: '4',
      pushMode: 'cli',
      autoCreateRepository: 'false',
    };
    const quiet = recordingRuntime({ ...AZURE_NAMES, inputs: declared });
    readPushSettings(quiet);
    expect(quiet.logs).toEqual([]);
    const rt = recordingRuntime({
      ...AZURE_NAMES,
      inputs: { ...declared, scanOnPush: 'true', mountFrom: 'base' },
    });
    readPushSettings(rt);
    expect(rt.logs).toEqual([
      {
        level: 'warning',
        message:
          'Ignored: `scanOnPush` (`autoCreateRepository` is off), `mountFrom` (a container CLI pushes).',
      },
    ]);
  });

  it('create-repository: the settings ECR gets', () => {
    const rt = recordingRuntime({
      inputs: { 'create-repository': 'yes', 'encryption-type': 'KMS', 'image-tag-mutability': 'Immutable' },
    });
    expect(readPushSettings(rt).createRepository).toEqual({
      tagMutability: 'IMMUTABLE',
      scanOnPush: false,
      encryption: { type: 'KMS' },
    });
  });
});
