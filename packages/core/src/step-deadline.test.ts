import { describe, expect, it } from 'vitest';
import { describeError } from './errors.ts';
import { stepDeadlineOf, withStepDeadline } from './step-deadline.ts';
import { recordingRuntime } from './testing/recording-runtime.ts';

const spec = {
  input: { name: 'timeout-seconds', styles: { toolkit: 'timeoutSeconds' } },
  defaultSeconds: 120,
  step: 'The test step',
};

describe('withStepDeadline', () => {
  it('fails in one line naming what the step waited for, and aborts its signal', async () => {
    const runtime = recordingRuntime({ inputs: { 'timeout-seconds': '1' } });
    let signal: AbortSignal | undefined;
    const started = Date.now();
    const error = await withStepDeadline(runtime, spec, (deadline) => {
      signal = deadline.signal;
      deadline.waitingFor('an answer from ssm.eu-west-1.amazonaws.com (GetParameters)');
      return new Promise<void>(() => {});
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(describeError(error)).toBe(
      'The test step did not finish within 1 s (`timeout-seconds`): it was waiting for an answer from ssm.eu-west-1.amazonaws.com (GetParameters). Fix: Check that the endpoint answers (network, proxy, endpoint URL), or raise `timeout-seconds`.',
    );
    expect(signal?.aborted).toBe(true);
  });

  it('takes a listener per request in flight without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.name);
    };
    process.on('warning', onWarning);
    try {
      await withStepDeadline(recordingRuntime(), spec, async (deadline) => {
        const listeners = Array.from({ length: 50 }, () => () => {});
        for (const l of listeners) deadline.signal.addEventListener('abort', l);
        await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on the next tick
        for (const l of listeners) deadline.signal.removeEventListener('abort', l);
      });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('is on by default, 0 turns it off, and the step sees it through the runtime', async () => {
    const on = recordingRuntime();
    await withStepDeadline(on, spec, async (deadline) => {
      expect(deadline.ms).toBe(120_000);
      expect(stepDeadlineOf(on)).toBe(deadline);
    });
    const off = recordingRuntime({ inputs: { 'timeout-seconds': '0' } });
    await withStepDeadline(off, spec, async (deadline) => {
      expect(deadline.ms).toBe(Number.POSITIVE_INFINITY);
    });
  });

  it('reads its input before any work: garbage fails at once', async () => {
    let ran = false;
    const runtime = recordingRuntime({ inputs: { 'timeout-seconds': 'soon' } });
    await expect(
      withStepDeadline(runtime, spec, async () => {
        ran = true;
      }),
    ).rejects.toThrow(/`timeout-seconds` must be a whole number/);
    expect(ran).toBe(false);
  });
});
