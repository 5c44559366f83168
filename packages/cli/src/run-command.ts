import { isCiKitError } from '@aws-ci-kit/core';
import {
  createGenericRuntime,
  EXPORT_FORMATS,
  type ExportFormat,
  type GenericRuntime,
  inputVariableName,
} from '@aws-ci-kit/generic-adapter';
import { CLI_FLAG_NAMES, CLI_FLAGS } from './cli-flags.ts';
import type { Command } from './commands.ts';
import { credentialProcessJson } from './credential-process-json.ts';
import { exportResults } from './export-results.ts';
import { type JobSession, reuseJobSession, SESSION_MARKER, sessionMarker } from './job-session.ts';
import { type ParsedFlags, parseFlags } from './parse-flags.ts';
import { credentialProcessArgv, withoutServedProfile } from './profile-command.ts';
import { renderHelp } from './render-help.ts';
import type { CliIo } from './run-cli.ts';
import { refuseSecretFlags } from './secret-flags.ts';
import { UsageError } from './usage-error.ts';
import { withCleanup } from './with-cleanup.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Step errors a user fixes by changing a flag are bad usage (exit 2); others are failures (1). */
const USAGE_CODES = new Set(['InputMissing', 'InputInvalid']);
const PROFILE_FORMATS = new Set(['profile', 'credential-process']);

function chooseExport(command: Command, wanted: string | undefined, fallback: ExportFormat): ExportFormat {
  if (command.name === 'credential-process') return 'none';
  const format = wanted ?? fallback;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format) || !command.exports.includes(format)) {
    throw new UsageError(
      `aws-ci-kit ${command.name}: --export ${format} is not a format of this command; use one of ${command.exports.join(', ')}.`,
    );
  }
  return format as ExportFormat;
}

/** The environment the step sees: the job's, shaped by the CLI flags that stand for variables. */
function stepEnvironment(command: Command, env: Env, parsed: ParsedFlags): Env {
  const served = parsed.values[CLI_FLAGS.servesProfile.name];
  const dockerConfig = parsed.values[CLI_FLAGS.dockerConfig.name];
  const out = command.name === 'credential-process' ? withoutServedProfile(env, served) : env;
  return dockerConfig ? { ...out, DOCKER_CONFIG: dockerConfig } : out;
}

/**
 * The credential_process line names the region the step resolved: the command ignores the profile
 * that launches it (and so that profile's `region`), and a later step may have no AWS_REGION.
 */
function withRegion(argv: string[], given: Record<string, string>, runtime: GenericRuntime): string[] {
  const region = runtime.variables.get('AWS_REGION')?.value;
  return given['aws-region'] || !region ? argv : [...argv, `--aws-region=${region}`];
}

/** A profile is written while keys are in the environment: every AWS tool would use the keys instead. */
function warnKeysOverrideProfile(runtime: GenericRuntime, env: Env, profile: string): void {
  if (!env.AWS_ACCESS_KEY_ID) return;
  runtime.log.warning(
    `AWS_ACCESS_KEY_ID is set in this environment: AWS tools use it before any profile, so where it stays set AWS_PROFILE=${profile} is ignored and they run as those keys. Unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN where the profile is used (e.g. \`unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN\`, or \`env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN <command>\`).`,
  );
}

interface Prepared {
  readonly runtime: GenericRuntime;
  readonly format: ExportFormat;
  readonly profileName: string;
  /** The flags as given (before a reused session dropped the role): what a profile line repeats. */
  readonly given: Record<string, string>;
  readonly reused: boolean;
  readonly credentialProcess?: string[];
  readonly cliFlag: (name: string) => string | undefined;
}

/** The runtime, and its flags (read on each `input()`, so the export format can still set some). */
function makeRuntime(
  command: Command,
  io: CliIo,
  parsed: ParsedFlags,
  session: JobSession,
  cliFlag: Prepared['cliFlag'],
): { runtime: GenericRuntime; flags: Record<string, string> } {
  const tokenVariable = cliFlag(CLI_FLAGS.webIdentityTokenEnv.name);
  const quiet = command.name === 'credential-process';
  const flags = { ...session.flags };
  const runtime = createGenericRuntime({
    env: session.env,
    cwd: io.cwd,
    flags,
    // credential_process runs on every refresh inside the user's AWS tool: only problems reach stderr.
    writeLog: (line) => {
      if (!quiet || parsed.switches.has('debug') || /^(warning|error)( \[\w+\])?:/.test(line))
        io.stderr(`${line}\n`);
    },
    debug: parsed.switches.has('debug'),
    ...(tokenVariable ? { tokenVariable } : {}),
  });
  return { runtime, flags };
}

