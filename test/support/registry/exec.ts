import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunOptions {
  /** Written to the child's stdin (use it for secrets: never put them in argv). */
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; rejects with its stderr when it exits non-zero. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else {
        const why = signal ? `signal ${signal}` : `exit code ${code}`;
        reject(new Error(`${cmd} ${args.join(' ')} failed (${why}):\n${stderr.trim() || stdout.trim()}`));
      }
    });
    // A tool that exits before reading its input (a failed login, a bad flag) closes the pipe: EPIPE is not our failure.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `aws-ci-kit-${prefix}-`));
}

export interface Daemon {
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code once the process has exited (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  logTail(lines?: number): Promise<string>;
}

const live = new Set<number>();
process.on('exit', () => {
  // Last resort when a test forgot stop() or the worker is torn down: no orphans.
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

/**
 * Test workers can be killed without running 'exit' handlers (vitest's fork
 * pool does), which would orphan daemons. A detached shell polls this process;
 * once it is gone it SIGTERMs the daemon (SIGKILL after 30 s), then unmounts
 * what is left under `cleanupDir` and removes it. It ends by itself when the daemon ends first (normal stop()).
 */
const WATCHDOG = `
alive() { s=$(sed 's/.*) //' /proc/$1/stat 2>/dev/null) || return 1; [ "\${s%% *}" != Z ]; }
while alive "$1"; do alive "$2" || exit 0; sleep 1; done
kill -TERM "$2" 2>/dev/null
i=0; while alive "$2" && [ $i -lt 30 ]; do sleep 1; i=$((i+1)); done
kill -KILL "$2" 2>/dev/null
[ -n "$3" ] || exit 0
awk -v d="$3" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
  while read -r m; do umount -l "$m"; done
rm -rf --one-file-system "$3"
`;

function watchdog(daemonPid: number, cleanupDir = ''): ChildProcess {
  const args = ['-c', WATCHDOG, 'aws-ci-kit-watchdog', String(process.pid), String(daemonPid), cleanupDir];
  const dog = spawn('sh', args, { detached: true, stdio: 'ignore' });
  dog.on('error', () => undefined);
  dog.unref();
  return dog;
}

/** Starts a long-running process with stdout+stderr going to `logFile` (watched, see above). */
export async function startDaemon(
  cmd: string,
  args: string[],
  {
    logFile,
    cleanupDir,
    env = process.env,
  }: { logFile: string; cleanupDir?: string; env?: NodeJS.ProcessEnv },
): Promise<Daemon> {
  const log = await open(logFile, 'a');
  const child = spawn(cmd, args, { env, stdio: ['ignore', log.fd, log.fd] });
  const spawned = new Promise<void>((resolve, reject) => {
    child.on('spawn', resolve);
    child.on('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await spawned;
  } finally {
    await log.close();
  }
  const pid = child.pid as number;
  live.add(pid);
  const dog = watchdog(pid, cleanupDir);
  let running = true;
  void exited.then(() => {
    running = false;
    live.delete(pid);
    dog.kill(); // its job is over; also rules out acting on a reused PID
  });

  const logTail = async (lines = 30): Promise<string> => {
    const text = await readFile(logFile, 'utf8').catch(() => '');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  };

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (!running) return;
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => running && process.kill(pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return { pid, logFile, exited, isRunning: () => running, stop, logTail };
}

/** Polls `probe` until it returns true; fails early when `daemon` exits. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  {
    timeoutMs = 20_000,
    intervalMs = 100,
    daemon,
  }: { timeoutMs?: number; intervalMs?: number; daemon?: Daemon } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (daemon && !daemon.isRunning()) {
      throw new Error(`${what}: the process exited before it was ready. Log:\n${await daemon.logTail()}`);
    }
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const log = daemon ? `\nLog:\n${await daemon.logTail()}` : '';
  throw new Error(`${what}: not ready after ${timeoutMs} ms. ${lastError}${log}`);
}

/**
 * Unmounts anything still mounted under `dir` (dockerd bind-mounts its
 * data-root onto itself and leaves it when it dies early), then deletes `dir`.
 */
export async function removeTree(dir: string): Promise<void> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8').catch(() => '');
  const mounts = mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run('umount', ['-l', m]);
  await rm(dir, { recursive: true, force: true });
}
