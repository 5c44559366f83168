import { tmpdir } from 'node:os';
import { type CiName, type CiRuntime, describeError, type ExecResult } from '@aws-ci-kit/core';

/** Everything a step did through the runtime, in order. */
export type RuntimeEvent =
  | { kind: 'mask'; value: string }
  | { kind: 'variable' | 'output'; name: string; value: string; secret: boolean }
  | { kind: 'log'; level: 'debug' | 'info' | 'warning' | 'error'; message: string }
  | { kind: 'fail'; message: string };

export interface FakeRuntime extends CiRuntime {
  readonly events: RuntimeEvent[];
  readonly masked: Set<string>;
  readonly variables: Map<string, { value: string; secret: boolean }>;
  readonly outputs: Map<string, { value: string; secret: boolean }>;
  /** All log text, in order. */
  logText(): string;
}

/** A recording CiRuntime: inputs from a map, every call recorded. */
export function fakeRuntime(
  inputs: Record<string, string> = {},
  options: { ci?: CiName; debug?: boolean; variables?: Record<string, string> } = {},
): FakeRuntime {
  const events: RuntimeEvent[] = [];
  const masked = new Set<string>();
  const variables = new Map<string, { value: string; secret: boolean }>();
  const outputs = new Map<string, { value: string; secret: boolean }>();
  const state = new Map<string, string>();
  const log = (level: 'debug' | 'info' | 'warning' | 'error') => (message: string) => {
    events.push({ kind: 'log', level, message });
  };
  const mask = (value: string): void => {
    events.push({ kind: 'mask', value });
    masked.add(value);
  };
  return {
    ci: options.ci ?? 'github',
    context: {},
    tempDir: tmpdir(),
    isDebug: options.debug ?? false,
    events,
    masked,
    variables,
    outputs,
    logText: () =>
      events
        .filter((e): e is Extract<RuntimeEvent, { kind: 'log' }> => e.kind === 'log')
        .map((e) => e.message)
        .join('\n'),
    input: (name) => {
      const value = inputs[name]?.trim();
      return value ? value : undefined;
    },
    variable: (name) => options.variables?.[name] || undefined,
    environment: () => ({}),
    mask,
    setVariable: (name, value, opts) => {
      if (opts?.secret) mask(value);
      events.push({ kind: 'variable', name, value, secret: opts?.secret ?? false });
      variables.set(name, { value, secret: opts?.secret ?? false });
    },
    setOutput: (name, value, opts) => {
      if (opts?.secret) mask(value);
      events.push({ kind: 'output', name, value, secret: opts?.secret ?? false });
      outputs.set(name, { value, secret: opts?.secret ?? false });
    },
    state: { save: (k, v) => void state.set(k, v), get: (k) => state.get(k) },
    exec: async (): Promise<ExecResult> => {
      throw new Error('exec is not expected in this step');
    },
    log: {
      debug: log('debug'),
      info: log('info'),
      warning: log('warning'),
      error: log('error'),
      group: async (_title, fn) => fn(),
    },
    summary: async () => {},
    fail: (error) => events.push({ kind: 'fail', message: describeError(error) }),
  };
}
