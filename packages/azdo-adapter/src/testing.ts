import type { CiRules } from '@aws-ci-kit/core';
import { azurePipelinesRules } from './azure-rules.ts';

/**
 * For a capability's tests (`recordingRuntime({ ...AZURE_NAMES, inputs })`): Azure Pipelines' name,
 * input naming style and session prefix, from this adapter's own rules; everything else stays the
 * recording runtime's lenient default. Pass `azurePipelinesRules` as `rules` to test every rule.
 */
export const AZURE_NAMES: { readonly ci: string; readonly rules: Partial<CiRules> } = (() => {
  const { displayName, sessionPrefix, inputNaming } = azurePipelinesRules(() => undefined);
  return { ci: 'azure-pipelines', rules: { displayName, sessionPrefix, inputNaming } };
})();
