import type { CiName, CiRuntime, IdTokenRequest, ServiceConnection } from '@aws-ci-kit/core';

export interface FakeRuntimeOptions {
  readonly ci?: CiName;
  readonly inputs?: Record<string, string>;
  readonly variables?: Record<string, string>;
  readonly environment?: Record<string, string>;
  readonly endpoints?: Record<string, ServiceConnection>;
  readonly idToken?: (request?: IdTokenRequest) => Promise<string>;
  readonly tempDir?: string;
}

/** A recording CiRuntime: what the step masked, logged, exported and saved, in order. */
export function fakeRuntime(options: FakeRuntimeOptions = {}) {
  const record = {
    masks: [] as string[],
    logs: [] as string[],
    variables: {} as Record<string, string>,
    outputs: {} as Record<string, string>,
    state: {} as Record<string, string>,
    failures: [] as unknown[],
  };
  const environment = options.environment ?? {};
  const runtime: CiRuntime = {
    ci: options.ci ?? 'github',
    context: {
      repository: 'octo/webapp',
      runId: '99',
      runAttempt: '2',
      commitSha: 'c0ffee',
      branch: 'main',
      actor: 'octocat',
    },
    tempDir: options.tempDir ?? '/tmp',
    isDebug: true,
    input: (name) => options.inputs?.[name] || undefined,
    variable: (name) => options.variables?.[name] ?? environment[name] ?? undefined,
    environment: () => ({ ...environment }),
    ...(options.endpoints ? { endpoint: (id: string) => options.endpoints?.[id] } : {}),
    ...(options.idToken ? { idToken: options.idToken } : {}),
    mask: (secret) => {
      record.masks.push(secret);
    },
    setVariable: (name, value, o) => {
      if (o?.secret) record.masks.push(value);
      record.variables[name] = value;
    },
    setOutput: (name, value, o) => {
      if (o?.secret) record.masks.push(value);
      record.outputs[name] = value;
    },
    state: {
      save: (key, value) => {
        record.state[key] = value;
      },
      get: (key) => record.state[key],
    },
    exec: async () => ({ code: 0, stdout: '', stderr: '' }),
    log: {
      debug: (m) => record.logs.push(`debug: ${m}`),
      info: (m) => record.logs.push(m),
      warning: (m) => record.logs.push(`warning: ${m}`),
      error: (m) => record.logs.push(`error: ${m}`),
      group: (_title, fn) => fn(),
    },
    summary: async () => {},
    fail: (error) => {
      record.failures.push(error);
    },
  };
  return { runtime, record };
}
