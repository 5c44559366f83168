import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { arch } from 'node:os';
import { join } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getListInput,
  inputName,
  markdownTable,
  quoteValue,
} from '@aws-ci-kit/core';
import { type BuildOptions, ContainerCli } from './ecr/container-cli.ts';
import { openImageSource } from './ecr/image-source.ts';
import type { ImageSource, ManifestNode } from './ecr/image-types.ts';
import { INPUTS } from './names.ts';

// Several platforms, one image index: the build of each platform (buildah/podman manifest lists,
// or BuildKit through `docker buildx` / nerdctl) into a local OCI layout or archive, which the
// daemonless push then sends as it is (every child manifest and blob first, the index last).

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

/** `platforms`: `os/arch[/variant]`, comma- or line-separated; not together with `platform` (its value). */
export function readPlatforms(runtime: CiRuntime, platform: string | undefined): string[] {
  const name = inputName(runtime, INPUTS.platforms);
  const listed = getListInput(runtime, INPUTS.platforms).map((p) => p.toLowerCase());
  for (const platform of listed) {
    if (!PLATFORM.test(platform)) {
      throw new CiKitError('input', `Input \`${name}\` lists ${quoteValue(platform)}, not os/arch.`, {
        code: 'InputInvalid',
        hint: `List platforms as os/arch[/variant] in \`${name}\`, e.g. linux/amd64,linux/arm64.`,
      });
    }
  }
  if (listed.length > 0 && platform !== undefined) {
    const single = inputName(runtime, INPUTS.platform);
    throw new CiKitError('input', `Inputs \`${single}\` and \`${name}\` are both set.`, {
      code: 'InputInvalid',
      hint: `Keep \`${name}\` (several platforms, one index) and drop \`${single}\`.`,
    });
  }
  return [...new Set(listed)];
}

/** The architecture names of QEMU's binfmt handlers (`/proc/sys/fs/binfmt_misc/qemu-<name>`). */
const QEMU_NAMES: Readonly<Record<string, string>> = {
  amd64: 'x86_64',
  arm64: 'aarch64',
  arm: 'arm',
  '386': 'i386',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips64le: 'mips64el',
};
const GO_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le' };

/** The host's architecture as container platforms name it (amd64, arm64, ...). */
export function hostArch(): string {
  return GO_ARCH[arch()] ?? arch();
}

/** Whether a Dockerfile runs a command (RUN) in a stage that is built for the target platform. */
export function dockerfileRunsCommands(text: string): boolean {
  let native = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^from\s/i.test(line)) native = /--platform=\$\{?BUILDPLATFORM\}?/i.test(line);
    else if (/^run\s/i.test(line) && !native) return true;
  }
  return false;
}

/** The platforms this host can run neither natively nor through a registered QEMU handler. */
export async function platformsWithoutEmulator(
  platforms: readonly string[],
  host = hostArch(),
  binfmtDir = '/proc/sys/fs/binfmt_misc',
): Promise<string[]> {
  const missing: string[] = [];
  for (const platform of platforms) {
    const target = platform.split('/')[1] ?? '';
    const native =
      target === host || (host === 'amd64' && target === '386') || (host === 'arm64' && target === 'arm');
    if (native) continue;
    const handler = join(binfmtDir, `qemu-${QEMU_NAMES[target] ?? target}`);
    if (!(await stat(handler).catch(() => undefined))) missing.push(platform);
  }
  return missing;
}

export const EMULATOR_HINT =
  'Install QEMU user emulation on the build host (Debian/Ubuntu: apt-get install qemu-user-static binfmt-support; GitHub: docker/setup-qemu-action), or build those platforms on a matching runner.';

/** A RUN step for a platform the host cannot execute: one warning line now, and the error if it fails. */
async function emulatorProblem(
  runtime: CiRuntime,
  build: BuildSource,
  platforms: readonly string[],
): Promise<string | undefined> {
  const file = build.dockerfile ?? join(build.context, 'Dockerfile');
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!dockerfileRunsCommands(text)) return undefined;
  const missing = await platformsWithoutEmulator(platforms);
  if (missing.length === 0) return undefined;
  const problem = `The Dockerfile has RUN steps, and this ${hostArch()} host has no emulator for ${missing.join(', ')}.`;
  runtime.log.warning(`${problem} ${EMULATOR_HINT}`);
  return problem;
}

/** What to build, as the plan holds it (tags and platform are set per build here). */
export type BuildSource = Omit<BuildOptions, 'tags' | 'platform' | 'manifest' | 'output'>;

export interface PlatformBuild {
  readonly source: ImageSource;
  /** Deletes the local layout or archive. */
  cleanup(): Promise<void>;
}

