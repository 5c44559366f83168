// Signatures and provenance end to end: a two-platform image pushed with `sign-with-kms-key` and
// `provenance: true` against moto (IAM enforced, its KMS signing with an ECC_NIST_P256 key) and the
// TLS registry under moto's ECR host name. What landed is read back over the registry API and checked
// with tools we did not write: the key's public key from KMS GetPublicKey, and `openssl dgst -verify`.
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RecordingRuntime, runAsEntry } from '@aws-ci-kit/core/testing';
import { type EcrPushDeps, ecrPushStep } from '@aws-ci-kit/ecr-push';
import { RegistryClient } from '@aws-ci-kit/ecr-push/ecr';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateAliasCommand, CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { bundleFromJSON } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../support/aws/clients.ts';
import { runStep } from '../support/ci/index.ts';
import { type EcrRegistry, makeOciLayout, type OciLayout } from '../support/registry/index.js';
import type { EcrAwsBed } from './support/ecr-bed.ts';
import { ECR_PASSWORD, ECR_REGION, type EcrTestBed, startEcrTestBed } from './support/ecr-test-bed.ts';
import { fakeOidcToken, type SigstoreMock, startSigstoreMock } from './support/sigstore-mock.ts';
import { failures, toolRuntime } from './support/tool-runtime.ts';

const run = promisify(execFile);
const HOST = `123456789012.dkr.ecr.${ECR_REGION}.amazonaws.com`;
const PKG = join(import.meta.dirname, '..', '..', 'packages', 'ecr-push');
const ALIAS = 'alias/image-signing';

let bed: EcrTestBed;
let aws: EcrAwsBed;
let ecr: EcrRegistry;
let work: string;
let multi: OciLayout;
let single: OciLayout;
let keyArn: string;
let publicKeyPem: string;

const target = () => ({ endpoint: aws.endpoint, region: ECR_REGION });
const deps = (role: 'pipeline' | 'noEcr' = 'pipeline'): EcrPushDeps => ({
  ecr: () => aws.ecr(role),
  ecrPublic: () => Promise.reject(new Error('ECR Public is not part of this bed')),
  registryClient: (options) => new RegistryClient({ ...options, ca: readFileSync(ecr.caFile as string) }),
  kms: async () => new KMSClient(clientConfig(target(), await aws.assume(role))),
});
const push = (rt: RecordingRuntime, role: 'pipeline' | 'noEcr' = 'pipeline') =>
  runAsEntry(rt, (r) => ecrPushStep(r, deps(role)));

