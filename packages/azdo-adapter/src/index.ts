export { azurePipelinesRules, MULTILINE_SECRET_OPT_IN } from './azure-rules.ts';
export { createAzureRuntime } from './azure-runtime.ts';
export { guardCommands } from './command-guard.ts';
export { runOnAzure } from './run-on-azure.ts';
