import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, run } from './exec.js';

export interface RegistryAccess {
  /** Written to a temporary auth file (never passed in argv). */
  creds?: { user: string; password: string };
  /** An existing auth file (docker's config.json works too). */
  authFile?: string | undefined;
  /** Directory of CA *.crt files to trust, e.g. Registry.caDir. */
  certDir?: string | undefined;
  /** false for plain-HTTP registries. Default true. */
  tlsVerify?: boolean | undefined;
}

/** What `skopeo inspect` reports (the fields tests use; skopeo prints more). */
export interface SkopeoImage {
  Name?: string;
  Digest: string;
  RepoTags: string[];
  Layers: string[];
  Architecture: string;
  Os: string;
  Labels: Record<string, string> | null;
}

function registryHost(ref: string): string | undefined {
  return ref.startsWith('docker://') ? ref.slice('docker://'.length).split('/')[0] : undefined;
}

/** skopeo flags for one side (prefix '' for inspect, 'src-' / 'dest-' for copy). */
async function accessArgs(
  ref: string,
  a: RegistryAccess | undefined,
  prefix: string,
  tmp: string,
): Promise<string[]> {
  if (!a) return [];
  const args: string[] = [];
  let authFile = a.authFile;
  const host = registryHost(ref);
  if (a.creds && host) {
    authFile = join(tmp, `${prefix || 'auth'}auth.json`);
    const auth = Buffer.from(`${a.creds.user}:${a.creds.password}`).toString('base64');
    await writeFile(authFile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
  }
  if (authFile) args.push(`--${prefix}authfile`, authFile);
  if (a.certDir) args.push(`--${prefix}cert-dir`, a.certDir);
  if (a.tlsVerify !== undefined) args.push(`--${prefix}tls-verify=${a.tlsVerify}`);
  return args;
}

async function withTemp<T>(fn: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = await makeTempDir('skopeo');
  try {
    return await fn(tmp);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `skopeo inspect`: digest, tags of the repository, layers, platform. */
export function skopeoInspect(ref: string, access?: RegistryAccess): Promise<SkopeoImage> {
  return withTemp(async (tmp) => {
    const { stdout } = await run('skopeo', ['inspect', ...(await accessArgs(ref, access, '', tmp)), ref]);
    return JSON.parse(stdout) as SkopeoImage;
  });
}

/** `skopeo inspect --raw`: the manifest or image index exactly as stored, parsed. */
export function skopeoInspectRaw(ref: string, access?: RegistryAccess): Promise<Record<string, unknown>> {
  return withTemp(async (tmp) => {
    const { stdout } = await run('skopeo', [
      'inspect',
      '--raw',
      ...(await accessArgs(ref, access, '', tmp)),
      ref,
    ]);
    return JSON.parse(stdout) as Record<string, unknown>;
  });
}

/** `skopeo copy` (with `--all` for indexes); returns the digest of what was written. */
export function skopeoCopy(
  src: string,
  dest: string,
  opts: { src?: RegistryAccess; dest?: RegistryAccess; all?: boolean } = {},
): Promise<string> {
  return withTemp(async (tmp) => {
    const digestFile = join(tmp, 'digest');
    await run('skopeo', [
      'copy',
      '--quiet',
      ...(opts.all ? ['--all'] : []),
      '--digestfile',
      digestFile,
      ...(await accessArgs(src, opts.src, 'src-', tmp)),
      ...(await accessArgs(dest, opts.dest, 'dest-', tmp)),
      src,
      dest,
    ]);
    return (await readFile(digestFile, 'utf8')).trim();
  });
}
