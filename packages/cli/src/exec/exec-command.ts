import { credentialsStep } from '@aws-ci-kit/aws-credentials';
import { isCiKitError, type Step } from '@aws-ci-kit/core';
import { createGenericRuntime, type GenericRuntime, inputVariableName } from '@aws-ci-kit/generic-adapter';
import { ssmSecretStep } from '@aws-ci-kit/ssm-secret';
import { CLI_FLAGS } from '../cli-flags.ts';
import type { FlagSpec } from '../commands.ts';
import { SESSION_MARKER, sessionMarker } from '../job-session.ts';
import { type ParsedFlags, parseFlags } from '../parse-flags.ts';
import { refuseSecretFlags } from '../secret-flags.ts';
import { UsageError } from '../usage-error.ts';
import { childEnvironment, withCredentials, withoutInputs } from './child-environment.ts';
import {
  CREDENTIAL_INPUT_NAMES,
  EXEC_CREDENTIAL_FLAGS,
  EXEC_SECRET_FLAGS,
  NOT_FOR_EXEC,
  TRANSPORT_INPUTS,
} from './exec-flags.ts';
import { lineRedactor } from './line-redactor.ts';
import { type ChildIo, runChild } from './run-child.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ExecIo extends Omit<ChildIo, 'error'> {
  readonly env: Env;
  readonly cwd: string;
  /** Our own lines (logs, errors) on stderr. */
  readonly log: (text: string) => void;
  readonly help: () => string;
}

export const EXEC_OWN_FLAGS: readonly FlagSpec[] = [
  CLI_FLAGS.webIdentityTokenEnv,
  CLI_FLAGS.debug,
  CLI_FLAGS.help,
];
export const EXEC_FLAGS: readonly FlagSpec[] = [
  ...EXEC_CREDENTIAL_FLAGS,
  ...EXEC_SECRET_FLAGS,
  ...EXEC_OWN_FLAGS,
];
const USAGE = 'aws-ci-kit exec [flags] -- <command> [args...]';
const USAGE_CODES = new Set(['InputMissing', 'InputInvalid']);

/** A step failed and said so in its one line; `exitCode` is ours (1, or 2 for a bad flag). */
class StepFailed extends Error {
  constructor(readonly exitCode: number) {
    super('step failed');
  }
}

function pick(values: Record<string, string>, names: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) if (values[name] !== undefined) out[name] = values[name];
  return out;
}

function makeRuntime(
  io: ExecIo,
  env: Env,
  flags: Record<string, string>,
  parsed: ParsedFlags,
): GenericRuntime {
  const tokenVariable = parsed.values[CLI_FLAGS.webIdentityTokenEnv.name];
  return createGenericRuntime({
    env,
    cwd: io.cwd,
    flags,
    writeLog: (line) => io.log(`${line}\n`),
    debug: parsed.switches.has('debug'),
    redactsLaterOutput: true,
    ...(tokenVariable ? { tokenVariable } : {}),
  });
}

async function runStep(runtime: GenericRuntime, step: Step): Promise<void> {
  try {
    await step(runtime);
  } catch (error) {
    runtime.fail(error);
    throw new StepFailed(isCiKitError(error) && USAGE_CODES.has(error.code) ? 2 : 1);
  }
}

function setValues(runtime: GenericRuntime): Map<string, string> {
  return new Map([...runtime.variables].map(([name, v]) => [name, v.value]));
}

interface Resolved {
  readonly credentials: Map<string, string>;
  readonly secrets: Map<string, string>;
  /** Every value to redact from the child's output. */
  readonly masked: string[];
}

/**
 * Runs the credentials step once (the role is assumed here, at most once), then, when names or
 * paths are asked for, the ssm-secret step with exactly those credentials and no credential input.
 */
async function resolveValues(io: ExecIo, parsed: ParsedFlags): Promise<Resolved> {
  const credentialsRuntime = makeRuntime(
    io,
    withoutInputs(io.env, NOT_FOR_EXEC, inputVariableName),
    pick(parsed.values, CREDENTIAL_INPUT_NAMES),
    parsed,
  );
  await runStep(credentialsRuntime, credentialsStep);
  const credentials = setValues(credentialsRuntime);
  // A nested aws-ci-kit asking for the same role uses these keys (job-session.ts).
  const marker = sessionMarker(credentialsRuntime);
  if (marker) credentials.set(SESSION_MARKER, marker);
  const masked = credentialsRuntime.maskedValues();
  const wanted = (name: string) => parsed.values[name] ?? io.env[inputVariableName(name)];
  if (!wanted('names')?.trim() && !wanted('paths')?.trim())
    return { credentials, secrets: new Map(), masked };
  const sources = [...CREDENTIAL_INPUT_NAMES].filter((n) => !TRANSPORT_INPUTS.has(n));
  const ssmRuntime = makeRuntime(
    io,
    withCredentials(withoutInputs(io.env, [...sources, ...NOT_FOR_EXEC], inputVariableName), credentials),
    {
      ...pick(parsed.values, [...EXEC_SECRET_FLAGS.map((f) => f.name), ...TRANSPORT_INPUTS]),
      'verify-identity': 'false',
    },
    parsed,
  );
  await runStep(ssmRuntime, ssmSecretStep);
  return {
    credentials,
    secrets: setValues(ssmRuntime),
    masked: [...masked, ...ssmRuntime.maskedValues()],
  };
}

function splitCommand(argv: readonly string[]): { flags: string[]; command: string[] } {
  const at = argv.indexOf('--');
  if (at === -1) return { flags: [...argv], command: [] };
  return { flags: argv.slice(0, at), command: argv.slice(at + 1) };
}

/**
 * `aws-ci-kit exec [flags] -- <command> [args...]`: credentials (and SSM/Secrets Manager values) in
 * the command's environment only; its output redacted, its exit code ours, our signals its own.
 */
export async function runExec(argv: readonly string[], io: ExecIo): Promise<number> {
  const split = splitCommand(argv);
  const parsed = parseFlags('exec', split.flags, EXEC_FLAGS);
  if (parsed.switches.has('help')) {
    io.stdout.write(io.help());
    return 0;
  }
  if (split.command.length === 0 || split.command[0] === '')
    throw new UsageError(`aws-ci-kit exec: name the command to run after \`--\`: ${USAGE}.`);
  refuseSecretFlags('exec', parsed.values);
  let resolved: Resolved;
  try {
    resolved = await resolveValues(io, parsed);
  } catch (error) {
    if (error instanceof StepFailed) return error.exitCode;
    throw error;
  }
  const env = childEnvironment(io.env, resolved.secrets, resolved.credentials);
  return runChild(
    split.command,
    env,
    { stdout: lineRedactor(resolved.masked), stderr: lineRedactor(resolved.masked) },
    { ...io, error: (line) => io.log(`${line}\n`) },
  );
}
