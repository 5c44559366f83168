import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { EXPORTED_VARIABLES, STATE } from './names.ts';
import { restorePrevious, savePrevious } from './previous-values.ts';

describe('savePrevious / restorePrevious', () => {
  it('keeps previous secrets and files out of the state, and puts everything back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'previous-'));
    const profile = join(dir, 'credentials');
    await writeFile(profile, '[old]\n');
    const missing = join(dir, 'config');
    const state = new Map<string, string>();
    const env = { AWS_SECRET_ACCESS_KEY: 'old-secret', AWS_REGION: 'us-east-1' };
    const main = recordingRuntime({ env, state, tempDir: dir });
    await savePrevious(main, EXPORTED_VARIABLES, [profile, missing]);
    const saved = state.get(STATE.previous) ?? '';
    expect(saved).not.toContain('old-secret');
    expect(saved).toContain('us-east-1');
    expect(main.masks).toEqual(['old-secret']);

    await writeFile(profile, '[new]\n');
    await writeFile(missing, '[profile new]\n');
    const post = recordingRuntime({ state, tempDir: dir });
    await restorePrevious(post, EXPORTED_VARIABLES);
    expect(Object.fromEntries(post.variables)).toEqual({
      AWS_ACCESS_KEY_ID: { value: '', secret: true },
      AWS_SECRET_ACCESS_KEY: { value: 'old-secret', secret: true },
      AWS_SESSION_TOKEN: { value: '', secret: true },
      AWS_REGION: { value: 'us-east-1', secret: false },
      AWS_DEFAULT_REGION: { value: '', secret: false },
    });
    expect(post.unmaskedUses('old-secret')).toEqual([]);
    expect(await readFile(profile, 'utf8')).toBe('[old]\n');
    expect(await readdir(dir)).toEqual(['credentials']);
    expect(post.logText()).toBe(
      'Restored AWS_SECRET_ACCESS_KEY, AWS_REGION to their values before the credentials step; cleared the others.',
    );
  });

  it('nothing saved: nothing to restore', async () => {
    const post = recordingRuntime({});
    await restorePrevious(post, EXPORTED_VARIABLES);
    expect(post.variables.size).toBe(0);
  });
});
