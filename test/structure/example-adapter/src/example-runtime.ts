import { tmpdir } from 'node:os';
import {
  type CiRuntime,
  describeError,
  errorCode,
  guardOutput,
  secretLines,
  spawnProcess,
  toolEnvironment,
} from '@aws-ci-kit/core';
import { exampleRules } from './example-rules.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Example CI's runtime: inputs are `EXAMPLE_INPUT_<NAME>` variables, the log is stderr with secrets redacted. */
export function createExampleRuntime(env: Env, writeLog: (line: string) => void): CiRuntime {
  const rules = exampleRules();
  const masked = new Set<string>();
  const redact = (text: string): string =>
    [...masked].reduce((out, piece) => out.split(piece).join('***'), text);
  const write = (line: string): void => writeLog(guardOutput(redact(line), rules.logCommands));
  const read = (name: string): string | undefined => env[name]?.trim() || undefined;
  const mask = (secret: string): void => {
    for (const piece of secretLines(secret)) masked.add(piece);
  };
  const states = new Map<string, string>();
  return {
    ci: 'example',
    rules,
    context: {},
    tempDir: read('EXAMPLE_TEMP') ?? tmpdir(),
    isDebug: read('EXAMPLE_DEBUG') === 'true',
    input: (name) => read(rules.inputLabel(name)),
    variable: read,
    environment: () => ({ ...env }),
    mask,
    isMasked: (value) => masked.has(value),
    setVariable: (name, value, options) => {
      if (options?.secret) mask(value);
      write(`variable ${name} set`);
    },
    setOutput: (name, value, options) => {
      if (options?.secret) mask(value);
      write(`output ${name} set`);
    },
    state: { save: (key, value) => void states.set(key, value), get: (key) => states.get(key) },
    exec: (command, args, options = {}) =>
      spawnProcess(command, args, { ...options, baseEnv: toolEnvironment(env) }, write),
    log: {
      debug: (message) => write(`debug: ${message}`),
      info: write,
      warning: (message) => write(`warning: ${message}`),
      error: (message) => write(`error: ${message}`),
      group: (title, fn) => {
        write(`--- ${title}`);
        return fn();
      },
    },
    summary: async () => {},
    fail: (error) => {
      write(`error [${errorCode(error)}]: ${describeError(error)}`);
      process.exitCode = 1;
    },
  };
}
