import { type CiRuntime, getBooleanInput, getInput } from '@aws-ci-kit/core';
import { INPUTS } from './names.ts';

// What is attached to the image after the push, read with the plan; the work itself
// (supply-chain.ts, KMS) is loaded only by a run that asks for it.

export interface SupplyChainPlan {
  readonly provenance: boolean;
  /** `sign-with-kms-key`: key id, alias/<name> or ARN. */
  readonly kmsKey: string | undefined;
}

export function readSupplyChainPlan(runtime: CiRuntime): SupplyChainPlan {
  return {
    provenance: getBooleanInput(runtime, INPUTS.provenance, false),
    kmsKey: getInput(runtime, INPUTS.signWithKmsKey),
  };
}

export const wantsSupplyChain = (plan: SupplyChainPlan): boolean => plan.provenance || !!plan.kmsKey;
