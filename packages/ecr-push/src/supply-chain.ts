import { CiKitError, type CiRuntime, markdownTable } from '@aws-ci-kit/core';
import { resolveAwsSession } from '@aws-ci-kit/credential-chain';
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  DSSE_MEDIA_TYPE,
  dsseEnvelope,
  type ProvenanceInputs,
  provenanceStatement,
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

/** One way of signing: a payload (cosign's message signature) and an in-toto statement (DSSE). */
interface ImageSigner {
  readonly label: string;
  signPayload(payload: Buffer): Promise<{ signature: string; annotations: Record<string, string> }>;
  signStatement(statement: Buffer): Promise<{ envelope: Buffer; annotations: Record<string, string> }>;
}

function kmsImageSigner(kms: KMSClient, keyId: string): ImageSigner {
  const sign = kmsSigner(kms, keyId);
  return {
    label: `the KMS key ${keyId}`,
    signPayload: async (payload) => ({
      signature: (await sign(payload)).toString('base64'),
      annotations: {},
    }),
    signStatement: async (statement) => ({ envelope: await dsseEnvelope(statement, sign), annotations: {} }),
  };
}

async function keylessImageSigner(
  runtime: CiRuntime,
  keyless: NonNullable<SupplyChainPlan['keyless']>,
): Promise<ImageSigner> {
  const { keylessSigner } = await import('./ecr/sign-keyless.ts');
  // The plan refused `sign: keyless` on a job without an OIDC token.
  const idToken = runtime.idToken?.bind(runtime);
  if (!idToken) throw new CiKitError('internal', 'No OIDC token for keyless signing.', { code: 'Internal' });
  let token: Promise<string> | undefined;
  const signer = await keylessSigner({
    ...keyless,
    token: () => {
      token ??= idToken({ audience: 'sigstore' }).then((t) => {
        runtime.mask(t);
        return t;
      });
      return token;
    },
  });
  return {
    label: `a Sigstore certificate (${keyless.fulcioUrl})`,
    signPayload: (payload) => signer.signPayload(payload),
    signStatement: async (statement) => {
      const { envelope, annotations } = await signer.signStatement(statement);
      if (!envelope)
        throw new CiKitError('internal', 'The keyless signer returned no DSSE envelope.', {
          code: 'Internal',
        });
      return { envelope, annotations };
    },
  };
}

async function signEach(
  runtime: CiRuntime,
  options: SupplyChainOptions,
  signer: ImageSigner,
): Promise<Attached[]> {
  const { client, image } = options;
  const done: Attached[] = [];
  for (const subject of [image.digest, ...image.children.map((c) => c.digest)]) {
    const payload = simpleSigningPayload(image.repositoryUri, subject);
    const { signature, annotations } = await signer.signPayload(payload);
    const { tag } = await attachArtifact(client, image.repository, subject, 'sig', {
      bytes: payload,
      mediaType: SIMPLE_SIGNING_MEDIA_TYPE,
      annotations: { [COSIGN_SIGNATURE_ANNOTATION]: signature, ...annotations },
    });
    runtime.log.info(`Signed ${subject} with ${signer.label}: ${tag}.`);
    done.push({ what: `signature (${signer.label})`, subject, tag });
  }
  return done;
}

async function attestEach(
  runtime: CiRuntime,
  options: SupplyChainOptions,
  signer: ImageSigner | undefined,
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
  const body = Buffer.from(JSON.stringify(statement));
  const { envelope, annotations } = signer
    ? await signer.signStatement(body)
    : { envelope: await dsseEnvelope(body), annotations: {} };
  const done: Attached[] = [];
  const what = `provenance${signer ? ` (signed with ${signer.label})` : ''}`;
  for (const { digest } of subjects) {
    const { tag } = await attachArtifact(client, image.repository, digest, 'att', {
      bytes: envelope,
      mediaType: DSSE_MEDIA_TYPE,
      annotations: { predicateType: SLSA_PROVENANCE_V1, [COSIGN_SIGNATURE_ANNOTATION]: '', ...annotations },
    });
    runtime.log.info(`Attached SLSA ${what} to ${digest}: ${tag}.`);
    done.push({ what, subject: digest, tag });
  }
  return done;
}

/**
 * Signs (KMS key and/or keyless) and attests (SLSA provenance, signed by the first signer) the pushed
 * image and each platform manifest; returns the summary's table of what was attached.
 */
export async function attachSupplyChain(runtime: CiRuntime, options: SupplyChainOptions): Promise<string> {
  const { plan } = options;
  const signers: ImageSigner[] = [];
  if (plan.kmsKey) signers.push(kmsImageSigner(await options.kms(), plan.kmsKey));
  if (plan.keyless) signers.push(await keylessImageSigner(runtime, plan.keyless));
  const attached: Attached[] = [];
  for (const signer of signers) attached.push(...(await signEach(runtime, options, signer)));
  if (plan.provenance) attached.push(...(await attestEach(runtime, options, signers[0])));
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
    buildArgNames: (build?.buildArgs ?? []).map((arg) => arg.split('=', 1)[0] ?? arg),
    buildSecretIds: (build?.secrets ?? []).map((s) => s.id),
    source: build?.labels['org.opencontainers.image.source'],
  };
}
