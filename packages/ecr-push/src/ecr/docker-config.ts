import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writePrivateFile } from '@aws-ci-kit/core';

interface DockerConfigJson {
  auths?: Record<string, { auth?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

const FILE = 'config.json';

async function readConfig(path: string): Promise<DockerConfigJson> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as DockerConfigJson;
  } catch {
    return {};
  }
}

async function writeConfig(dir: string, config: DockerConfigJson): Promise<void> {
  await writePrivateFile(join(dir, FILE), `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * A job-private Docker config directory (mode 0700) under `parent` (the CI's per-job temp dir), so a
 * login or logout never touches the agent's ~/.docker or another job. Settings and other logins of
 * `inheritFrom` (an existing config.json) are carried over, except a global `credsStore`, which would
 * put our password back into a store shared by every job. The rest of that directory (buildx
 * builders, cli-plugins, contexts) is linked in, so later docker commands still find them.
 */
export async function createDockerConfigDir(parent: string, inheritFrom?: string): Promise<string> {
  const dir = join(parent, `aws-ci-kit-docker-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  if (inheritFrom) {
    const source = dirname(inheritFrom);
    for (const entry of await readdir(source).catch(() => [] as string[])) {
      if (entry === FILE) continue;
      await symlink(join(source, entry), join(dir, entry)).catch(() => undefined);
    }
  }
  const inherited = inheritFrom ? await readConfig(inheritFrom) : {};
  const { credsStore: _dropped, ...rest } = inherited;
  await writeConfig(dir, { ...rest, auths: { ...(rest.auths ?? {}) } });
  return dir;
}

/** Writes one registry login into `dir/config.json` (the auth docker, podman, buildah, skopeo read). */
export async function addDockerAuth(
  dir: string,
  registry: string,
  username: string,
  password: string,
): Promise<void> {
  const config = await readConfig(join(dir, FILE));
  const auth = Buffer.from(`${username}:${password}`).toString('base64');
  const credHelpers = { ...(config.credHelpers ?? {}) };
  delete credHelpers[registry];
  await writeConfig(dir, {
    ...config,
    auths: { ...(config.auths ?? {}), [registry]: { auth } },
    credHelpers,
  });
}

/** Removes a job-private config directory (post step); linked entries are unlinked, never followed. */
export async function removeDockerConfigDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
