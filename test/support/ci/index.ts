/** One CI simulator for bundle tests: the CIs' protocol parsers, the mask checker and the runner. */
export { isTrue, parseVsoCommands, parseVsoLine, unescapeVso, type VsoCommand } from './azure-protocol.ts';
export { parseFileCommands, parseWorkflowCommands, RESUME, type WorkflowCommand } from './github-protocol.ts';
export {
  type EntryManifest,
  effectiveInputs,
  evaluateGithubDefault,
  expandAzureMacros,
  GITHUB_EXPRESSION_VALUES,
  manifestInputs,
  manifestPath,
  type PostWhen,
  readManifest,
  rootAzurePath,
  unexpectedInputs,
} from './manifest.ts';
export {
  applyMasks,
  assertMaskedBeforeUse,
  type OutputEvent,
  SecretLeak,
  secretPieces,
} from './mask-check.ts';
export {
  type AzureEndpoint,
  azureKey,
  type CiRun,
  ciEnv,
  inputKey,
  POST_FLAG,
  RUN_CONTEXT,
  type RunStepOptions,
  runStep,
} from './run-step.ts';
export {
  azureView,
  type Ci,
  type CiCommand,
  type Entries,
  GITHUB_FILES,
  type GithubFile,
  githubView,
  type StepProcess,
  type StepView,
} from './step-view.ts';
