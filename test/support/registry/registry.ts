import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeCerts } from './certs.js';
import { makeTempDir, removeTree, run, startDaemon, waitUntil } from './exec.js';
import { freePort, httpStatus } from './net.js';

/** Debian's `docker-registry` package (distribution 2.8). */
export const REGISTRY_BIN = '/usr/bin/docker-registry';

export interface RegistryUser {
  user: string;
  password: string;
}

export interface RegistryOptions {
  users: RegistryUser[];
  /** Serve HTTPS with a throwaway CA; hostnames[0] must resolve to `address`. */
  tls?: { hostnames: string[] };
  /** Loopback address to bind. Default 127.0.0.1. */
  address?: string;
  /** Default: a free port. 443 needs root. */
  port?: number;
}

export interface Registry {
  /** Base URL: http://127.0.0.1:PORT, https://NAME:PORT, or https://NAME on 443. */
  readonly url: string;
  /** Registry host as docker/skopeo name it (image refs, docker login, certs.d). */
  readonly host: string;
  readonly address: string;
  readonly port: number;
  /** PID of the docker-registry process. */
  readonly pid: number;
  /** TLS only: the CA to trust (NODE_EXTRA_CA_CERTS, certs.d, an https `ca`). */
  readonly caFile?: string | undefined;
  /** TLS only: directory with just ca.crt, for skopeo `--cert-dir`. */
  readonly caDir?: string | undefined;
  /**
   * Env for child Node processes so they trust the registry: NODE_EXTRA_CA_CERTS.
   * Node reads it once at start-up, so it cannot affect the running test process.
   */
  readonly env: Record<string, string>;
  readonly logFile: string;
  /**
   * Adds (or replaces) a user. The registry re-reads htpasswd when the file's
   * mtime changes (checked on distribution 2.8.2), so there is no restart;
   * this waits until the new credentials are accepted.
   */
  addUser(user: string, password: string): Promise<void>;
  /** Stops the registry by PID and deletes its storage. Idempotent. */
  stop(): Promise<void>;
}

async function htpasswdLine({ user, password }: RegistryUser): Promise<string> {
  // -i: password on stdin, never in argv. -B: bcrypt (the only hash distribution accepts).
  const { stdout } = await run('htpasswd', ['-niB', user], { input: password });
  return stdout.trim();
}

async function writeHtpasswd(file: string, users: Map<string, string>): Promise<void> {
  const entries = [...users].map(([user, password]) => ({ user, password }));
  const lines = await Promise.all(entries.map(htpasswdLine));
  await writeFile(file, lines.map((l) => `${l}\n`).join(''));
}

interface ConfigInput {
  dir: string;
  listen: string;
  htpasswd: string;
  tls?: { cert: string; key: string } | undefined;
}

function configYaml({ dir, listen, htpasswd, tls }: ConfigInput): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${listen}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    ...(tls ? ['  tls:', `    certificate: ${tls.cert}`, `    key: ${tls.key}`] : []),
    'auth:',
    '  htpasswd:',
    '    realm: aws-ci-kit-test',
    `    path: ${htpasswd}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Starts a docker-registry bound to a loopback address with htpasswd auth, optionally TLS. */
export async function startRegistry(opts: RegistryOptions): Promise<Registry> {
  const dir = await makeTempDir('registry');
  const address = opts.address ?? '127.0.0.1';
  const port = opts.port ?? (await freePort());
  const htpasswd = join(dir, 'htpasswd');
  const users = new Map(opts.users.map((u) => [u.user, u.password]));
  await writeHtpasswd(htpasswd, users);

  const ips = [...new Set(['127.0.0.1', address])];
  const certs = opts.tls ? await makeCerts(opts.tls.hostnames, { dir: join(dir, 'certs'), ips }) : undefined;
  const tls = certs && { cert: certs.certFile, key: certs.keyFile };
  const configFile = join(dir, 'config.yml');
  await writeFile(configFile, configYaml({ dir, listen: `${address}:${port}`, htpasswd, tls }));

  const name = opts.tls?.hostnames[0];
  const host = name ? (port === 443 ? name : `${name}:${port}`) : `${address}:${port}`;
  const url = `${name ? 'https' : 'http'}://${host}`;
  const ca = certs ? await readFile(certs.caFile) : undefined;

  const daemon = await startDaemon(REGISTRY_BIN, ['serve', configFile], {
    logFile: join(dir, 'registry.log'),
    cleanupDir: dir,
  });
  const stop = async (): Promise<void> => {
    await daemon.stop();
    await removeTree(dir);
  };
  const ready = async () => (await httpStatus(`${url}/v2/`, { ca })) === 401;
  try {
    await waitUntil(`docker-registry at ${url}`, ready, { daemon, timeoutMs: 15_000 });
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }

  const addUser = async (user: string, password: string): Promise<void> => {
    users.set(user, password);
    await writeHtpasswd(htpasswd, users);
    const accepted = async () => (await httpStatus(`${url}/v2/`, { ca, basic: { user, password } })) === 200;
    await waitUntil(`registry accepting user ${user}`, accepted, { daemon, timeoutMs: 5_000 });
  };

  return {
    url,
    host,
    address,
    port,
    pid: daemon.pid,
    caFile: certs?.caFile,
    caDir: certs?.caDir,
    env: certs ? { NODE_EXTRA_CA_CERTS: certs.caFile } : {},
    logFile: daemon.logFile,
    addUser,
    stop,
  };
}
