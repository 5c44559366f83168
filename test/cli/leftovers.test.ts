/**
 * The CLI leaves nothing behind (no CI it runs on runs a post step): after `credentials` (shell and
 * profile exports), a failed `ecr-push` and a SIGTERM'd or SIGINT'd `ecr-push`, no file under the
 * job's temp folder or HOME holds a secret, and no previous-values file or private Docker config
 * remains. Through the CLI bundle against moto with IAM enforced; the push goes to a registry
 * endpoint that accepts connections and never answers.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMoto } from '../support/aws/moto.ts';
import { type AwsBed, seedAwsBed } from '../support/aws/seed.ts';
import { buildCli, CLI_BUNDLE, type CliRun, evalInBash, jobEnv, runCli } from './support/cli-bed.ts';

let moto: MotoServer;
let bed: AwsBed;
let blackHole: Server;
const sockets = new Set<Socket>();
let blackHoleUrl = '';

beforeAll(async () => {
  moto = await startMoto();
  [bed] = await Promise.all([seedAwsBed(moto.endpoint), buildCli()]);
  await moto.enforceAuth();
  blackHole = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  const address = blackHole.address();
  blackHoleUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => blackHole?.close(resolve));
  await moto?.stop();
});

/** A job with the toolkit user's long-term keys; its temp folder is its HOME. */
function job(extra: Record<string, string> = {}): Record<string, string> {
  return jobEnv(moto.endpoint, bed.region, {
    AWS_ACCESS_KEY_ID: bed.toolkitUser.accessKeyId,
    AWS_SECRET_ACCESS_KEY: bed.toolkitUser.secretAccessKey,
    ...extra,
  });
}
const ROLE = () => ['--role-to-assume', bed.roles.pipeline.arn, '--role-external-id', bed.externalId];

/** Every file under `dir` whose content holds one of `secrets`, as paths relative to `dir`. */
function filesHolding(dir: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const text = readFileSync(path, 'latin1');
        if (secrets.some((s) => text.includes(s))) found.push(path.slice(dir.length + 1));
      }
    }
  };
  walk(dir);
  return found;
}
const leftovers = (dir: string) => readdirSync(dir).filter((n) => /^aws-ci-kit-(previous|docker)-/.test(n));

/** A minimal OCI image layout (one gzip layer) for a daemonless push. */
function ociLayout(dir: string): string {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  const blob = (data: Buffer): { digest: string; size: number } => {
    const hex = createHash('sha256').update(data).digest('hex');
    writeFileSync(join(dir, 'blobs', 'sha256', hex), data);
    return { digest: `sha256:${hex}`, size: data.length };
  };
  // An empty tar (two zero blocks), gzipped.
  const layer = gzipSync(Buffer.alloc(1024));
  const diffId = `sha256:${createHash('sha256').update(Buffer.alloc(1024)).digest('hex')}`;
  const config = blob(
    Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] } }),
    ),
  );
  const layerBlob = blob(layer);
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layerBlob }],
      }),
    ),
  );
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    }),
  );
  return dir;
}

/** `ecr-push` of an OCI layout to the black-hole registry, as the assumed role. */
function pushArgs(env: Record<string, string>, timeoutSeconds: number): string[] {
  return [
    'ecr-push',
    ...ROLE(),
    '--repository',
    'app',
    '--image',
    ociLayout(join(env.HOME!, 'layout')),
    '--registry-endpoint',
    blackHoleUrl,
    '--timeout-seconds',
    String(timeoutSeconds),
    '--export',
    'none',
  ];
}

/** Starts the CLI, sends `signal` once it logged in (the login is on disk), collects the rest. */
function signalAfterLogin(args: readonly string[], env: Record<string, string>, signal: NodeJS.Signals) {
  return new Promise<CliRun>((resolve) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env, cwd: env.HOME, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && leftovers(env.HOME!).length > 0 && /Source: oci-layout/.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('close', (code, sig) => resolve({ code: code ?? (sig ? -1 : -2), stdout, stderr }));
  });
}

describe('the CLI leaves nothing behind', () => {
  it('credentials (shell, then profile export): no previous-values file, the long-term key in no file but the profile', async () => {
    const env = job();
    const shell = await runCli(['credentials', ...ROLE(), '--export', 'shell'], env);
    expect(shell.code, shell.stderr).toBe(0);
    const values = await evalInBash(shell.stdout, ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
    expect(leftovers(env.HOME!)).toEqual([]);
    const secrets = [
      bed.toolkitUser.secretAccessKey,
      values.AWS_SECRET_ACCESS_KEY!,
      values.AWS_SESSION_TOKEN!,
    ];
    expect(filesHolding(env.HOME!, secrets)).toEqual([]);

    const profile = await runCli(
      ['credentials', ...ROLE(), '--export', 'profile', '--aws-profile', 'ci'],
      env,
    );
    expect(profile.code, profile.stderr).toBe(0);
    expect(leftovers(env.HOME!)).toEqual([]);
    // The written profile holds the role's session (that is its point), never the job's own key.
    expect(filesHolding(env.HOME!, [bed.toolkitUser.secretAccessKey])).toEqual([]);
    expect(filesHolding(env.HOME!, [values.AWS_SECRET_ACCESS_KEY!])).toEqual([]);
    expect(profile.stderr).toMatch(
      /warning: AWS_ACCESS_KEY_ID is set in this environment: .* AWS_PROFILE=ci is ignored .*`unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN/,
    );
  }, 60_000);

  it('a failed ecr-push removes its private Docker config (the ECR password)', async () => {
    const env = job();
    const run = await runCli(pushArgs(env, 4), env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error \[StepTimeout\]/);
    expect(leftovers(env.HOME!)).toEqual([]);
    expect(readdirSync(env.HOME!).filter((n) => n.startsWith('aws-ci-kit'))).toEqual([]);
  }, 60_000);

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`an ecr-push stopped by ${signal} removes its private Docker config, then exits ${code}`, async () => {
      const env = job();
      const run = await signalAfterLogin(pushArgs(env, 120), env, signal);
      expect(run.code, run.stderr).toBe(code);
      expect(run.stderr).toContain(`${signal}: cleaning up, then stopping.`);
      expect(leftovers(env.HOME!)).toEqual([]);
    }, 60_000);
  }

  it('ecr-push with DOCKER_CONFIG named by the job: the push inherits from it and leaves it as it was', async () => {
    const env = job();
    const named = join(env.HOME!, 'mine');
    mkdirSync(named);
    writeFileSync(join(named, 'config.json'), '{"auths":{}}\n');
    const run = await runCli(pushArgs(env, 3), { ...env, DOCKER_CONFIG: named });
    expect(run.code).toBe(1);
    expect(readFileSync(join(named, 'config.json'), 'utf8')).toBe('{"auths":{}}\n');
    expect(leftovers(env.HOME!)).toEqual([]);
    expect(statSync(named).isDirectory()).toBe(true);
  }, 60_000);
});