/** Flags, environment, runtime and export format, all checked before the step runs. */
function prepare(command: Command, parsed: ParsedFlags, io: CliIo): Prepared {
  const cliFlag = (name: string): string | undefined =>
    parsed.values[name] ?? (io.env[inputVariableName(name)] || undefined);
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.values))
    if (!CLI_FLAG_NAMES.has(name)) given[name] = value;
  refuseSecretFlags(command.name, given);
  const session = reuseJobSession(stepEnvironment(command, io.env, parsed), given);
  const { runtime, flags } = makeRuntime(command, io, parsed, session, cliFlag);
  if (session.reused)
    runtime.log.info(
      `Using the session of ${session.reused} that an earlier aws-ci-kit command of this job made (${SESSION_MARKER}): the role is not assumed again.`,
    );
  const format = chooseExport(command, cliFlag(CLI_FLAGS.export.name), runtime.profile.defaultExport);
  const profileName = runtime.input('aws-profile') ?? 'aws-ci-kit';
  // `profile`: the step writes the keys to the profile itself. `credential-process`: only our
  // credential_process line goes to the profile, so the step must not write keys there (an empty
  // flag also hides AWS_CI_KIT_AWS_PROFILE).
  if (format === 'profile') flags['aws-profile'] = profileName;
  if (format === 'credential-process') flags['aws-profile'] = '';
  const { 'aws-profile': _profile, ...lineInputs } = given;
  const credentialProcess =
    format === 'credential-process'
      ? credentialProcessArgv({
          execPath: io.execPath,
          scriptPath: io.scriptPath,
          profile: profileName,
          inputs: lineInputs,
          tokenVariable: cliFlag(CLI_FLAGS.webIdentityTokenEnv.name),
        })
      : undefined;
  runtime.log.debug(
    `CI: ${runtime.profile.name}; run context ${JSON.stringify(runtime.context)}; export ${format}.`,
  );
  if (PROFILE_FORMATS.has(format)) warnKeysOverrideProfile(runtime, io.env, profileName);
  const reused = session.reused !== undefined;
  return {
    runtime,
    format,
    profileName,
    given,
    reused,
    cliFlag,
    ...(credentialProcess ? { credentialProcess } : {}),
  };
}

/** Hands on what the step set, the way `--export` says (with the session marker after `credentials`). */
async function handOn(command: Command, p: Prepared, io: CliIo): Promise<void> {
  const { runtime } = p;
  if (command.name === 'credential-process') {
    io.stdout(credentialProcessJson(runtime));
    return;
  }
  if (command.name === 'credentials' && runtime.variables.has('AWS_ACCESS_KEY_ID')) {
    const marker = p.reused ? io.env[SESSION_MARKER] : sessionMarker(runtime);
    if (marker) runtime.setVariable(SESSION_MARKER, marker);
  }
  await exportResults(runtime, {
    format: p.format,
    file: p.cliFlag(CLI_FLAGS.exportFile.name) ?? CLI_FLAGS.exportFile.default,
    env: io.env,
    cwd: io.cwd,
    writeStdout: io.stdout,
    profileName: p.profileName,
    ...(p.credentialProcess ? { credentialProcess: withRegion(p.credentialProcess, p.given, runtime) } : {}),
  });
}

/** Runs one capability's step as a subcommand and hands its results on (`--export`). */
export async function runStepCommand(command: Command, argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(command.name, argv, [...command.inputs, ...command.cliFlags]);
  if (parsed.switches.has('help')) {
    io.stdout(renderHelp(command));
    return 0;
  }
  const prepared = prepare(command, parsed, io);
  const { runtime } = prepared;
  try {
    await withCleanup(runtime, command.cleanup, () => command.step(runtime));
    await handOn(command, prepared, io);
    return 0;
  } catch (error) {
    runtime.fail(error);
    return isCiKitError(error) && USAGE_CODES.has(error.code) ? 2 : 1;
  }
}
