import { type CiRuntime, markdownTable } from '@aws-ci-kit/core';
import { resolveAwsSession } from '@aws-ci-kit/core/credentials';
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  DSSE_MEDIA_TYPE,
  dsseEnvelope,
  type ProvenanceInputs,
  provenanceStatement,
  type Signer,
  SLSA_PROVENANCE_V1,
} from './ecr/provenance.ts';
import { attachArtifact } from './ecr/referrers.ts';
import type { RegistryClient } from './ecr/registry-client.ts';
import {
  COSIGN_SIGNATURE_ANNOTATION,
  kmsSigner,
  SIMPLE_SIGNING_MEDIA_TYPE,
  simpleSigningPayload,
} from './ecr/sign-kms.ts';
import type { SupplyChainPlan } from './supply-chain-plan.ts';

// After the push: a KMS signature (cosign's layout) and an SLSA provenance attestation for the
// image and each of its platform manifests, each under its `sha256-<digest>.sig` / `.att` tag.

/** A KMS client with the step's credentials; loaded on first use, so a run that does not sign never loads it. */
export async function createKmsClient(runtime: CiRuntime): Promise<KMSClient> {
  const [{ KMSClient }, session] = await Promise.all([
    import('@aws-sdk/client-kms'),
    resolveAwsSession(runtime),
  ]);
  return new KMSClient(session.clientConfig());
}

/** What was pushed: the top manifest (an index or one image) and the platform manifests of an index. */
export interface PushedImage {
  readonly repository: string;
  readonly repositoryUri: string;
  readonly digest: string;
  readonly children: readonly { readonly platform: string; readonly digest: string }[];
}

export interface SupplyChainOptions {
  readonly client: RegistryClient;
  readonly kms: () => Promise<KMSClient>;
  readonly plan: SupplyChainPlan;
  readonly image: PushedImage;
  readonly inputs: ProvenanceInputs;
  readonly startedOn: Date;
}

interface Attached {
  readonly what: string;
  readonly subject: string;
  readonly tag: string;
}

async function signEach(
  runtime: CiRuntime,
  options: SupplyChainOptions,
  signer: Signer,
): Promise<Attached[]> {
  const { client, image } = options;
  const done: Attached[] = [];
  for (const subject of [image.digest, ...image.children.map((c) => c.digest)]) {
    const payload = simpleSigningPayload(image.repositoryUri, subject);
    const signature = (await signer(payload)).toString('base64');
    const { tag } = await attachArtifact(client, image.repository, subject, 'sig', {
      bytes: payload,
      mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
      annotations: { [COSIGN_SIGNATURE_ANNOTATION]: signature },
    });
    runtime.log.info(`Signed ${subject} with the KMS key ${options.plan.kmsKey}: ${tag}.`);
    done.push({ what: 'signature (KMS)', subject, tag });
  }
  return done;
}

async function attestEach(
  runtime: CiRuntime,
  options: SupplyChainOptions,
  signer: Signer | undefined,
): Promise<Attached[]> {
  const { client, image } = options;
  const subjects = [
    { name: image.repositoryUri, digest: image.digest },
    ...image.children.map((c) => ({ name: image.repositoryUri, digest: c.digest })),
  ];
  const statement = provenanceStatement(subjects, options.inputs, {
    ci: runtime.ci,
    context: runtime.context,
    startedOn: options.startedOn,
    finishedOn: new Date(),
  });
  const envelope = await dsseEnvelope(statement, signer);
  const done: Attached[] = [];
  for (const { digest } of subjects) {
    const { tag } = await attachArtifact(client, image.repository, digest, 'att', {
      bytes: envelope,
      mediaType: DSSE_MEDIA_TYPE,
      annotations: { predicateType: SLSA_PROVENANCE_V1, [COSIGN_SIGNATURE_ANNOTATION]: '' },
    });
    runtime.log.info(`Attached SLSA provenance${signer ? ' (signed)' : ''} to ${digest}: ${tag}.`);
    done.push({ what: `provenance${signer ? ' (signed)' : ''}`, subject: digest, tag });
  }
  return done;
}

/**
 * Signs (KMS) and attests (SLSA provenance) the pushed image and each platform manifest; returns the
 * summary's table of what was attached.
 */
export async function attachSupplyChain(runtime: CiRuntime, options: SupplyChainOptions): Promise<string> {
  const { plan } = options;
  const signer = plan.kmsKey ? kmsSigner(await options.kms(), plan.kmsKey) : undefined;
  const attached = [
    ...(signer ? await signEach(runtime, options, signer) : []),
    ...(plan.provenance ? await attestEach(runtime, options, signer) : []),
  ];
  const rows = attached.map((a) => [a.what, { code: a.subject }, { code: a.tag }]);
  return rows.length ? `${markdownTable(['Attached', 'Subject', 'Tag'], rows)}\n` : '';
}

/** The build inputs the provenance records, from the plan: names of args and secrets, never values. */
export function provenanceInputs(
  plan: {
    readonly tags: readonly string[];
    readonly platforms: readonly string[];
    readonly build?:
      | {
          readonly dockerfile?: string;
          readonly context: string;
          readonly target?: string;
          readonly buildArgs: readonly string[];
          readonly secrets: readonly { readonly id: string }[];
          readonly labels: Readonly<Record<string, string>>;
        }
      | undefined;
  },
  repository: string,
): ProvenanceInputs {
  const { build } = plan;
  return {
    repository,
    tags: plan.tags,
    platforms: plan.platforms,
    dockerfile: build?.dockerfile,
    context: build?.context,
    target: build?.target,
    buildArgNames: (build?.buildArgs ?? []).map((arg) => arg.split('=')[0] as string),
    buildSecretIds: (build?.secrets ?? []).map((s) => s.id),
    source: build?.labels['org.opencontainers.image.source'],
  };
}
