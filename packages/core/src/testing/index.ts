/** Test helpers for steps built on core: `@aws-ci-kit/core/testing`. */

export type { RecordingProxy, RecordingProxyOptions } from './recording-proxy.ts';
export { startRecordingProxy } from './recording-proxy.ts';
export type { RecordingRuntime, RecordingRuntimeOptions } from './recording-runtime.ts';
export { recordingRuntime } from './recording-runtime.ts';
export { runAsEntry } from './run-as-entry.ts';
