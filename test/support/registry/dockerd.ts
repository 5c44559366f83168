import { access, copyFile, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { makeTempDir, type RunResult, removeTree, run, startDaemon, waitUntil } from './exec.js';

export const DOCKERD_BIN = '/usr/sbin/dockerd';
/** The engine reads registry CAs from here only (fixed path in dockerd 20.10). */
export const CERTS_D = '/etc/docker/certs.d';

export interface DockerdOptions {
  /** Plain-HTTP registries (127.0.0.0/8 is already insecure by default). */
  insecureRegistries?: string[];
  /** Registries whose TLS CA the engine must trust: copied to /etc/docker/certs.d/<host>/aws-ci-kit-*.crt. */
  caCerts?: { host: string; caFile: string }[];
  /** Default: the engine's choice (overlay2 on ext4 here). Use 'vfs' where /tmp is itself overlayfs. */
  storageDriver?: string;
}

export interface Dockerd {
  /** DOCKER_HOST value: unix://<tmp>/docker.sock */
  readonly host: string;
  /** PID of dockerd (its containerd is a child of it). */
  readonly pid: number;
  /**
   * Env for the docker CLI and for steps that shell out to it: DOCKER_HOST, a private
   * DOCKER_CONFIG (so `docker login` never writes /root/.docker), DOCKER_BUILDKIT=0
   * (no buildx plugin here; the classic builder is what runs).
   */
  readonly env: Record<string, string>;
  /** DOCKER_CONFIG directory; config.json there holds logins made through this engine's env. */
  readonly configDir: string;
  readonly logFile: string;
  /** Runs the docker CLI against this engine. */
  docker(args: string[], opts?: { input?: string; cwd?: string }): Promise<RunResult>;
  /** Trusts a TLS registry's CA later on (the engine reads certs.d per connection). */
  trustRegistry(host: string, caFile: string): Promise<void>;
  /** SIGTERM by PID (dockerd stops its own containerd), removes certs.d entries and temp dir. Idempotent. */
  stop(): Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function preflight(): Promise<void> {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push('dockerd must run as root');
  for (const bin of [DOCKERD_BIN, '/usr/bin/containerd', '/usr/sbin/runc']) {
    if (!(await exists(bin))) problems.push(`${bin} is missing (apt-get install docker.io)`);
  }
  await run('docker', ['--version']).catch(() =>
    problems.push('no docker CLI on PATH (apt-get install docker.io)'),
  );
  if (problems.length > 0) throw new Error(`cannot start the Docker engine: ${problems.join('; ')}`);
}

/**
 * Starts a private dockerd (own socket, data-root, exec-root, pidfile; no bridge,
 * no iptables) that starts its own containerd under exec-root. Builds must use
 * `--network none`. Throws with the daemon log when the engine cannot start.
 */
export async function startDockerd(opts: DockerdOptions = {}): Promise<Dockerd> {
  await preflight();
  const dir = await makeTempDir('dockerd');
  const sock = join(dir, 'docker.sock');
  const host = `unix://${sock}`;
  const configDir = join(dir, 'client');
  await mkdir(configDir);
  const config = {
    hosts: [host],
    'data-root': join(dir, 'data'),
    'exec-root': join(dir, 'exec'),
    pidfile: join(dir, 'dockerd.pid'),
    // dockerd 20.10 would otherwise create /etc/docker/key.json.
    'deprecated-key-path': join(dir, 'key.json'),
    bridge: 'none',
    iptables: false,
    ip6tables: false,
    'ip-forward': false,
    'ip-masq': false,
    'insecure-registries': opts.insecureRegistries ?? [],
    ...(opts.storageDriver ? { 'storage-driver': opts.storageDriver } : {}),
  };
  const configFile = join(dir, 'daemon.json');
  await writeFile(configFile, JSON.stringify(config, null, 2));

  const env = { DOCKER_HOST: host, DOCKER_CONFIG: configDir, DOCKER_BUILDKIT: '0' };
  // Inherited DOCKER_CONTEXT / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH would point the CLI elsewhere.
  const { DOCKER_CONTEXT: _c, DOCKER_TLS_VERIFY: _t, DOCKER_CERT_PATH: _p, ...inherited } = process.env;
  const docker = (args: string[], o: { input?: string; cwd?: string } = {}): Promise<RunResult> =>
    run('docker', args, { ...o, env: { ...inherited, ...env } });

  const trusted: { dir: string; file: string; createdDir: boolean }[] = [];
  let createdCertsD = false;
  const trustRegistry = async (registryHost: string, caFile: string): Promise<void> => {
    const certDir = join(CERTS_D, registryHost);
    const createdDir = !(await exists(certDir));
    if (!(await exists(CERTS_D))) createdCertsD = true;
    await mkdir(certDir, { recursive: true });
    // The engine trusts every *.crt there: a name of our own never clobbers another engine's CA.
    const file = join(certDir, `aws-ci-kit-${basename(dir)}-${trusted.length}.crt`);
    await copyFile(caFile, file);
    trusted.push({ dir: certDir, file, createdDir });
  };

  const daemon = await startDaemon(DOCKERD_BIN, ['--config-file', configFile], {
    logFile: join(dir, 'dockerd.log'),
    cleanupDir: dir,
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await daemon.stop(20_000);
    for (const t of trusted.splice(0)) {
      await rm(t.file, { force: true });
      if (t.createdDir) await rmdir(t.dir).catch(() => undefined);
    }
    // Only when this engine made it and nothing else lives there now.
    if (createdCertsD) await rmdir(CERTS_D).catch(() => undefined);
    await removeTree(dir);
  };

  try {
    for (const c of opts.caCerts ?? []) await trustRegistry(c.host, c.caFile);
    await waitUntil(
      'dockerd',
      async () => {
        await docker(['version', '--format', '{{.Server.Version}}']);
        return true;
      },
      {
        daemon,
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
  } catch (err) {
    const log = await readFile(daemon.logFile, 'utf8').catch(() => '');
    await stop().catch(() => undefined);
    const cause = log
      .split('\n')
      .filter((l) => /failed to start daemon|level=(error|fatal)/.test(l))
      .pop();
    throw new Error(
      `the Docker engine did not start${cause ? `: ${cause.trim()}` : ''}\n${(err as Error).message}`,
    );
  }
  return { host, pid: daemon.pid, env, configDir, logFile: daemon.logFile, docker, trustRegistry, stop };
}
