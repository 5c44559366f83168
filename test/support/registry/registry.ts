import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeCerts } from './certs.js';
import { makeTempDir, run, startDaemon, waitUntil } from './exec.js';
import { mapHostToLoopback } from './hosts.js';
import { freePort, httpStatus } from './net.js';

/** Debian's `docker-registry` package (distribution 2.8). */
export const REGISTRY_BIN = '/usr/bin/docker-registry';

export interface RegistryUser {
  user: string;
  password: string;
}

export interface RegistryOptions {
  users: RegistryUser[];
  /** Serve HTTPS with a throwaway CA; hostnames[0] must resolve to 127.0.0.1. */
  tls?: { hostnames: string[] };
  /** Default: a free port. 443 needs root. */
  port?: number;
}

export interface Registry {
  /** Base URL: http://127.0.0.1:PORT, https://NAME:PORT, or https://NAME on 443. */
  readonly url: string;
  /** Registry host as docker/skopeo name it (image refs, docker login, certs.d). */
  readonly host: string;
  readonly port: number;
  /** PID of the docker-registry process. */
  readonly pid: number;
  /** TLS only: the CA to trust (NODE_EXTRA_CA_CERTS, certs.d, an https `ca`). */
  readonly caFile?: string;
  /** TLS only: directory with just ca.crt, for skopeo `--cert-dir`. */
  readonly caDir?: string;
  /**
   * Env for child Node processes so they trust the registry: NODE_EXTRA_CA_CERTS.
   * Node reads it once at start-up, so it cannot affect the running test process.
   */
  readonly env: Record<string, string>;
  readonly logFile: string;
  /**
   * Adds (or replaces) a user. The registry re-reads htpasswd when its mtime
   * changes (checked on distribution 2.8.2), so no restart; this waits until the
   * new credentials are accepted.
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

function configYaml(o: { dir: string; port: number; htpasswd: string; cert?: string; key?: string }): string {
  const tls = o.cert ? `  tls:\n    certificate: ${o.cert}\n    key: ${o.key}\n` : '';
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(o.dir, 'storage')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${o.port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    tls.trimEnd(),
    'auth:',
    '  htpasswd:',
    '    realm: aws-ci-kit-test',
    `    path: ${o.htpasswd}`,
    '',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** Starts a docker-registry bound to 127.0.0.1 with htpasswd auth, optionally TLS. */
export async function startRegistry(opts: RegistryOptions): Promise<Registry> {
  const dir = await makeTempDir('registry');
  const port = opts.port ?? (await freePort());
  const htpasswd = join(dir, 'htpasswd');
  const users = new Map(opts.users.map((u) => [u.user, u.password]));
  await writeHtpasswd(htpasswd, users);

  const certs = opts.tls ? await makeCerts(opts.tls.hostnames, join(dir, 'certs')) : undefined;
  const configFile = join(dir, 'config.yml');
  await writeFile(configFile, configYaml({ dir, port, htpasswd, cert: certs?.certFile, key: certs?.keyFile }) + '\n');

  const name = opts.tls?.hostnames[0];
  const host = name ? (port === 443 ? name : `${name}:${port}`) : `127.0.0.1:${port}`;
  const url = `${name ? 'https' : 'http'}://${host}`;
  const ca = certs ? await readFile(certs.caFile) : undefined;

  const daemon = await startDaemon(REGISTRY_BIN, ['serve', configFile], {
    logFile: join(dir, 'registry.log'),
    cleanupDir: dir,
  });
  const stop = async (): Promise<void> => {
    await daemon.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(`docker-registry at ${url}`, async () => (await httpStatus(`${url}/v2/`, { ca })) === 401, {
      daemon,
      timeoutMs: 15_000,
    });
  } catch (err) {
    await stop();
    throw err;
  }

  const addUser = async (user: string, password: string): Promise<void> => {
    users.set(user, password);
    await writeHtpasswd(htpasswd, users);
    await waitUntil(`registry accepting user ${user}`, async () => {
      return (await httpStatus(`${url}/v2/`, { ca, basic: { user, password } })) === 200;
    }, { daemon, timeoutMs: 5_000 });
  };

  return {
    url,
    host,
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

export const TEST_ACCOUNT = '123456789012';

/** The host name of moto's ECR proxyEndpoint, https://<account>.dkr.ecr.<region>.amazonaws.com. */
export function ecrHostname(region: string, account = TEST_ACCOUNT): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com`;
}

export interface EcrRegistry extends Registry {
  readonly hostname: string;
  readonly region: string;
}

/**
 * A registry that answers as moto's ECR endpoint: maps the ECR host name to
 * 127.0.0.1 in /etc/hosts and serves TLS on 127.0.0.1:443 with a certificate
 * for that name (root only). Add moto's token user with
 * `addUser('AWS', <decoded token password>)`. stop() also removes the hosts
 * line. One such registry per machine at a time (port 443).
 */
export async function withEcrHostname(
  region: string,
  opts: { users?: RegistryUser[]; account?: string } = {},
): Promise<EcrRegistry> {
  const hostname = ecrHostname(region, opts.account);
  const unmap = await mapHostToLoopback(hostname);
  let registry: Registry;
  try {
    registry = await startRegistry({ users: opts.users ?? [], tls: { hostnames: [hostname] }, port: 443 });
  } catch (err) {
    await unmap();
    throw err;
  }
  const stop = async (): Promise<void> => {
    await registry.stop();
    await unmap();
  };
  return { ...registry, hostname, region, stop };
}