/** GET from the registry as AWS (Basic), trusting the bed's CA: a manifest or a blob, as bytes. */
function registryGet(path: string, accept = 'application/vnd.oci.image.manifest.v1+json'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: HOST,
        path,
        ca: readFileSync(ecr.caFile as string),
        headers: {
          accept,
          authorization: `Basic ${Buffer.from(`AWS:${ECR_PASSWORD}`).toString('base64')}`,
        },
      },
      (res) => {
        if (res.statusCode === 307 && res.headers.location) {
          res.resume();
          registryGet(new URL(res.headers.location, `https://${HOST}`).pathname, accept).then(
            resolve,
            reject,
          );
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`GET ${path}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Layer {
  mediaType: string;
  digest: string;
  annotations: Record<string, string>;
}
/** The layers under cosign's tag for `digest` (`sha256-<hex>.sig` / `.att`), with each layer's bytes. */
async function artifact(repository: string, digest: string, suffix: 'sig' | 'att') {
  const manifest = JSON.parse(
    (await registryGet(`/v2/${repository}/manifests/${digest.replace(':', '-')}.${suffix}`)).toString(),
  ) as { layers: Layer[] };
  return Promise.all(
    manifest.layers.map(async (layer) => ({
      ...layer,
      bytes: await registryGet(`/v2/${repository}/blobs/${layer.digest}`),
    })),
  );
}

/** The only layer of an artifact. */
function only<T>(layers: T[]): T {
  expect(layers).toHaveLength(1);
  return layers[0] as T;
}

/** `openssl dgst -sha256 -verify <KMS public key> -signature <sig> <message>`: true when "Verified OK". */
async function opensslVerifies(message: Buffer, signatureBase64: string): Promise<boolean> {
  const dir = await mkdtemp(join(work, 'openssl-'));
  await writeFile(join(dir, 'key.pem'), publicKeyPem);
  await writeFile(join(dir, 'message'), message);
  await writeFile(join(dir, 'sig.der'), Buffer.from(signatureBase64, 'base64'));
  const result = await run('openssl', [
    'dgst',
    '-sha256',
    '-verify',
    join(dir, 'key.pem'),
    '-signature',
    join(dir, 'sig.der'),
    join(dir, 'message'),
  ]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return result.stdout.trim() === 'Verified OK';
}

/** The index and its platform manifests, as the layout holds them. */
function subjectsOf(layout: OciLayout): string[] {
  const index = JSON.parse(
    readFileSync(join(layout.dir, 'blobs', 'sha256', layout.digest.slice(7)), 'utf8'),
  ) as {
    manifests: { digest: string }[];
  };
  return [layout.digest, ...index.manifests.map((m) => m.digest)];
}

const pae = (type: string, body: Buffer) =>
  Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);

beforeAll(async () => {
  const bundled = run(process.execPath, ['../../scripts/bundle.mjs'], { cwd: PKG });
  bed = await startEcrTestBed('ecr-supply-chain');
  ({ aws, ecr, work } = bed);
  // As the account's admin: an ECC_NIST_P256 signing key with an alias, and kms:Sign for the pipeline role.
  const admin = clientConfig(target(), aws.bed.admin);
  const kms = new KMSClient(admin);
  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'image signing' }),
  );
  keyArn = KeyMetadata?.Arn as string;
  await kms.send(new CreateAliasCommand({ AliasName: ALIAS, TargetKeyId: KeyMetadata?.KeyId }));
  const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: ALIAS }));
  publicKeyPem = createPublicKey({ key: Buffer.from(PublicKey as Uint8Array), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
  kms.destroy();
  const iam = new IAMClient(admin);
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: aws.bed.roles.pipeline.name,
      PolicyName: 'image-signing',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['kms:Sign'], Resource: '*' }],
      }),
    }),
  );
  iam.destroy();
  [multi, single] = await Promise.all([
    makeOciLayout(join(work, 'multi'), {
      layers: 1,
      layerSizeMb: 0.25,
      platforms: ['linux/amd64', 'linux/arm64'],
      tag: 'v1',
    }),
    makeOciLayout(join(work, 'single'), { layers: 1, layerSizeMb: 0.25, tag: 'v1' }),
  ]);
  await bundled;
}, 240_000);

afterAll(() => bed?.stop(), 60_000);

describe('sign-with-kms-key and provenance', () => {
  it('signs the index and each platform manifest (cosign layout); openssl verifies with the KMS public key', async () => {
    const rt = toolRuntime(
      {
        repository: 'signed/webapp',
        image: multi.dir,
        tags: 'v1',
        platforms: 'linux/amd64,linux/arm64',
        'create-repository': 'true',
        'sign-with-kms-key': ALIAS,
        provenance: 'true',
      },
      {
        context: {
          commitSha: 'e'.repeat(40),
          repository: 'octo/webapp',
          runId: '99',
          serverUrl: 'https://ci.example',
        },
      },
    );
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(rt.outputs.get('digest')?.value).toBe(multi.digest);
    const subjects = subjectsOf(multi);
    expect(subjects).toHaveLength(3);
    for (const subject of subjects) {
      const sig = only(await artifact('signed/webapp', subject, 'sig'));
      expect(sig.mediaType).toBe('application/vnd.dev.cosign.simplesigning.v1+json');
      const payload = JSON.parse(sig.bytes.toString()) as {
        critical: { identity: Record<string, string>; image: Record<string, string>; type: string };
      };
      expect(payload.critical).toEqual({
        identity: { 'docker-reference': `${HOST}/signed/webapp` },
        image: { 'docker-manifest-digest': subject },
        type: 'cosign container image signature',
      });
      const signature = sig.annotations['dev.cosignproject.cosign/signature'] as string;
      expect(await opensslVerifies(sig.bytes, signature)).toBe(true);
      // The check can fail: the same signature over another digest does not verify.
      const other = Buffer.from(sig.bytes.toString().replace(subject, `sha256:${'0'.repeat(64)}`));
      expect(await opensslVerifies(other, signature)).toBe(false);
    }
    expect(rt.summaries.join('\n')).toContain(`sha256-${multi.digest.slice(7)}.sig`);
  }, 120_000);

  it('finds the SLSA provenance by the image digest: subjects are the index and each platform, signed', async () => {
    const subjects = subjectsOf(multi);
    for (const subject of subjects) {
      const att = only(await artifact('signed/webapp', subject, 'att'));
      expect(att.mediaType).toBe('application/vnd.dsse.envelope.v1+json');
      expect(att.annotations.predicateType).toBe('https://slsa.dev/provenance/v1');
      const envelope = JSON.parse(att.bytes.toString()) as {
        payloadType: string;
        payload: string;
        signatures: { sig: string }[];
      };
      expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
      const body = Buffer.from(envelope.payload, 'base64');
      const statement = JSON.parse(body.toString()) as {
        _type: string;
        subject: { name: string; digest: { sha256: string } }[];
        predicateType: string;
        predicate: {
          buildDefinition: { externalParameters: Record<string, unknown>; resolvedDependencies: unknown[] };
          runDetails: { builder: { id: string } };
        };
      };
      expect(statement._type).toBe('https://in-toto.io/Statement/v1');
      expect(statement.predicateType).toBe('https://slsa.dev/provenance/v1');
      expect(statement.subject.map((s) => `sha256:${s.digest.sha256}`)).toEqual(subjects);
      expect(statement.predicate.runDetails.builder.id).toBe('https://ci.example/octo/webapp/runs/99');
      expect(statement.predicate.buildDefinition.externalParameters).toMatchObject({
        repository: 'signed/webapp',
        tags: ['v1'],
        platforms: ['linux/amd64', 'linux/arm64'],
      });
      expect(envelope.signatures).toHaveLength(1);
      expect(
        await opensslVerifies(pae(envelope.payloadType, body), envelope.signatures[0]?.sig as string),
      ).toBe(true);
    }
  }, 60_000);

  it('GitHub bundle: KMS loaded on demand; the run context becomes the builder; no secret value in the provenance', async () => {
    const run = await runStep('github', join(PKG, 'dist', 'github.js'), {
      timeoutMs: 90_000,
      dir: await mkdtemp(join(work, 'github-')),
      inputs: {
        'aws-region': ECR_REGION,
        'aws-access-key-id': aws.bed.toolkitUser.accessKeyId,
        'aws-secret-access-key': aws.bed.toolkitUser.secretAccessKey,
        'role-to-assume': aws.bed.roles.pipeline.arn,
        'role-external-id': aws.bed.externalId,
        repository: 'signed/github',
        'create-repository': 'true',
        image: single.dir,
        'sign-with-kms-key': keyArn,
        provenance: 'true',
      },
      secretInputs: ['aws-secret-access-key'],
      env: {
        AWS_ENDPOINT_URL: aws.endpoint,
        NODE_EXTRA_CA_CERTS: ecr.caFile as string,
        GITHUB_SERVER_URL: 'https://github.com',
      },
    });
    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    const digest = run.main.outputs.digest as string;
    expect(digest).toBe(single.digest);
    const sig = only(await artifact('signed/github', digest, 'sig'));
    expect(
      await opensslVerifies(sig.bytes, sig.annotations['dev.cosignproject.cosign/signature'] as string),
    ).toBe(true);
    const att = only(await artifact('signed/github', digest, 'att'));
    const text = Buffer.from(JSON.parse(att.bytes.toString()).payload, 'base64').toString();
    const statement = JSON.parse(text);
    expect(statement.subject).toEqual([
      { name: `${HOST}/signed/github`, digest: { sha256: digest.slice(7) } },
    ]);
    expect(statement.predicate.runDetails.builder.id).toBe(
      'https://github.com/octo/webapp/runs/4242/attempts/1',
    );
    expect(statement.predicate.buildDefinition.resolvedDependencies).toEqual([
      expect.objectContaining({ digest: { gitCommit: 'a'.repeat(40) } }),
    ]);
    expect(text).not.toContain(aws.bed.toolkitUser.secretAccessKey);
    expect(run.main.visible.join('\n')).toMatch(/Signed sha256:[0-9a-f]{64} with the KMS key/);
  }, 120_000);

  it('a second signature is appended under the same .sig tag, as cosign does', async () => {
    const rt = toolRuntime({ repository: 'signed/github', image: single.dir, 'sign-with-kms-key': ALIAS });
    await push(rt);
    expect(failures(rt)).toEqual([]);
    const layers = await artifact('signed/github', single.digest, 'sig');
    expect(layers).toHaveLength(2);
    for (const layer of layers) {
      expect(
        await opensslVerifies(layer.bytes, layer.annotations['dev.cosignproject.cosign/signature'] as string),
      ).toBe(true);
    }
  }, 60_000);

  it('without kms:Sign the step fails in one line naming the action and the key', async () => {
    const rt = toolRuntime({
      repository: 'signed/denied',
      image: single.dir,
      'create-repository': 'true',
      'sign-with-kms-key': ALIAS,
    });
    await runAsEntry(rt, (r) =>
      ecrPushStep(r, {
        ...deps('pipeline'),
        kms: async () => new KMSClient(clientConfig(target(), await aws.assume('noEcr'))),
      }),
    );
    expect(failures(rt)).toEqual([
      expect.stringMatching(
        /^Not allowed to call kms:Sign with the KMS key alias\/image-signing\. Fix: Allow kms:Sign/,
      ),
    ]);
  }, 60_000);
});

describe('sign: keyless (Sigstore, against @sigstore/mock)', () => {
  let sigstore: SigstoreMock;
  const SUBJECT = 'repo:octo/webapp:ref:refs/heads/main';
  const ISSUER = 'https://token.actions.githubusercontent.com';
  beforeAll(async () => {
    sigstore = await startSigstoreMock();
  });
  afterAll(() => sigstore?.stop());

  const verifier = () =>
    new Verifier(toTrustMaterial(sigstore.trustedRoot), { tlogThreshold: 1, ctlogThreshold: 1 });

  it('signs the index and each platform with a Fulcio certificate for the job identity; @sigstore/verify accepts each', async () => {
    const token = fakeOidcToken({ iss: ISSUER, sub: SUBJECT });
    const audiences: (string | undefined)[] = [];
    const rt = toolRuntime(
      {
        repository: 'keyless/webapp',
        image: multi.dir,
        tags: 'v1',
        'create-repository': 'true',
        sign: 'keyless',
        provenance: 'true',
        'sigstore-fulcio-url': sigstore.url,
        'sigstore-rekor-url': sigstore.url,
      },
      {
        idToken: async (request) => {
          audiences.push(request?.audience);
          return token;
        },
      },
    );
    await push(rt);
    expect(failures(rt)).toEqual([]);
    expect(audiences).toEqual(['sigstore']);
    expect(rt.masked.has(token)).toBe(true);
    for (const subject of subjectsOf(multi)) {
      const sig = only(await artifact('keyless/webapp', subject, 'sig'));
      expect(JSON.parse(sig.bytes.toString()).critical.image['docker-manifest-digest']).toBe(subject);
      const bundle = bundleFromJSON(JSON.parse(sig.annotations['dev.sigstore.bundle'] as string));
      const signer = verifier().verify(toSignedEntity(bundle, sig.bytes), {
        subjectAlternativeName: SUBJECT,
      });
      expect(signer.identity?.extensions?.issuer).toBe(ISSUER);
      // cosign's keyless annotations carry the same signature and certificate.
      expect(sig.annotations['dev.cosignproject.cosign/signature']).toBe(
        JSON.parse(sig.annotations['dev.sigstore.bundle'] as string).messageSignature.signature,
      );
      expect(sig.annotations['dev.sigstore.cosign/certificate']).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      expect(JSON.parse(sig.annotations['dev.sigstore.cosign/bundle'] as string).Payload.logIndex).toEqual(
        expect.any(Number),
      );
      // The check can fail: the bundle does not verify another payload.
      expect(() => verifier().verify(toSignedEntity(bundle, Buffer.from('{"another":"payload"}')))).toThrow();
      // The provenance is a DSSE envelope signed the same way (its bundle verifies on its own).
      const att = only(await artifact('keyless/webapp', subject, 'att'));
      const attBundle = bundleFromJSON(JSON.parse(att.annotations['dev.sigstore.bundle'] as string));
      verifier().verify(toSignedEntity(attBundle), { subjectAlternativeName: SUBJECT });
      const statement = JSON.parse(
        Buffer.from(JSON.parse(att.bytes.toString()).payload, 'base64').toString(),
      );
      expect(
        statement.subject.map((s: { digest: { sha256: string } }) => `sha256:${s.digest.sha256}`),
      ).toEqual(subjectsOf(multi));
    }
    expect(sigstore.calls.filter((c) => c === '/api/v2/signingCert').length).toBeGreaterThan(0);
    expect(sigstore.calls.filter((c) => c === '/api/v1/log/entries')).toHaveLength(4);
  }, 120_000);

  it('on a job without an OIDC token it fails in one line before any work', async () => {
    const rt = toolRuntime({ repository: 'keyless/none', image: single.dir, sign: 'keyless' });
    await push(rt);
    expect(failures(rt)).toEqual([
      expect.stringMatching(/^`sign: keyless` needs an OIDC token for this job, and it has none\. Fix: /),
    ]);
    expect(rt.execs).toEqual([]);
  }, 30_000);
});
