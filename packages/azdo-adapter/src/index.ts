export { createAzureRuntime } from './azure-runtime.ts';
export { guardCommands } from './command-guard.ts';
export { runOnAzure } from './run-on-azure.ts';
export { runPostOnAzure } from './run-post-on-azure.ts';
