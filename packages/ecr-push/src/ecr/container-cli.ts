import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CiRuntime } from '@aws-ci-kit/core';
import { CiKitError, quoteValue } from '@aws-ci-kit/core';

export const CONTAINER_CLIS = ['docker', 'podman', 'buildah', 'nerdctl'] as const;
export type ContainerCliName = (typeof CONTAINER_CLIS)[number];

export interface BuildOptions {
  readonly context: string;
  readonly dockerfile?: string;
  readonly tags: readonly string[];
  readonly buildArgs?: readonly string[];
  /** `--secret id=ID,env=ENV`: the value goes into the child's environment only, never argv. */
  readonly secrets?: readonly { readonly id: string; readonly env: string; readonly value: string }[];
  readonly target?: string;
  readonly platform?: string;
  readonly network?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** buildah/podman: add the image to this manifest list (`--manifest`), one call per platform. */
  readonly manifest?: string;
  /** BuildKit (`docker buildx build`, nerdctl): where the result goes (`--output`), e.g. an OCI archive. */
  readonly output?: string;
  /** buildah/podman: a registry repository holding cached layers (`--layers --cache-from/--cache-to`). */
  readonly cacheFrom?: string;
  readonly cacheTo?: string;
}

/**
 * One container CLI, driven with a job-private config directory: docker and nerdctl read
 * DOCKER_CONFIG, podman and buildah get `--authfile <dir>/config.json`. Passwords go on stdin only.
 */
export class ContainerCli {
  readonly name: ContainerCliName;
  private readonly runtime: CiRuntime;
  private readonly configDir: string;

  constructor(runtime: CiRuntime, name: ContainerCliName, configDir: string) {
    this.runtime = runtime;
    this.name = name;
    this.configDir = configDir;
  }

  private get usesAuthfile(): boolean {
    return this.name === 'podman' || this.name === 'buildah';
  }

  private authArgs(): string[] {
    return this.usesAuthfile ? ['--authfile', join(this.configDir, 'config.json')] : [];
  }

  /** Environment for every call: the private config (and REGISTRY_AUTH_FILE for the podman family). */
  env(): Record<string, string> {
    return { DOCKER_CONFIG: this.configDir, REGISTRY_AUTH_FILE: join(this.configDir, 'config.json') };
  }

  private run(
    args: string[],
    options: { stdin?: string; silent?: boolean; env?: Readonly<Record<string, string>> } = {},
  ) {
    return this.runtime.exec(this.name, args, {
      env: { ...this.env(), ...options.env },
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      ...(options.silent ? { silent: true } : {}),
    });
  }

  /** `login --username <user> --password-stdin <registry>`: the password never reaches argv. */
  async login(registry: string, username: string, password: string): Promise<void> {
    await this.run(['login', ...this.authArgs(), '--username', username, '--password-stdin', registry], {
      stdin: password,
      silent: true,
    }).catch((error: unknown) => {
      throw new CiKitError('tool', `${this.name} login to ${registry} failed.`, {
        code: 'LoginFailed',
        hint: 'Check that the registry is reachable from the agent and trusted (TLS).',
        cause: error,
      });
    });
  }

  async logout(registry: string): Promise<void> {
    await this.runtime.exec(this.name, ['logout', ...this.authArgs(), registry], {
      env: this.env(),
      silent: true,
      ignoreReturnCode: true,
    });
  }

  async build(options: BuildOptions): Promise<void> {
    const args =
      this.name === 'buildah'
        ? ['bud']
        : this.name === 'docker' && options.output
          ? ['buildx', 'build']
          : ['build'];
    if (this.usesAuthfile) args.push(...this.authArgs());
    if (options.dockerfile) args.push('--file', options.dockerfile);
    for (const tag of options.tags) args.push('--tag', tag);
    for (const arg of options.buildArgs ?? []) args.push('--build-arg', arg);
    const env: Record<string, string> = {};
    for (const secret of options.secrets ?? []) {
      args.push('--secret', `id=${secret.id},env=${secret.env}`);
      env[secret.env] = secret.value;
    }
    // The classic docker builder has no --secret: BuildKit does (built into the 20.10 CLI, buildx later).
    if (this.name === 'docker' && (options.secrets?.length ?? 0) > 0) env.DOCKER_BUILDKIT = '1';
    if (options.target) args.push('--target', options.target);
    if (options.platform) args.push('--platform', options.platform);
    if (options.network) args.push('--network', options.network);
    if (options.manifest) args.push('--manifest', options.manifest);
    if (options.output) args.push('--output', options.output);
    if (options.cacheFrom || options.cacheTo) args.push('--layers');
    if (options.cacheFrom) args.push('--cache-from', options.cacheFrom);
    if (options.cacheTo) args.push('--cache-to', options.cacheTo);
    for (const [key, value] of Object.entries(options.labels ?? {})) args.push('--label', `${key}=${value}`);
    args.push(options.context);
    await this.run(args, { env });
  }

  /** `rmi -f <image>`: ECRPushImage's `removeDockerImage`. */
  async remove(image: string): Promise<void> {
    await this.run(['rmi', '-f', image]);
  }

  async tag(source: string, target: string): Promise<void> {
    await this.run(['tag', source, target], { silent: true });
  }

  /** Pushes one reference; returns the digest the CLI reports, when it does. */
  async push(reference: string, digestFile: string): Promise<string | undefined> {
    const args = ['push', ...this.authArgs()];
    if (this.usesAuthfile) args.push('--digestfile', digestFile);
    args.push(reference);
    const { stdout } = await this.run(args);
    if (this.usesAuthfile) {
      return (await readFile(digestFile, 'utf8').catch(() => '')).trim() || undefined;
    }
    return /digest: (sha256:[0-9a-f]{64})/.exec(stdout)?.[1];
  }

  /** `save -o <file> <image>`: a docker-archive the daemonless path can push. */
  async save(image: string, file: string): Promise<void> {
    if (this.name === 'buildah') {
      await this.run(['push', image, `docker-archive:${file}`], { silent: true });
    } else {
      await this.run(['save', '-o', file, image], { silent: true });
    }
  }
}

/** The first container CLI on PATH (docker, podman, buildah, nerdctl), or the one asked for. */
export async function detectContainerCli(
  runtime: CiRuntime,
  wanted?: string,
  input = 'container-cli',
): Promise<ContainerCliName> {
  if (wanted && wanted !== 'auto') {
    if (!(CONTAINER_CLIS as readonly string[]).includes(wanted)) {
      throw new CiKitError(
        'input',
        `Input \`${input}\` names an unknown container CLI ${quoteValue(wanted)}.`,
        {
          code: 'InputInvalid',
          hint: `Use one of ${CONTAINER_CLIS.join(', ')}.`,
        },
      );
    }
    return wanted as ContainerCliName;
  }
  for (const name of CONTAINER_CLIS) {
    const found = await runtime
      .exec(name, ['--version'], { silent: true, ignoreReturnCode: true })
      .then((r) => r.code === 0)
      .catch(() => false);
    if (found) return name;
  }
  throw new CiKitError('tool', 'No container CLI (docker, podman, buildah, nerdctl) was found on PATH.', {
    code: 'ToolNotFound',
    hint: 'Install one on the agent, or push an OCI layout or `docker save` archive with `push-mode: daemonless`.',
  });
}
