import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AZURE_NAMES } from '@aws-ci-kit/azdo-adapter/testing';
import { describeError, spawnProcess } from '@aws-ci-kit/core';
import {
  type RecordingRuntime,
  type RecordingRuntimeOptions,
  recordingRuntime,
} from '@aws-ci-kit/core/testing';
import { manifestInputs } from '../../support/ci/index.ts';

const ECR_PUSH = resolve(import.meta.dirname, '../../../packages/ecr-push');

export type ToolRuntimeOptions = Omit<RecordingRuntimeOptions, 'inputs' | 'exec'>;

/**
 * core's recording runtime, running tools for real (no shell, as the adapters do) with their output
 * in its log. The environment is this process's PATH and HOME under `options.env`; the temp dir a
 * fresh one unless given. The inputs are those the runner / agent passes: the test's, and every other
 * input ecr-push's action.yml / task.json declares with its default.
 */
export function toolRuntime(
  inputs: Readonly<Record<string, string>>,
  options: ToolRuntimeOptions = {},
): RecordingRuntime {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
  const runtime: RecordingRuntime = recordingRuntime({
    tempDir: mkdtempSync(join(tmpdir(), 'ecr-step-')),
    ...options,
    // Azure's input names, display name and session prefix, as its adapter says them.
    ...(options.ci === 'azure-pipelines' ? { rules: { ...AZURE_NAMES.rules, ...options.rules } } : {}),
    inputs: manifestInputs(ECR_PUSH, options.ci ?? 'github', inputs),
    env,
    exec: (command, args, opts) =>
      spawnProcess(command, args, { ...opts, baseEnv: env }, (line) => runtime.log.info(line)),
  });
  return runtime;
}

/** The one line each failure printed. */
export const failures = (runtime: RecordingRuntime): string[] => runtime.failures.map(describeError);
