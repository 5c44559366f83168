import { realpathSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { ANY_CI_LOG_COMMANDS, describeError, errorCode, guardOneLine } from '@aws-ci-kit/core';
import PACKAGE from '../package.json' with { type: 'json' };
import { COMMANDS, type Command } from './commands.ts';
import { runExec } from './exec/exec-command.ts';
import { renderExecHelp, renderHelp, renderMainHelp } from './render-help.ts';
import { runStepCommand } from './run-command.ts';
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
  /** Where `exec` copies its command's (redacted) output; default: the process's own. */
  readonly streams?: { readonly stdout: Writable; readonly stderr: Writable };
}

const defaultIo = (): CliIo => ({
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  streams: { stdout: process.stdout, stderr: process.stderr },
  execPath: process.execPath,
  scriptPath: process.argv[1] ? realpathSync(process.argv[1]) : '',
});

const COMMAND_NAMES = [...Object.keys(COMMANDS), 'exec'];

function findCommand(name: string): Command {
  const command = COMMANDS[name];
  if (command) return command;
  const near = COMMAND_NAMES.find((n) => n.startsWith(name.slice(0, 3)));
  throw new UsageError(
    `aws-ci-kit: unknown command "${name}". ${near ? `Did you mean ${near}? ` : ''}Commands: ${COMMAND_NAMES.join(', ')}.`,
  );
}

/** `aws-ci-kit help [command]`. */
function helpFor(name: string | undefined): string {
  if (name === undefined) return renderMainHelp(Object.values(COMMANDS), PACKAGE.version);
  if (name === 'exec') return renderExecHelp();
  return renderHelp(findCommand(name));
}

function runExecCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const streams = io.streams ?? { stdout: process.stdout, stderr: process.stderr };
  return runExec(argv, {
    env: io.env,
    cwd: io.cwd,
    stdout: streams.stdout,
    stderr: streams.stderr,
    log: io.stderr,
    help: () => renderExecHelp(),
  });
}

/** The `aws-ci-kit` command line. Resolves with the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === '--version' || first === '-v') {
      io.stdout(`${PACKAGE.version}\n`);
      return 0;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(helpFor(first === 'help' ? rest[0] : undefined));
      return 0;
    }
    if (first === undefined)
      throw new UsageError('aws-ci-kit: name a command. Run `aws-ci-kit --help` for the list.');
    if (first === 'exec') return await runExecCommand(rest, io);
    return await runStepCommand(findCommand(first), rest, io);
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
