/**
 * Starts moto (`moto_server`) on 127.0.0.1 as a child process.
 *
 * IAM enforcement: moto keeps one process-wide counter. Every request that reaches a
 * service handler (STS, IAM, SSM, ECR, ...) while `counter < INITIAL_NO_AUTH_ACTION_COUNT`
 * is served without signature/policy checks and bumps the counter; failed calls and SDK
 * retries count too, `/moto-api/*` calls do not. Counting seeding requests exactly is
 * therefore fragile (a retry or a seeding change shifts the boundary). Instead moto starts
 * with a huge count (everything unauthenticated) and `enforceAuth()` POSTs `0` to
 * `/moto-api/reset-auth`, which sets the limit to 0 and resets the counter: from the next
 * request on, every call is SigV4-verified and checked against IAM policies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export interface MotoOptions {
  /** Unauthenticated requests before enforcement (default: effectively unlimited until `enforceAuth()`). */
  initialNoAuthActionCount?: number;
  /** How long to wait for moto to answer (default 20 s). */
  startTimeoutMs?: number;
  /** Extra environment for the child. */
  env?: Record<string, string>;
}

export interface MotoServer {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** From the next request on, moto verifies signatures and evaluates IAM policies. */
  enforceAuth(): Promise<void>;
  /** Kills the child by PID; safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const UNLIMITED = 1_000_000_000;

/** A free TCP port on 127.0.0.1, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function startMoto(opts: MotoOptions = {}): Promise<MotoServer> {
  if (!onPath('moto_server')) {
    throw new Error("moto_server is not on PATH: install it with pip install 'moto[server]'");
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(await freePort(), opts);
    } catch (err) {
      lastError = err;
      if (!String(err).includes('Address already in use')) throw err; // port race: retry
    }
  }
  throw lastError;
}

async function launch(port: number, opts: MotoOptions): Promise<MotoServer> {
  const endpoint = `http://${HOST}:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...withoutAwsVars(process.env),
    AWS_EC2_METADATA_DISABLED: 'true',
    INITIAL_NO_AUTH_ACTION_COUNT: String(opts.initialNoAuthActionCount ?? UNLIMITED),
    ...opts.env,
  };
  // Own process group, so stop() also reaches anything a wrapper (pyenv shim) left behind.
  const child = spawn('moto_server', ['-H', HOST, '-p', String(port)], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = (): void => kill(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    kill(child, 'SIGTERM');
    const timer = setTimeout(() => kill(child, 'SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilAnswering(endpoint, child, () => log, opts.startTimeoutMs ?? 20_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
    stop,
    enforceAuth: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
      if (!res.ok) throw new Error(`moto reset-auth failed: HTTP ${res.status}`);
    },
  };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group we created
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      // /moto-api/* does not count towards INITIAL_NO_AUTH_ACTION_COUNT.
      const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${log()}`);
}

/** A copy of env without AWS_* variables (no credentials or endpoints leak into children). */
export function withoutAwsVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('AWS_')));
}
