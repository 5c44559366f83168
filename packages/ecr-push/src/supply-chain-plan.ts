import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  inputDefault,
  inputName,
  invalidInput,
} from '@aws-ci-kit/core';
import { INPUTS } from './names.ts';

// What is attached to the image after the push, read with the plan; the work itself
// (supply-chain.ts, KMS, Sigstore) is loaded only by a run that asks for it.

export interface SupplyChainPlan {
  readonly provenance: boolean;
  /** `sign-with-kms-key`: key id, alias/<name> or ARN. */
  readonly kmsKey: string | undefined;
  /** `sign: keyless`: the Sigstore instance (public-good by default). */
  readonly keyless: { readonly fulcioUrl: string; readonly rekorUrl: string } | undefined;
}

function readKeyless(runtime: CiRuntime): SupplyChainPlan['keyless'] {
  const sign = (getInput(runtime, INPUTS.sign) ?? inputDefault(runtime, INPUTS.sign))?.toLowerCase();
  if (sign === undefined || sign === 'none') return undefined;
  const name = inputName(runtime, INPUTS.sign);
  if (sign !== 'keyless') {
    const hint = `Set \`${name}: keyless\`, or sign with a KMS key through \`${inputName(runtime, INPUTS.signWithKmsKey)}\`.`;
    throw invalidInput(runtime, INPUTS.sign, 'keyless or none', sign, hint);
  }
  if (!runtime.rules.jobIdToken || !runtime.idToken) {
    throw new CiKitError(
      'configuration',
      `\`${name}: keyless\` needs an OIDC token for this job, and it has none.`,
      {
        code: 'KeylessUnavailable',
        hint: `Let the job request one (GitHub: permissions: id-token: write; GitLab: id_tokens with aud sigstore), or sign with \`${inputName(runtime, INPUTS.signWithKmsKey)}\`.`,
      },
    );
  }
  return {
    fulcioUrl: getInput(runtime, INPUTS.sigstoreFulcioUrl) ?? 'https://fulcio.sigstore.dev',
    rekorUrl: getInput(runtime, INPUTS.sigstoreRekorUrl) ?? 'https://rekor.sigstore.dev',
  };
}

export function readSupplyChainPlan(runtime: CiRuntime): SupplyChainPlan {
  return {
    provenance: getBooleanInput(runtime, INPUTS.provenance, false),
    kmsKey: getInput(runtime, INPUTS.signWithKmsKey),
    keyless: readKeyless(runtime),
  };
}

export const wantsSupplyChain = (plan: SupplyChainPlan): boolean =>
  plan.provenance || !!plan.kmsKey || !!plan.keyless;
