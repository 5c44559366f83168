import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CiName,
  type CiRuntime,
  describeError,
  type RunContext,
  secretLines,
  spawnProcess,
} from '@aws-ci-kit/core';

export interface ExecCall {
  command: string;
  args: readonly string[];
  stdin: boolean;
}

export interface RecordingRuntime extends CiRuntime {
  readonly masked: Set<string>;
  readonly variables: Map<string, string>;
  readonly outputs: Map<string, string>;
  readonly stateMap: Map<string, string>;
  readonly execs: ExecCall[];
  readonly summaries: string[];
  readonly lines: string[];
  readonly failures: string[];
  /** Every line the runtime would print, masks applied as a CI would. */
  printed(): string;
}

export interface RecordingOptions {
  ci?: CiName;
  debug?: boolean;
  context?: RunContext;
  /** Environment for exec'd tools (e.g. DOCKER_HOST of a private engine). */
  env?: Record<string, string | undefined>;
  variables?: Record<string, string>;
  /** Reuse the state of a previous (main) run, for the post step. */
  state?: Map<string, string>;
  tempDir?: string;
}

/** A CiRuntime that records everything and runs tools for real (no shell, like the adapters). */
export function recordingRuntime(
  inputs: Record<string, string>,
  options: RecordingOptions = {},
): RecordingRuntime {
  const masked = new Set<string>();
  const variables = new Map<string, string>(Object.entries(options.variables ?? {}));
  const outputs = new Map<string, string>();
  const stateMap = options.state ?? new Map<string, string>();
  const execs: ExecCall[] = [];
  const summaries: string[] = [];
  const lines: string[] = [];
  const failures: string[] = [];
  const print = (line: string): void => {
    lines.push(line);
  };
  const mask = (secret: string): void => {
    for (const piece of secretLines(secret)) masked.add(piece);
  };
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...options.env,
  };
  const runtime: RecordingRuntime = {
    ci: options.ci ?? 'github',
    context: options.context ?? {},
    tempDir: options.tempDir ?? mkdtempSync(join(tmpdir(), 'ecr-step-')),
    isDebug: options.debug ?? false,
    masked,
    variables,
    outputs,
    stateMap,
    execs,
    summaries,
    lines,
    failures,
    printed: () => {
      let text = lines.join('\n');
      for (const secret of [...masked].sort((a, b) => b.length - a.length))
        text = text.split(secret).join('***');
      return text;
    },
    input: (name) => {
      const value = inputs[name]?.trim();
      return value ? value : undefined;
    },
    variable: (name) => variables.get(name) ?? env[name],
    environment: () => ({ ...env }),
    mask,
    setVariable: (name, value, opts) => {
      if (opts?.secret) mask(value);
      variables.set(name, value);
      print(`[variable] ${name}=${value}`);
    },
    setOutput: (name, value, opts) => {
      if (opts?.secret) mask(value);
      outputs.set(name, value);
      print(`[output] ${name}=${value}`);
    },
    state: { save: (k, v) => void stateMap.set(k, v), get: (k) => stateMap.get(k) },
    exec: (command, args, opts = {}) => {
      execs.push({ command, args: [...args], stdin: opts.stdin !== undefined });
      if (!opts.silent) print(`[command]${command} ${args.join(' ')}`);
      return spawnProcess(command, args, { ...opts, baseEnv: env }, (line) => print(line));
    },
    log: {
      debug: (m) => {
        if (options.debug) print(`[debug] ${m}`);
      },
      info: (m) => print(m),
      warning: (m) => print(`[warning] ${m}`),
      error: (m) => print(`[error] ${m}`),
      group: async (title, fn) => {
        print(`[group] ${title}`);
        try {
          return await fn();
        } finally {
          print('[endgroup]');
        }
      },
    },
    summary: async (markdown) => {
      summaries.push(markdown);
    },
    fail: (error) => {
      failures.push(describeError(error));
      print(`[failed] ${describeError(error)}`);
    },
  };
  return runtime;
}

/** Runs a step the way the entry files do: failures reported through `fail`, never thrown. */
export async function runStep(runtime: CiRuntime, step: (rt: CiRuntime) => Promise<void>): Promise<void> {
  try {
    await step(runtime);
  } catch (error) {
    runtime.fail(error);
  }
}
