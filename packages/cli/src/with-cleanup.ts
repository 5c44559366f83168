import { constants } from 'node:os';
import { describeError } from '@aws-ci-kit/core';
import type { GenericRuntime } from '@aws-ci-kit/generic-adapter';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * Runs `work`, then `cleanup` (what a post step would undo) however it ends: on success, on failure,
 * and on SIGTERM/SIGINT/SIGHUP, after which the process exits 128+N like a shell. Without a cleanup,
 * `work` runs as it is.
 */
export async function withCleanup(
  runtime: GenericRuntime,
  cleanup: ((runtime: GenericRuntime) => Promise<void>) | undefined,
  work: () => Promise<void>,
): Promise<void> {
  if (!cleanup) return work();
  let cleaned: Promise<void> | undefined;
  const clean = (): Promise<void> => {
    cleaned ??= cleanup(runtime).catch((error: unknown) => {
      runtime.log.warning(`Clean-up failed: ${describeError(error)}`);
    });
    return cleaned;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    runtime.log.info(`${signal}: cleaning up, then stopping.`);
    void clean().finally(() => process.exit(128 + (constants.signals[signal] ?? 0)));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    await work();
  } finally {
    await clean();
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}
