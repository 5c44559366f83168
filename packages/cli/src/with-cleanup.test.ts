import { createGenericRuntime } from '@aws-ci-kit/generic-adapter';
import { describe, expect, it } from 'vitest';
import { withCleanup } from './with-cleanup.ts';

function runtime(logs: string[]) {
  return createGenericRuntime({
    env: {},
    cwd: process.cwd(),
    flags: {},
    writeLog: (line) => logs.push(line),
  });
}

describe('withCleanup', () => {
  it('cleans up once after the work succeeds, and removes its signal handlers', async () => {
    const order: string[] = [];
    const listeners = process.listenerCount('SIGTERM');
    await withCleanup(
      runtime([]),
      async () => {
        order.push('cleanup');
      },
      async () => {
        expect(process.listenerCount('SIGTERM')).toBe(listeners + 1);
        order.push('work');
      },
    );
    expect(order).toEqual(['work', 'cleanup']);
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });

  it('cleans up when the work fails, and the failure stays the error', async () => {
    const order: string[] = [];
    await expect(
      withCleanup(
        runtime([]),
        async () => {
          order.push('cleanup');
        },
        async () => {
          throw new Error('work failed');
        },
      ),
    ).rejects.toThrow('work failed');
    expect(order).toEqual(['cleanup']);
  });

  it('logs a failed clean-up as a warning and does not fail the run for it', async () => {
    const logs: string[] = [];
    await withCleanup(
      runtime(logs),
      async () => {
        throw new Error('docker logout failed');
      },
      async () => {},
    );
    expect(logs).toContain('warning: Clean-up failed: docker logout failed');
  });

  it('runs the work as it is without a cleanup', async () => {
    const listeners = process.listenerCount('SIGTERM');
    let ran = false;
    await withCleanup(runtime([]), undefined, async () => {
      expect(process.listenerCount('SIGTERM')).toBe(listeners);
      ran = true;
    });
    expect(ran).toBe(true);
  });
});
