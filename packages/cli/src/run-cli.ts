import { realpathSync } from 'node:fs';
import { ANY_CI_LOG_COMMANDS, describeError, errorCode, guardOneLine, isCiKitError } from '@aws-ci-kit/core';
import {
  createGenericRuntime,
  EXPORT_FORMATS,
  type ExportFormat,
  inputVariableName,
} from '@aws-ci-kit/generic-adapter';
import PACKAGE from '../package.json' with { type: 'json' };
import { CLI_FLAGS } from './cli-flags.ts';
import { COMMANDS, type Command } from './commands.ts';
import { credentialProcessJson } from './credential-process-json.ts';
import { exportResults } from './export-results.ts';
import { parseFlags } from './parse-flags.ts';
import { renderHelp, renderMainHelp } from './render-help.ts';
import { UsageError } from './usage-error.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface CliIo {
  readonly env: Env;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** `node` and this bundle, for the `credential_process` line. */
  readonly execPath: string;
  readonly scriptPath: string;
}

const defaultIo = (): CliIo => ({
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  execPath: process.execPath,
  scriptPath: process.argv[1] ? realpathSync(process.argv[1]) : '',
});

/** Step errors a user fixes by changing a flag are bad usage (exit 2); others are failures (1). */
const USAGE_CODES = new Set(['InputMissing', 'InputInvalid']);
/** Flags whose value must never be written to a file by the `credential-process` export. */
const SECRET_FLAGS = ['aws-secret-access-key', 'aws-session-token'];
const CLI_FLAG_NAMES = new Set<string>(Object.values(CLI_FLAGS).map((f) => f.name));

function findCommand(name: string): Command {
  const command = COMMANDS[name];
  if (command) return command;
  const names = Object.keys(COMMANDS);
  const near = names.find((n) => n.startsWith(name.slice(0, 3)));
  throw new UsageError(
    `aws-ci-kit: unknown command "${name}". ${near ? `Did you mean ${near}? ` : ''}Commands: ${names.join(', ')}.`,
  );
}

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

/** The `aws-ci-kit` command line. Resolves with the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [first, ...rest] = argv;
  const commands = Object.values(COMMANDS);
  if (first === '--version' || first === '-v') {
    io.stdout(`${PACKAGE.version}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(renderMainHelp(commands, PACKAGE.version));
    return 0;
  }
  try {
    if (first === undefined)
      throw new UsageError('aws-ci-kit: name a command. Run `aws-ci-kit --help` for the list.');
    const command = findCommand(first);
    const parsed = parseFlags(command.name, rest, [...command.inputs, ...Object.values(CLI_FLAGS)]);
    if (parsed.switches.has('help')) {
      io.stdout(renderHelp(command));
      return 0;
    }
    const cliFlag = (name: string): string | undefined =>
      parsed.values[name] ?? (io.env[inputVariableName(name)] || undefined);
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed.values))
      if (!CLI_FLAG_NAMES.has(name)) inputs[name] = value;
    const tokenVariable = cliFlag(CLI_FLAGS.webIdentityTokenEnv.name);
    const quiet = command.name === 'credential-process';
    const runtime = createGenericRuntime({
      env: io.env,
      cwd: io.cwd,
      flags: inputs,
      // credential_process runs on every refresh inside the user's AWS tool: only problems reach stderr.
      writeLog: (line) => {
        if (!quiet || parsed.switches.has('debug') || /^(warning|error)( \[\w+\])?:/.test(line))
          io.stderr(`${line}\n`);
      },
      debug: parsed.switches.has('debug'),
      ...(tokenVariable ? { tokenVariable } : {}),
    });
    const format = chooseExport(command, cliFlag(CLI_FLAGS.export.name), runtime.profile.defaultExport);
    const profileName = runtime.input('aws-profile') ?? 'aws-ci-kit';
    // `profile`: the step writes the keys to the profile itself. `credential-process`: only our
    // credential_process line goes to the profile, so the step must not write keys there.
    if (format === 'profile') inputs['aws-profile'] = profileName;
    if (format === 'credential-process') delete inputs['aws-profile'];
    runtime.log.debug(
      `CI: ${runtime.profile.name}; run context ${JSON.stringify(runtime.context)}; export ${format}.`,
    );
    const given = Object.entries(inputs).map(([name, value]) => `--${name}=${value}`);
    // A secret never goes on a command line: other processes read argv, `set -x` prints it, and the
    // credential-process export would write it into the config file.
    const secretFlag = SECRET_FLAGS.find((name) => inputs[name] !== undefined);
    if (secretFlag) {
      throw new UsageError(
        `aws-ci-kit ${command.name}: --${secretFlag} would put a secret on the command line (and, with --export credential-process, into the AWS config file); set ${inputVariableName(secretFlag)} or AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN in the job's environment instead.`,
      );
    }
    try {
      await command.step(runtime);
      if (command.name === 'credential-process') {
        io.stdout(credentialProcessJson(runtime));
        return 0;
      }
      await exportResults(runtime, {
        format,
        file: cliFlag(CLI_FLAGS.exportFile.name) ?? CLI_FLAGS.exportFile.default,
        env: io.env,
        cwd: io.cwd,
        writeStdout: io.stdout,
        profileName,
        credentialProcess: [
          io.execPath,
          io.scriptPath,
          'credential-process',
          ...given,
          ...(tokenVariable ? [`--${CLI_FLAGS.webIdentityTokenEnv.name}=${tokenVariable}`] : []),
        ],
      });
      return 0;
    } catch (error) {
      runtime.fail(error);
      return isCiKitError(error) && USAGE_CODES.has(error.code) ? 2 : 1;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${guardOneLine(error.message, ANY_CI_LOG_COMMANDS)}\n`);
      return 2;
    }
    // The one guard: stderr may be read by a GitHub or an Azure script step.
    io.stderr(
      `${guardOneLine(`error [${errorCode(error)}]: ${describeError(error)}`, ANY_CI_LOG_COMMANDS)}\n`,
    );
    return 1;
  }
}
