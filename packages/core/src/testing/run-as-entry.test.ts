import { describe, expect, it } from 'vitest';
import { CiKitError } from '../errors.ts';
import { recordingRuntime, runAsEntry } from './index.ts';

describe('runAsEntry', () => {
  it('reports a thrown error through fail instead of rethrowing it', async () => {
    const runtime = recordingRuntime();
    const error = new CiKitError('input', 'Bad input.', { hint: 'Fix it.' });
    await expect(
      runAsEntry(runtime, async () => {
        throw error;
      }),
    ).resolves.toBeUndefined();
    expect(runtime.failures).toEqual([error]);
    expect(runtime.events.at(-1)).toEqual({ kind: 'fail', message: 'Bad input. Fix: Fix it.' });
  });

  it('leaves a successful step alone and hands it the runtime', async () => {
    const runtime = recordingRuntime();
    await runAsEntry(runtime, async (rt) => rt.setOutput('done', 'yes'));
    expect(runtime.failures).toEqual([]);
    expect(runtime.outputs.get('done')).toEqual({ value: 'yes', secret: false });
  });
});
