import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dockerd } from './dockerd.js';
import { makeTempDir, run } from './exec.js';

export interface LayerOptions {
  /** Number of COPY layers of random (incompressible) content. Default 2. */
  layers?: number;
  /** Size of each layer in MiB (fractions allowed). Default 1. */
  layerSizeMb?: number;
}

/** Statically linked busybox from Debian's busybox-static: the only thing a FROM scratch RUN can execute. */
export const BUSYBOX_STATIC = '/bin/busybox';

async function writeLayerFiles(
  dir: string,
  { layers = 2, layerSizeMb = 1 }: LayerOptions,
): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < layers; i++) {
    const name = `layer-${i}.bin`;
    await writeFile(join(dir, name), randomBytes(Math.max(1, Math.round(layerSizeMb * 1024 * 1024))));
    names.push(name);
  }
  return names;
}

export interface ScratchImageOptions extends LayerOptions {
  /** Add busybox and a RUN step (exercises the engine's container runtime). Default false. */
  run?: boolean;
}

/**
 * Builds `tag` with the engine from `FROM scratch` plus one COPY layer per
 * random file (no network: `--network none`). Returns the image id.
 */
export async function buildScratchImage(
  dockerd: Dockerd,
  tag: string,
  opts: ScratchImageOptions = {},
): Promise<{ tag: string; id: string }> {
  const ctx = await makeTempDir('build');
  try {
    const files = await writeLayerFiles(ctx, opts);
    const lines = ['FROM scratch', ...files.map((f) => `COPY ${f} /data/${f}`)];
    if (opts.run) {
      await copyFile(BUSYBOX_STATIC, join(ctx, 'busybox'));
      lines.push('COPY busybox /bin/busybox');
      lines.push('RUN ["/bin/busybox", "sh", "-c", "/bin/busybox date > /data/built-at"]');
    }
    lines.push('LABEL org.opencontainers.image.source="aws-ci-kit test bed"');
    await writeFile(join(ctx, 'Dockerfile'), `${lines.join('\n')}\n`);
    await dockerd.docker(['build', '--network', 'none', '--quiet', '-t', tag, ctx]);
    const { stdout } = await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
    return { tag, id: stdout.trim() };
  } finally {
    await rm(ctx, { recursive: true, force: true });
  }
}

/** `docker save` of `tag` to `file` (a docker-archive tarball). Returns `file`. */
export async function dockerSaveArchive(dockerd: Dockerd, tag: string, file: string): Promise<string> {
  await dockerd.docker(['save', '-o', file, tag]);
  return file;
}

export interface OciLayoutOptions extends LayerOptions {
  /** e.g. ['linux/amd64', 'linux/arm64']: more than one makes an image index. Default: host platform. */
  platforms?: string[];
  /** Reference name inside the layout. Default 'latest'. */
  tag?: string;
}

export interface OciLayout {
  dir: string;
  tag: string;
  /** containers-transports reference: `oci:<dir>:<tag>` (for skopeo copy). */
  ref: string;
  /** Digest of the top manifest (the index when multi-platform). */
  digest: string;
  mediaType: string;
}

/**
 * Writes an OCI image layout at `dir` with buildah (vfs storage in a private
 * temp root, chroot isolation, FROM scratch so any platform builds without
 * emulation). Each platform gets its own random layers.
 */
export async function makeOciLayout(dir: string, opts: OciLayoutOptions = {}): Promise<OciLayout> {
  const tag = opts.tag ?? 'latest';
  const work = await makeTempDir('buildah');
  const store = ['--root', join(work, 'root'), '--runroot', join(work, 'runroot'), '--storage-driver', 'vfs'];
  const buildah = (args: string[]) => run('buildah', [...store, ...args]);
  const platforms = opts.platforms ?? [undefined];
  try {
    const images: string[] = [];
    for (const [i, platform] of platforms.entries()) {
      const ctx = join(work, `ctx-${i}`);
      await mkdir(ctx);
      const files = await writeLayerFiles(ctx, opts);
      const containerfile = ['FROM scratch', ...files.map((f) => `COPY ${f} /data/${f}`)].join('\n');
      await writeFile(join(ctx, 'Containerfile'), `${containerfile}\n`);
      const image = `localhost/aws-ci-kit-test:p${i}`;
      const platformArgs = platform ? ['--platform', platform] : [];
      // --layers: one layer per COPY (buildah squashes onto the base otherwise).
      await buildah(['bud', '--layers', '--isolation', 'chroot', ...platformArgs, '-t', image, ctx]);
      images.push(image);
    }
    const dest = `oci:${dir}:${tag}`;
    if (images.length === 1) {
      await buildah(['push', '--format', 'oci', images[0] as string, dest]);
    } else {
      const list = 'localhost/aws-ci-kit-test:index';
      await buildah(['manifest', 'create', list]);
      for (const image of images) await buildah(['manifest', 'add', list, image]);
      await buildah(['manifest', 'push', '--all', '--format', 'oci', list, dest]);
    }
    return { dir, tag, ref: dest, ...(await layoutEntry(dir, tag)) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function layoutEntry(dir: string, tag: string): Promise<{ digest: string; mediaType: string }> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests: { digest: string; mediaType: string; annotations?: Record<string, string> }[];
  };
  const entry = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!entry) throw new Error(`no ${tag} in ${dir}/index.json`);
  return { digest: entry.digest, mediaType: entry.mediaType };
}
