export { exampleRules } from './example-rules.ts';
export { createExampleRuntime } from './example-runtime.ts';
export { runOnExample } from './run-on-example.ts';
