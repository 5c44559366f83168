import { isCiKitError } from '@aws-ci-kit/core';
import { type RecordingRuntimeOptions, recordingRuntime } from '@aws-ci-kit/core/testing';
import type { ChainContext } from '../chain-context.ts';
import { profileFiles } from '../profile-files.ts';
import { readCredentialSettings } from '../read-credential-settings.ts';

/** The AWS Toolkit's input names (the naming style an Azure Pipelines adapter says). */
export const TOOLKIT_NAMES = { inputNaming: 'toolkit' };

/**
 * A chain context over a recording runtime, for the links' unit tests: settings read from the
 * inputs; no HTTP handler (a link that calls AWS is tested against moto in test/credentials).
 */
export function chainContext(options: RecordingRuntimeOptions) {
  const runtime = recordingRuntime(options);
  const settings = readCredentialSettings(runtime);
  const ctx = {
    runtime,
    settings,
    sts: { region: 'eu-central-1', requestHandler: undefined as never, debug: () => {} },
    requestHandler: undefined as never,
    retry: { maxAttempts: 1, totalMs: 1000 },
    defaultSessionName: 'GitHubActions-webapp-99-2',
    profile: profileFiles(runtime, settings.profile),
  } satisfies ChainContext;
  return { ctx, record: runtime };
}

/** The CiKitError a promise rejects with, as the fields a test asserts; throws anything else. */
export async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (!isCiKitError(error)) throw error;
    return { message: error.message, hint: error.hint, tryNextLink: error.tryNextLink, code: error.code };
  }
  throw new Error('expected a failure');
}
