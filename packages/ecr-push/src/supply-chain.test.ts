// Units of signatures and provenance: cosign's payload and tag names, the DSSE encoding (checked
// against the spec's example) and envelope (verified with node's crypto), and a provenance statement
// that names build inputs without their values.
import { createSign, createVerify, generateKeyPairSync } from 'node:crypto';
import { describeError } from '@aws-ci-kit/core';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import {
  dsseEnvelope,
  preAuthEncoding,
  provenanceStatement,
  runUri,
  SLSA_PROVENANCE_V1,
} from './ecr/provenance.ts';
import { referrerTag } from './ecr/referrers.ts';
import { simpleSigningPayload } from './ecr/sign-kms.ts';
import { provenanceInputs } from './supply-chain.ts';
import { readSupplyChainPlan } from './supply-chain-plan.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('cosign layout', () => {
  it('tags what refers to a digest as sha256-<hex>.sig / .att', () => {
    expect(referrerTag(DIGEST, 'sig')).toBe(`sha256-${'ab'.repeat(32)}.sig`);
    expect(referrerTag(DIGEST, 'att')).toBe(`sha256-${'ab'.repeat(32)}.att`);
  });

  it('signs the simple-signing payload cosign verifies: repository and manifest digest', () => {
    expect(
      JSON.parse(simpleSigningPayload('123.dkr.ecr.eu-west-1.amazonaws.com/app', DIGEST).toString()),
    ).toEqual({
      critical: {
        identity: { 'docker-reference': '123.dkr.ecr.eu-west-1.amazonaws.com/app' },
        image: { 'docker-manifest-digest': DIGEST },
        type: 'cosign container image signature',
      },
      optional: null,
    });
  });
});

describe('DSSE', () => {
  it('pre-authentication encoding as the DSSE spec gives it', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('an envelope signed over the PAE verifies with the public key; without a signer it has no signatures', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = async (message: Buffer) => createSign('sha256').update(message).sign(privateKey);
    const envelope = JSON.parse((await dsseEnvelope({ hello: 'world' }, signer)).toString()) as {
      payloadType: string;
      payload: string;
      signatures: { sig: string }[];
    };
    const body = Buffer.from(envelope.payload, 'base64');
    expect(JSON.parse(body.toString())).toEqual({ hello: 'world' });
    const sig = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
    const verify = (data: Buffer) => createVerify('sha256').update(data).verify(publicKey, sig);
    expect(verify(preAuthEncoding(envelope.payloadType, body))).toBe(true);
    expect(verify(preAuthEncoding(envelope.payloadType, Buffer.from('{"hello":"there"}')))).toBe(false);
    expect(JSON.parse((await dsseEnvelope({ a: 1 })).toString()).signatures).toEqual([]);
  });
});

describe('provenance', () => {
  const inputs = provenanceInputs(
    {
      tags: ['v1'],
      platforms: ['linux/amd64', 'linux/arm64'],
      build: {
        context: '.',
        dockerfile: 'Dockerfile',
        buildArgs: ['VERSION=1.2.3', 'TOKEN_FROM_ENV'],
        secrets: [{ id: 'npmrc' }],
        labels: { 'org.opencontainers.image.source': 'https://git.example/app' },
      },
    },
    'prod/app',
  );

  it('names build args and secrets, never their values; source and commit as the dependency', () => {
    const statement = provenanceStatement([{ name: 'r/app', digest: DIGEST }], inputs, {
      ci: 'generic',
      context: { commitSha: 'f'.repeat(40), branch: 'main', runId: '7', pipeline: 'build' },
      startedOn: new Date('2026-01-01T00:00:00Z'),
      finishedOn: new Date('2026-01-01T00:01:00Z'),
    }) as { predicateType: string; subject: unknown; predicate: Record<string, Record<string, unknown>> };
    expect(statement.predicateType).toBe(SLSA_PROVENANCE_V1);
    expect(statement.subject).toEqual([{ name: 'r/app', digest: { sha256: 'ab'.repeat(32) } }]);
    const text = JSON.stringify(statement);
    expect(text).not.toContain('1.2.3');
    expect(statement.predicate.buildDefinition?.externalParameters).toMatchObject({
      buildArgs: ['VERSION', 'TOKEN_FROM_ENV'],
      buildSecrets: ['npmrc'],
      platforms: ['linux/amd64', 'linux/arm64'],
    });
    expect(statement.predicate.buildDefinition?.resolvedDependencies).toEqual([
      { uri: 'git+https://git.example/app@refs/heads/main', digest: { gitCommit: 'f'.repeat(40) } },
    ]);
    expect(statement.predicate.runDetails?.builder).toEqual({ id: 'urn:aws-ci-kit:generic/build/runs/7' });
  });

  it('the builder is the CI run', () => {
    expect(
      runUri(
        { serverUrl: 'https://github.com/', repository: 'octo/app', runId: '42', runAttempt: '2' },
        'github',
      ),
    ).toBe('https://github.com/octo/app/runs/42/attempts/2');
  });
});

describe('readSupplyChainPlan', () => {
  const error = (inputs: Record<string, string>, idToken?: () => Promise<string>) => {
    try {
      readSupplyChainPlan(recordingRuntime({ inputs, ...(idToken ? { idToken } : {}) }));
    } catch (e) {
      return describeError(e);
    }
    return 'nothing thrown';
  };

  it('off by default; keyless with the public-good Sigstore unless URLs are given', () => {
    expect(readSupplyChainPlan(recordingRuntime({ inputs: {} }))).toEqual({
      provenance: false,
      kmsKey: undefined,
      keyless: undefined,
    });
    const rt = recordingRuntime({
      inputs: { sign: 'keyless', 'sigstore-rekor-url': 'https://rekor.internal' },
      idToken: async () => 't',
    });
    expect(readSupplyChainPlan(rt).keyless).toEqual({
      fulcioUrl: 'https://fulcio.sigstore.dev',
      rekorUrl: 'https://rekor.internal',
    });
  });

  it('refuses an unknown `sign` value, and keyless on a job without an OIDC token, in one line', () => {
    expect(error({ sign: 'kms' }, async () => 't')).toMatch(
      /^Input `sign` must be keyless or none, got "kms"\./,
    );
    expect(error({ sign: 'keyless' })).toMatch(
      /^`sign: keyless` needs an OIDC token for this job, and it has none\./,
    );
  });
});
