/**
 * Fakes for the unit tests of the ECR step's modes: an ECR API that hands out a login, an OCI
 * layout and a `docker save` archive written on disk, a container CLI answered by the recording
 * runtime. Test-only: nothing in the step imports it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingRuntimeOptions } from '@aws-ci-kit/core/testing';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { ECRPUBLICClient } from '@aws-sdk/client-ecr-public';

export const sha256 = (data: Buffer | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

type ExecHandler = NonNullable<RecordingRuntimeOptions['exec']>;

/** One registry's login as ECR hands it out: `proxyEndpoint` and the password of user AWS. */
export interface FakeLogin {
  readonly proxyEndpoint: string;
  readonly password: string;
}

/** What the fake ECR API was asked: the input of each command, by its name. */
export interface FakeEcr {
  readonly client: ECRClient;
  readonly calls: { readonly command: string; readonly input: unknown }[];
}

/**
 * An ECR client whose GetAuthorizationToken answers with `logins` (for the registry ids asked, by
 * the account in the host; all without ids), and whose other commands answer `{}`.
 */
export function fakeEcr(logins: readonly FakeLogin[]): FakeEcr {
  const calls: { command: string; input: unknown }[] = [];
  const send = async (command: { constructor: { name: string }; input: unknown }) => {
    calls.push({ command: command.constructor.name, input: command.input });
    if (command.constructor.name !== 'GetAuthorizationTokenCommand') return {};
    const ids = (command.input as { registryIds?: string[] }).registryIds;
    const asked = ids ? logins.filter((l) => ids.some((id) => l.proxyEndpoint.includes(`//${id}.`))) : logins;
    return {
      authorizationData: (ids ? asked : logins.slice(0, 1)).map((l) => ({
        proxyEndpoint: l.proxyEndpoint,
        authorizationToken: Buffer.from(`AWS:${l.password}`).toString('base64'),
        expiresAt: new Date('2030-01-01T00:00:00Z'),
      })),
    };
  };
  return { client: { send } as unknown as ECRClient, calls };
}

/** An ECR Public client that must not be reached. */
export const noEcrPublic = (): Promise<ECRPUBLICClient> => Promise.reject(new Error('ECR Public was called'));

/** A one-layer OCI image layout (gzip layer) in `dir`; returns the manifest's digest. */
export async function writeOciLayout(dir: string, content = 'layer'): Promise<string> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (data: string): Promise<{ digest: string; size: number }> => {
    const digest = sha256(data);
    await writeFile(join(blobs, digest.slice(7)), data);
    return { digest, size: Buffer.byteLength(data) };
  };
  const layer = await put(content);
  const config = await put(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers' } }),
  );
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
  });
  const top = await put(manifest);
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...top }],
    }),
  );
  return top.digest;
}

/** A `docker save` archive of one image tagged `tag` (one uncompressed layer, `layer`) at `file`. */
export async function writeDockerArchive(
  dir: string,
  file: string,
  tag: string,
  layer: Buffer = Buffer.alloc(2048, 0),
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'layer.tar'), layer);
  const config = {
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
  };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  const manifest = [{ Config: 'config.json', RepoTags: [tag], Layers: ['layer.tar'] }];
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  execFileSync('tar', ['-cf', file, '-C', dir, 'manifest.json', 'config.json', 'layer.tar'], {
    stdio: 'ignore',
  });
}

/**
 * A container CLI on the recording runtime: `--version` answers (so it is found), `push` reports
 * `digest`, `save -o <file> <image>` runs `onSave`; every other command succeeds silently.
 */
export function fakeCli(
  options: { digest?: string; onSave?: (file: string, image: string) => Promise<void> } = {},
): ExecHandler {
  return async (_command, args) => {
    const ok = (stdout = '') => ({ code: 0, stdout, stderr: '' });
    if (args[0] === 'push' && options.digest) return ok(`latest: digest: ${options.digest} size: 528\n`);
    if (args[0] === 'save' && options.onSave) await options.onSave(args[2] ?? '', args[3] ?? '');
    return ok();
  };
}
