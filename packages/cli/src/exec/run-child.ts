import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { LineRedactor } from './line-redactor.ts';

/** Signals a CI or a terminal sends to stop a job: passed on to the child, which decides. */
export const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
/** After the child exits, how long a grandchild may keep its output open before we stop reading. */
const DRAIN_MS = 2_000;

export interface ChildIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** One line for errors of our own (the command not found). */
  readonly error: (line: string) => void;
  /** Where signals arrive (the process); injectable for tests. */
  readonly signals?: NodeJS.EventEmitter;
}

/** Copies a child stream to ours through the redactor, pausing the child when we are backed up. */
function pipeRedacted(from: Readable, to: Writable, redactor: LineRedactor): Promise<void> {
  return new Promise((resolve) => {
    from.on('data', (chunk: Buffer) => {
      const out = redactor.push(chunk);
      if (out.length > 0 && !to.write(out)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    let finished = false;
    const done = (): void => {
      if (finished) return;
      finished = true;
      const rest = redactor.end();
      if (rest.length > 0) to.write(rest);
      resolve();
    };
    from.once('end', done);
    from.once('close', done);
    from.once('error', done);
  });
}

/** A shell's exit code: the child's, or 128 + the signal's number when a signal ended it. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

/**
 * Runs `command` (no shell) with `env`, standard input inherited, its output redacted into ours,
 * our stop signals forwarded. Resolves with its exit code (127 not found, 126 not executable).
 */
export function runChild(
  command: readonly string[],
  env: Readonly<Record<string, string>>,
  redactors: { stdout: LineRedactor; stderr: LineRedactor },
  io: ChildIo,
): Promise<number> {
  const [file, ...args] = command as [string, ...string[]];
  const signals = io.signals ?? process;
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: ['inherit', 'pipe', 'pipe'] });
    const forward = (signal: NodeJS.Signals) => () => {
      child.kill(signal);
    };
    const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
    for (const [signal, handler] of handlers) signals.on(signal, handler);
    const release = (): void => {
      for (const [signal, handler] of handlers) signals.off(signal, handler);
    };
    const piped = Promise.all([
      pipeRedacted(child.stdout, io.stdout, redactors.stdout),
      pipeRedacted(child.stderr, io.stderr, redactors.stderr),
    ]);
    child.once('error', (error: NodeJS.ErrnoException) => {
      release();
      const missing = error.code === 'ENOENT';
      io.error(
        `aws-ci-kit exec: ${file}: ${missing ? 'command not found' : `cannot run (${error.code ?? error.message})`}`,
      );
      resolve(missing ? 127 : 126);
    });
    child.once('exit', (code, signal) => {
      release();
      // A background grandchild may hold the pipes open: wait a little, then stop reading.
      const timer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, DRAIN_MS);
      void piped.then(() => {
        clearTimeout(timer);
        resolve(exitCodeOf(code, signal));
      });
    });
  });
}
