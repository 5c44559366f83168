import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { readLoginPlan } from './read-login-plan.ts';

describe('readLoginPlan', () => {
  it("reads the login's inputs; amazon-ecr-login's docker credential outputs are on by default", () => {
    const rt = recordingRuntime({
      inputs: {
        'registry-type': 'PUBLIC',
        'container-cli': 'Podman',
        'registry-endpoint': 'https://vpce.example',
        'skip-logout': 'true',
      },
    });
    expect(readLoginPlan(rt)).toEqual({
      registryType: 'public',
      registryIds: [],
      registryEndpoint: 'https://vpce.example',
      containerCli: 'Podman',
      skipLogout: true,
      outputDockerCredentials: true,
    });
  });

  it("the Toolkit's users get the docker credential outputs only when they ask", () => {
    expect(readLoginPlan(recordingRuntime({ ...AZURE_NAMES, inputs: {} })).outputDockerCredentials).toBe(
      false,
    );
    const asked = recordingRuntime({ ...AZURE_NAMES, inputs: { outputDockerCredentials: 'true' } });
    expect(readLoginPlan(asked).outputDockerCredentials).toBe(true);
  });

  it('registries: account ids or ECR hosts, as account ids', () => {
    const rt = recordingRuntime({
      inputs: { registries: '111122223333\n444455556666.dkr.ecr.us-east-1.amazonaws.com' },
    });
    expect(readLoginPlan(rt).registryIds).toEqual(['111122223333', '444455556666']);
  });

  it('`mask-password: false` is refused before anything else', () => {
    let line = 'accepted';
    try {
      readLoginPlan(recordingRuntime({ inputs: { 'mask-password': 'false', 'registry-type': 'x' } }));
    } catch (error) {
      line = describeError(error);
    }
    expect(line).toMatch(/^`mask-password: false` would leave the ECR password unmasked/);
  });
});
