import { createHash } from 'node:crypto';
import { type AwsErrorTable, awsError, type CiKitError } from '@aws-ci-kit/core';
import type { KMSClient } from '@aws-sdk/client-kms';

// cosign's signature over an image digest, made by AWS KMS: the simple-signing payload, signed with
// ECDSA P-256 / SHA-256 (`cosign verify --key awskms:///<key>` checks exactly this).

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';

/** The payload cosign signs: which repository, which manifest digest. */
export function simpleSigningPayload(repositoryUri: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': repositoryUri },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
}

const KMS_ERRORS: AwsErrorTable = {
  message: (info, { action, subject }) => {
    switch (info.class) {
      case 'access-denied':
        return `Not allowed to call ${action} with the KMS key ${subject}.`;
      case 'invalid-credentials':
      case 'expired-credentials':
        return `AWS refused the credentials for ${action} (${info.name}).`;
      default:
        return `${action} failed with the KMS key ${subject}: ${info.name}: ${info.message}`;
    }
  },
  hints: {
    'access-denied': (_info, { action }) =>
      `Allow ${action} on the key in the IAM policy of the role the step runs as (and in the key policy).`,
    'invalid-credentials': 'Check the credentials the step uses; run the credentials step again.',
    'expired-credentials': 'Check the credentials the step uses; run the credentials step again.',
  },
  names: {
    NotFoundException: (_info, { subject }) => ({
      kind: 'input',
      code: 'KmsKeyNotFound',
      message: `The KMS key ${subject} does not exist in this account and region.`,
      hint: 'Give the key id, alias/<name> or ARN of an existing key in the region the step uses.',
    }),
    InvalidKeyUsageException: (_info, { subject }) => ({
      kind: 'input',
      code: 'KmsKeyUnusable',
      message: `The KMS key ${subject} cannot sign with ECDSA_SHA_256.`,
      hint: 'Use an asymmetric key with key spec ECC_NIST_P256 and key usage SIGN_VERIFY.',
    }),
    DisabledException: (_info, { subject }) => ({
      kind: 'input',
      code: 'KmsKeyUnusable',
      message: `The KMS key ${subject} is disabled.`,
      hint: 'Enable the key, or give another one.',
    }),
  },
};

/** A KMS error as one line with a fix. */
export function kmsError(error: unknown, action: string, keyId: string): CiKitError {
  return awsError(error, KMS_ERRORS, { action, subject: keyId });
}

/** KMS's RAW messages are at most 4096 bytes; larger ones are signed by their SHA-256 digest. */
const RAW_MAX = 4096;

/** A signer: ECDSA_SHA_256 with the KMS key, returning the DER signature. */
export function kmsSigner(kms: KMSClient, keyId: string): (message: Buffer) => Promise<Buffer> {
  return async (message) => {
    const { SignCommand } = await import('@aws-sdk/client-kms');
    const raw = message.length <= RAW_MAX;
    try {
      const { Signature } = await kms.send(
        new SignCommand({
          KeyId: keyId,
          SigningAlgorithm: 'ECDSA_SHA_256',
          MessageType: raw ? 'RAW' : 'DIGEST',
          Message: raw ? message : createHash('sha256').update(message).digest(),
        }),
      );
      if (!Signature) throw new Error('KMS returned no signature');
      return Buffer.from(Signature);
    } catch (error) {
      throw kmsError(error, 'kms:Sign', keyId);
    }
  };
}
