import { inputVariableName } from '@aws-ci-kit/generic-adapter';
import type { Command, FlagSpec } from './commands.ts';
import { EXEC_OWN_FLAGS } from './exec/exec-command.ts';
import { EXEC_CREDENTIAL_FLAGS, EXEC_SECRET_FLAGS } from './exec/exec-flags.ts';
import { SECRET_FLAGS } from './secret-flags.ts';

export const EXEC_SUMMARY =
  "Runs a command with AWS credentials (and, with --names/--paths, SSM parameters or Secrets Manager values) in its environment only: nothing printed for a shell to evaluate, nothing written to disk. Its output passes through with every secret replaced by ***; its exit code is the command's.";

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${indent}${l}`)).join('\n');
}

function flagLines(flags: readonly FlagSpec[]): string[] {
  const indent = '      ';
  return flags.map((f) => {
    const head = `  --${f.name}${f.boolean ? '[=true|false]' : ' <value>'}`;
    const text = `${f.description}${f.default !== undefined ? ` (default: ${f.default})` : ''}`;
    return `${head}\n${indent}${wrap(text, 94, indent)}`;
  });
}

const SECRET_NOTE =
  "A secret key or session token is never a flag (argv is readable by other processes and printed by `set -x`): set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, or AWS_CI_KIT_AWS_SECRET_ACCESS_KEY/AWS_CI_KIT_AWS_SESSION_TOKEN, in the job's environment.";

/** The flags help lists: those the CLI refuses (secrets) are left out and named in SECRET_NOTE. */
function listed(flags: readonly FlagSpec[]): FlagSpec[] {
  return flags.filter((f) => !SECRET_FLAGS.includes(f.name));
}

/** `aws-ci-kit <command> --help`: every flag of the capability (from its action.yml) with its default. */
export function renderHelp(command: Command): string {
  const example = inputVariableName(command.inputs[0]?.name ?? 'aws-region');
  const takesSecrets = command.inputs.some((f) => SECRET_FLAGS.includes(f.name));
  return [
    `Usage: aws-ci-kit ${command.name} [--flag value ...]`,
    '',
    wrap(command.summary, 100, ''),
    '',
    wrap(
      `Flags (configure-aws-credentials' and the capability's input names; each also read from AWS_CI_KIT_<FLAG>, e.g. ${example}; a flag wins; a flag given twice adds a line to a list):`,
      100,
      '',
    ),
    ...flagLines(listed(command.inputs)),
    ...(takesSecrets ? ['', wrap(SECRET_NOTE, 100, '')] : []),
    '',
    'CLI flags:',
    ...flagLines(command.cliFlags),
    '',
    'Logs go to stderr; stdout carries only the export. Exit codes: 0 ok, 1 failure, 2 bad usage.',
    '',
  ].join('\n');
}

/** `aws-ci-kit exec --help`. */
export function renderExecHelp(): string {
  return [
    'Usage: aws-ci-kit exec [flags] -- <command> [args...]',
    '',
    wrap(EXEC_SUMMARY, 100, ''),
    '',
    wrap(
      'The role is assumed once; the command gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION and AWS_DEFAULT_REGION (and no AWS_PROFILE, AWS_ROLE_ARN or other credential source), one variable per secret, and none of the AWS_CI_KIT_* input variables. SIGTERM, SIGINT and SIGHUP are passed on to it.',
      100,
      '',
    ),
    '',
    'Credential flags (as `aws-ci-kit credentials`; each also read from AWS_CI_KIT_<FLAG>):',
    ...flagLines(listed(EXEC_CREDENTIAL_FLAGS)),
    '',
    wrap(SECRET_NOTE, 100, ''),
    '',
    'Secret flags (as `aws-ci-kit ssm-secret`; read with the credentials above):',
    ...flagLines(EXEC_SECRET_FLAGS),
    '',
    'CLI flags:',
    ...flagLines(EXEC_OWN_FLAGS),
    '',
    wrap(
      "Exit codes: the command's own (128+N when signal N ended it); 127 command not found, 126 not executable; before the command runs: 1 failure, 2 bad usage.",
      100,
      '',
    ),
    '',
  ].join('\n');
}

/** `aws-ci-kit --help`. */
export function renderMainHelp(commands: readonly Command[], version: string): string {
  return [
    `aws-ci-kit ${version}: AWS credentials, ECR push and SSM parameters in any CI.`,
    '',
    'Usage: aws-ci-kit <command> [--flag value ...]',
    '',
    'Commands:',
    ...[...commands, { name: 'exec', summary: EXEC_SUMMARY }].map(
      (c) => `  ${c.name.padEnd(20)}${wrap(c.summary.split('. ')[0] ?? '', 78, ' '.repeat(22))}`,
    ),
    '',
    'Run `aws-ci-kit <command> --help` (or `aws-ci-kit help <command>`) for its flags. `aws-ci-kit --version` prints the version.',
    '',
    'Example (GitLab, OIDC: id_tokens GITLAB_OIDC_TOKEN): run one command with the role, nothing left behind:',
    '  aws-ci-kit exec --role-to-assume arn:aws:iam::123456789012:role/ci --aws-region eu-central-1 -- ./deploy.sh',
    '',
  ].join('\n');
}
