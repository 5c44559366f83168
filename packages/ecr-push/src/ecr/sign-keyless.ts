import { CiKitError } from '@aws-ci-kit/core';
import type { Bundle } from '@sigstore/sign';

// Keyless signing (Sigstore): a short-lived Fulcio certificate for the job's OIDC identity, the
// signature recorded in Rekor, the result a Sigstore bundle. Stored as cosign stores a keyless
// signature (certificate, chain and Rekor bundle annotations), with the whole Sigstore bundle beside
// them for verifiers that read bundles (`@sigstore/verify`, sigstore-python, cosign --bundle).

export const SIGSTORE_BUNDLE_ANNOTATION = 'dev.sigstore.bundle';
const COSIGN_CERTIFICATE = 'dev.sigstore.cosign/certificate';
const COSIGN_CHAIN = 'dev.sigstore.cosign/chain';
const COSIGN_REKOR_BUNDLE = 'dev.sigstore.cosign/bundle';

export interface KeylessOptions {
  readonly fulcioUrl: string;
  readonly rekorUrl: string;
  /** The job's OIDC token (audience `sigstore`), already masked. */
  readonly token: () => Promise<string>;
}

export interface KeylessSignature {
  /** base64 signature (message signature) or the DSSE envelope's bytes (statement). */
  readonly signature: string;
  readonly envelope?: Buffer;
  readonly annotations: Record<string, string>;
}

const pem = (der: Uint8Array): string =>
  `-----BEGIN CERTIFICATE-----\n${(
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n-----END CERTIFICATE-----\n`;

/** cosign's annotations for a keyless signature, from a Sigstore bundle. */
function cosignAnnotations(bundle: Bundle, json: unknown): Record<string, string> {
  const material = bundle.verificationMaterial.content;
  const certificates =
    material.$case === 'x509CertificateChain'
      ? material.x509CertificateChain.certificates.map((c) => c.rawBytes)
      : material.$case === 'certificate'
        ? [material.certificate.rawBytes]
        : [];
  const entry = bundle.verificationMaterial.tlogEntries[0];
  const annotations: Record<string, string> = { [SIGSTORE_BUNDLE_ANNOTATION]: JSON.stringify(json) };
  if (certificates[0]) annotations[COSIGN_CERTIFICATE] = pem(certificates[0]);
  if (certificates.length > 1) annotations[COSIGN_CHAIN] = certificates.slice(1).map(pem).join('');
  if (entry?.inclusionPromise) {
    annotations[COSIGN_REKOR_BUNDLE] = JSON.stringify({
      SignedEntryTimestamp: Buffer.from(entry.inclusionPromise.signedEntryTimestamp).toString('base64'),
      Payload: {
        body: Buffer.from(entry.canonicalizedBody).toString('base64'),
        integratedTime: Number(entry.integratedTime),
        logIndex: Number(entry.logIndex),
        logID: Buffer.from(entry.logId?.keyId ?? []).toString('hex'),
      },
    });
  }
  return annotations;
}

function keylessError(error: unknown, what: string, url: string): CiKitError {
  return new CiKitError(
    'registry',
    `Keyless signing failed at ${what} (${url}): ${(error as Error).message}`,
    {
      code: 'KeylessSignFailed',
      hint: 'Check that the job has an OIDC token for audience sigstore, and that the Fulcio and Rekor URLs are reachable from the runner.',
      cause: error,
    },
  );
}

/** Signs payloads (message signatures) and in-toto statements (DSSE) with a Fulcio certificate. */
export async function keylessSigner(options: KeylessOptions) {
  const [{ DSSEBundleBuilder, FulcioSigner, MessageSignatureBundleBuilder, RekorWitness }, { bundleToJSON }] =
    await Promise.all([import('@sigstore/sign'), import('@sigstore/bundle')]);
  const signer = new FulcioSigner({
    fulcioBaseURL: options.fulcioUrl,
    identityProvider: { getToken: options.token },
  });
  const witnesses = [new RekorWitness({ rekorBaseURL: options.rekorUrl })];
  // Statements go to Rekor as in-toto entries, as cosign's attestations do.
  const intotoWitnesses = [new RekorWitness({ rekorBaseURL: options.rekorUrl, entryType: 'intoto' })];
  const run = async (create: () => Promise<Bundle>) => {
    try {
      return await create();
    } catch (error) {
      throw keylessError(error, 'Fulcio or Rekor', `${options.fulcioUrl}, ${options.rekorUrl}`);
    }
  };
  return {
    async signPayload(payload: Buffer): Promise<KeylessSignature> {
      const builder = new MessageSignatureBundleBuilder({ signer, witnesses });
      const bundle = await run(() => builder.create({ data: payload }));
      const content = bundle.content;
      const signature =
        content.$case === 'messageSignature' ? content.messageSignature.signature : new Uint8Array();
      return {
        signature: Buffer.from(signature).toString('base64'),
        annotations: cosignAnnotations(bundle, bundleToJSON(bundle)),
      };
    },
    async signStatement(statement: Buffer): Promise<KeylessSignature> {
      const builder = new DSSEBundleBuilder({ signer, witnesses: intotoWitnesses });
      const bundle = await run(() =>
        builder.create({ data: statement, type: 'application/vnd.in-toto+json' }),
      );
      const json = bundleToJSON(bundle);
      const envelope = Buffer.from(JSON.stringify(json.dsseEnvelope));
      return { signature: '', envelope, annotations: cosignAnnotations(bundle, json) };
    },
  };
}
