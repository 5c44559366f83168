import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEcrPushPlan } from '../src/plan.ts';

/**
 * The agent passes every default of task.json, so `sourceImageTag: latest` (ECRPushImage's default)
 * reaches the step on every Azure run: it tags an engine's image name, and reaches an OCI layout or
 * archive path only when the user set another tag (`path:ref`).
 */
describe('sourceImageTag, as the agent passes it', () => {
  let layout: string;
  beforeAll(async () => {
    layout = await mkdtemp(join(tmpdir(), 'layout-'));
    await writeFile(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  });
  afterAll(() => rm(layout, { recursive: true, force: true }));

  const plan = (inputs: Record<string, string>) =>
    readEcrPushPlan(
      recordingRuntime({
        ...AZURE_NAMES,
        inputs: { repositoryName: 'prod/webapp', imageSource: 'imagename', pushTag: '', ...inputs },
        context: { commitSha: 'a'.repeat(40) },
      }),
    );

  it('an engine image gets the default tag', async () => {
    const p = await plan({ sourceImageName: 'webapp', sourceImageTag: 'latest', pushMode: 'cli' });
    expect(p.image).toBe('webapp:latest');
  });

  it('a layout path ignores the default tag, and takes one the user set', async () => {
    expect((await plan({ sourceImageName: layout, sourceImageTag: 'latest' })).path).toEqual({
      path: layout,
    });
    expect((await plan({ sourceImageName: layout, sourceImageTag: 'v2' })).path).toEqual({
      path: layout,
      ref: 'v2',
    });
  });
});
