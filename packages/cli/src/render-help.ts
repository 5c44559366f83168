import { inputVariableName } from '@aws-ci-kit/generic-adapter';
import { CLI_FLAGS } from './cli-flags.ts';
import type { Command, FlagSpec } from './commands.ts';

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
    const head = `  --${f.name}${f.boolean ? '' : ' <value>'}`;
    const text = `${f.description}${f.default !== undefined ? ` (default: ${f.default})` : ''}`;
    return `${head}\n${indent}${wrap(text, 94, indent)}`;
  });
}

/** `aws-ci-kit <command> --help`: every flag of the capability (from its action.yml) with its default. */
export function renderHelp(command: Command): string {
  const example = inputVariableName(command.inputs[0]?.name ?? 'aws-region');
  return [
    `Usage: aws-ci-kit ${command.name} [--flag value ...]`,
    '',
    wrap(command.summary, 100, ''),
    '',
    `Flags (the GitHub action's input names; each also read from AWS_CI_KIT_<FLAG>, e.g. ${example}; a flag wins):`,
    ...flagLines(command.inputs),
    '',
    'CLI flags:',
    ...flagLines(Object.values(CLI_FLAGS)),
    '',
    'Logs go to stderr; stdout carries only the export. Exit codes: 0 ok, 1 failure, 2 bad usage.',
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
    ...commands.map(
      (c) => `  ${c.name.padEnd(20)}${wrap(c.summary.split('. ')[0] ?? '', 78, ' '.repeat(22))}`,
    ),
    '',
    'Run `aws-ci-kit <command> --help` for its flags. `aws-ci-kit --version` prints the version.',
    'Example (GitLab, OIDC): eval "$(aws-ci-kit credentials --role-to-assume arn:aws:iam::123456789012:role/ci --aws-region eu-central-1)"',
    '',
  ].join('\n');
}
