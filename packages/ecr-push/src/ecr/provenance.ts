import type { RunContext } from '@aws-ci-kit/core';

// SLSA provenance v1 in an in-toto statement v1, wrapped in a DSSE envelope (signed when a signer is
// given), as cosign stores an attestation: https://slsa.dev/spec/v1.0/provenance.

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const DSSE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
export const BUILD_TYPE = 'https://github.com/aws-ci-kit/aws-ci-kit/ecr-push/build@v1';

export interface ProvenanceSubject {
  readonly name: string;
  readonly digest: string;
}

/** The build's inputs as the provenance names them: names of args and secrets, never their values. */
export interface ProvenanceInputs {
  readonly repository: string;
  readonly tags: readonly string[];
  readonly platforms: readonly string[];
  readonly dockerfile?: string | undefined;
  readonly context?: string | undefined;
  readonly target?: string | undefined;
  readonly buildArgNames: readonly string[];
  readonly buildSecretIds: readonly string[];
  readonly source?: string | undefined;
}

export interface ProvenanceRun {
  readonly ci: string;
  readonly context: RunContext;
  readonly startedOn: Date;
  readonly finishedOn: Date;
}

/** The CI run as a URI: `<server>/<repository or pipeline>/runs/<id>[/attempts/<n>]`. */
export function runUri(context: RunContext, ci: string): string {
  const base = (context.serverUrl ?? `urn:aws-ci-kit:${ci}`).replace(/\/+$/, '');
  const owner = context.repository ?? context.pipeline ?? 'unknown';
  const attempt = context.runAttempt ? `/attempts/${context.runAttempt}` : '';
  return `${base}/${owner}/runs/${context.runId ?? 'unknown'}${attempt}`;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** The in-toto statement: every subject (index and platform manifests), SLSA provenance v1 predicate. */
export function provenanceStatement(
  subjects: readonly ProvenanceSubject[],
  inputs: ProvenanceInputs,
  run: ProvenanceRun,
): Record<string, unknown> {
  const { context } = run;
  const source = context.repositoryUrl ?? inputs.source;
  const dependencies =
    source && context.commitSha
      ? [
          defined({
            uri: `git+${source}${context.branch ? `@refs/heads/${context.branch}` : ''}`,
            digest: { gitCommit: context.commitSha },
          }),
        ]
      : [];
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: subjects.map((s) => ({ name: s.name, digest: { sha256: s.digest.replace(/^sha256:/, '') } })),
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: defined({
          repository: inputs.repository,
          tags: [...inputs.tags],
          platforms: [...inputs.platforms],
          dockerfile: inputs.dockerfile,
          context: inputs.context,
          target: inputs.target,
          buildArgs: [...inputs.buildArgNames],
          buildSecrets: [...inputs.buildSecretIds],
        }),
        internalParameters: defined({ ci: run.ci, pipeline: context.pipeline, actor: context.actor }),
        resolvedDependencies: dependencies,
      },
      runDetails: {
        builder: { id: runUri(context, run.ci) },
        metadata: {
          invocationId: runUri(context, run.ci),
          startedOn: run.startedOn.toISOString(),
          finishedOn: run.finishedOn.toISOString(),
        },
      },
    },
  };
}

/** DSSE's pre-authentication encoding: what a DSSE signature signs. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

export type Signer = (message: Buffer) => Promise<Buffer>;

/** A DSSE envelope of the statement; signed by `signer` (DER ECDSA) when given, else no signatures. */
export async function dsseEnvelope(statement: object | Buffer, signer?: Signer): Promise<Buffer> {
  const payload = Buffer.isBuffer(statement) ? statement : Buffer.from(JSON.stringify(statement));
  const signatures = signer
    ? [{ keyid: '', sig: (await signer(preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, payload))).toString('base64') }]
    : [];
  return Buffer.from(
    JSON.stringify({ payloadType: IN_TOTO_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures }),
  );
}