async function succeeds(runtime: CiRuntime, command: string, args: string[]): Promise<boolean> {
  return runtime
    .exec(command, args, { silent: true, ignoreReturnCode: true })
    .then((r) => r.code === 0)
    .catch(() => false);
}

/** The CLI that builds several platforms: buildah/podman; docker with buildx; else buildah if present. */
async function platformBuilder(
  runtime: CiRuntime,
  cli: ContainerCli,
  configDir: string,
): Promise<ContainerCli> {
  if (cli.name !== 'docker') return cli;
  if (await succeeds(runtime, 'docker', ['buildx', 'version'])) return cli;
  if (await succeeds(runtime, 'buildah', ['--version'])) {
    runtime.log.info('docker has no buildx plugin here: the platforms are built with buildah.');
    return new ContainerCli(runtime, 'buildah', configDir);
  }
  throw new CiKitError(
    'tool',
    'Building several platforms with docker needs the buildx plugin, which is missing.',
    {
      code: 'BuildxMissing',
      hint: 'Install buildx (GitHub: docker/setup-buildx-action; Debian/Ubuntu: apt-get install docker-buildx), or install buildah and set `container-cli: buildah`.',
    },
  );
}

/** buildah/podman: one build per platform into a manifest list, then the list (--all) into an OCI layout. */
async function buildManifestList(
  runtime: CiRuntime,
  builder: ContainerCli,
  build: BuildSource,
  platforms: readonly string[],
  layout: string,
): Promise<void> {
  const list = `localhost/aws-ci-kit-platforms-${randomBytes(6).toString('hex')}`;
  const env = builder.env();
  try {
    for (const platform of platforms) {
      await runtime.log.group(`Build ${platform}`, () =>
        builder.build({ ...build, tags: [], platform, manifest: list }),
      );
    }
    await runtime.exec(
      builder.name,
      ['manifest', 'push', '--all', '--format', 'oci', list, `oci:${layout}:latest`],
      { env, silent: true },
    );
  } finally {
    await runtime.exec(builder.name, ['manifest', 'rm', list], { env, silent: true, ignoreReturnCode: true });
  }
}

/**
 * Builds every platform and returns the image index as a local OCI layout or archive, ready for the
 * daemonless push. A RUN step on a platform without an emulator is named in one line.
 */
export async function buildPlatforms(
  runtime: CiRuntime,
  cli: ContainerCli,
  build: BuildSource,
  platforms: readonly string[],
  configDir: string,
): Promise<PlatformBuild> {
  const problem = await emulatorProblem(runtime, build, platforms);
  const dir = await mkdtemp(join(runtime.tempDir, 'aws-ci-kit-platforms-'));
  try {
    const builder = await platformBuilder(runtime, cli, configDir);
    let path: string;
    if (builder.name === 'buildah' || builder.name === 'podman') {
      path = join(dir, 'layout');
      await buildManifestList(runtime, builder, build, platforms, path);
    } else {
      path = join(dir, 'image.tar');
      await builder.build({
        ...build,
        tags: [],
        platform: platforms.join(','),
        output: `type=oci,dest=${path}`,
      });
    }
    const source = await openImageSource(path);
    return { source, cleanup: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (problem && !(error instanceof CiKitError && error.code === 'BuildxMissing')) {
      throw new CiKitError('tool', `The multi-platform build failed. ${problem}`, {
        code: 'EmulatorMissing',
        hint: EMULATOR_HINT,
        cause: error,
      });
    }
    throw error;
  }
}

/** `os/arch` and digest of each platform manifest of an index (empty for a single image). */
export function platformDigests(top: ManifestNode): { platform: string; digest: string }[] {
  return top.children.map((c) => ({ platform: c.platform ?? 'unknown', digest: c.digest }));
}

/** An image pushed from a layout or archive must hold every platform `platforms` lists. */
export function checkSourcePlatforms(
  runtime: CiRuntime,
  top: ManifestNode,
  platforms: readonly string[],
): void {
  const held = new Set(top.children.map((c) => c.platform));
  const missing = platforms.filter((p) => !held.has(p));
  if (missing.length === 0) return;
  const have = [...held].filter(Boolean).join(', ') || 'one image, no index';
  throw new CiKitError('input', `The image to push has no ${missing.join(', ')} (it has: ${have}).`, {
    code: 'PlatformMissing',
    hint: `Push an index holding every platform of \`${inputName(runtime, INPUTS.platforms)}\` (e.g. \`skopeo copy --all\`), or list only those it has.`,
  });
}

/** The summary's per-platform table: each platform manifest's digest. */
export function platformDigestsMarkdown(top: ManifestNode): string {
  const rows = platformDigests(top).map((p) => [p.platform, { code: p.digest }]);
  return rows.length ? `${markdownTable(['Platform', 'Manifest digest'], rows)}\n` : '';
}
