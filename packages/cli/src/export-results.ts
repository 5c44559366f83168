import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { replaceSection } from '@aws-ci-kit/aws-credentials';
import { appendPrivateFile, CiKitError, envNameProblem, writePrivateFile } from '@aws-ci-kit/core';
import { type ExportFormat, type GenericRuntime, shellQuote } from '@aws-ci-kit/generic-adapter';
import { toDotenv } from './to-dotenv.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ExportOptions {
  readonly format: ExportFormat;
  readonly file: string;
  readonly env: Env;
  readonly cwd: string;
  readonly writeStdout: (text: string) => void;
  /** For `credential-process`: the profile to write and the command that re-runs us. */
  readonly profileName?: string;
  readonly credentialProcess?: readonly string[];
}

function entries(runtime: GenericRuntime): Array<{ name: string; value: string }> {
  const list = [...runtime.variables].map(([name, v]) => ({ name, value: v.value }));
  const bad = list.filter((e) => envNameProblem(e.name) !== undefined).map((e) => e.name);
  if (bad.length > 0) {
    throw new CiKitError('input', `Variable name(s) a shell cannot hold: ${bad.join(', ')}.`, {
      code: 'InvalidVariableName',
      hint: 'Use the `env` name transform (--name-transform env) or map names with name=VAR.',
    });
  }
  return list;
}

/** `export NAME='value'` lines: single-quoted, so `eval` reads every value back exactly. */
function shellScript(list: ReadonlyArray<{ name: string; value: string }>): string {
  return list.map((e) => `export ${e.name}=${shellQuote(e.value)}\n`).join('');
}

function sharedFiles(env: Env): { config: string; credentials: string } {
  const home = env.HOME || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

/** `--export json`: the variables and outputs as one JSON object on stdout. */
function exportJson(runtime: GenericRuntime, options: ExportOptions): void {
  const pick = (map: GenericRuntime['variables']) =>
    Object.fromEntries([...map].map(([name, v]) => [name, v.value]));
  options.writeStdout(
    `${JSON.stringify({ variables: pick(runtime.variables), outputs: pick(runtime.outputs) })}\n`,
  );
}

/** `--export dotenv` / `gitlab-dotenv`: a 0600 file in the working directory (GitLab: one-line values only). */
async function exportDotenv(runtime: GenericRuntime, options: ExportOptions): Promise<void> {
  const file = resolve(options.cwd, options.file);
  const list = entries(runtime);
  if (options.format === 'gitlab-dotenv') {
    const multiline = list.filter((e) => /[\r\n]/.test(e.value)).map((e) => e.name);
    if (multiline.length > 0) {
      throw new CiKitError(
        'input',
        `A GitLab dotenv report cannot hold multi-line values: ${multiline.join(', ')}.`,
        {
          code: 'MultilineValue',
          hint: 'Use --export shell in this job, or store the values on one line.',
        },
      );
    }
    runtime.log.warning(
      `${file} is a GitLab dotenv report: every later job of the pipeline (and anyone who can read its artifacts) sees these values in clear. Prefer --export shell in the job that needs them.`,
    );
  }
  await writePrivateFile(file, toDotenv(list), { within: options.cwd });
  runtime.log.info(`Wrote ${list.length} variable(s) to ${file} (mode 0600).`);
}

/** `--export bash-env`: CircleCI's own file, appended (created 0600 when missing), never rewritten, never through a link. */
async function exportBashEnv(runtime: GenericRuntime, options: ExportOptions): Promise<void> {
  const target = options.env.BASH_ENV;
  if (!target) {
    throw new CiKitError(
      'configuration',
      'BASH_ENV is not set, so --export bash-env has no file to append to.',
      {
        code: 'ExportUnavailable',
        hint: 'Run in a CircleCI job (it sets BASH_ENV) or choose --export shell.',
      },
    );
  }
  await appendPrivateFile(resolve(options.cwd, target), shellScript(entries(runtime)), {
    within: options.cwd,
  });
  runtime.log.info(
    `Appended ${runtime.variables.size} variable(s) to $BASH_ENV: later steps of this job have them.`,
  );
}

/** `--export buildkite`: `buildkite-agent env set` with the values as JSON on its standard input. */
function exportBuildkite(runtime: GenericRuntime, options: ExportOptions): void {
  const json = JSON.stringify(Object.fromEntries(entries(runtime).map((e) => [e.name, e.value])));
  const result = spawnSync(
    'buildkite-agent',
    ['env', 'set', '--input-format=json', '--output-format=quiet', '-'],
    {
      input: `${json}\n`,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: 30_000,
    },
  );
  if (result.status !== 0) {
    throw new CiKitError(
      'tool',
      `buildkite-agent env set failed (${result.error ? result.error.message : `exit ${result.status}`}).`,
      {
        code: 'ExportFailed',
        hint: 'Needs buildkite-agent 3.115.2 or later on PATH in a Buildkite job; or use --export shell.',
      },
    );
  }
  runtime.log.info(
    `Set ${runtime.variables.size} variable(s) with buildkite-agent env set for the rest of this job.`,
  );
}

/** `--export credential-process`: a profile in the shared config file whose credential_process re-runs us. */
async function exportCredentialProcess(runtime: GenericRuntime, options: ExportOptions): Promise<void> {
  const name = options.profileName ?? 'aws-ci-kit';
  const command = (options.credentialProcess ?? []).map(shellQuote).join(' ');
  const region = runtime.variables.get('AWS_REGION')?.value;
  const files = sharedFiles(options.env);
  const header = name === 'default' ? 'default' : `profile ${name}`;
  let text = '';
  try {
    text = readFileSync(files.config, 'utf8');
  } catch {
    // no config file yet
  }
  await writePrivateFile(
    files.config,
    replaceSection(text, header, [
      `credential_process = ${command}`,
      ...(region ? [`region = ${region}`] : []),
    ]),
  );
  runtime.log.info(
    `Wrote profile \`${name}\` to ${files.config}: its credential_process runs aws-ci-kit, so AWS tools fetch fresh credentials themselves (AWS_PROFILE=${name}).`,
  );
}

/** Hands what the step set to later commands, the way `--export` says. Secrets never reach the log. */
export async function exportResults(runtime: GenericRuntime, options: ExportOptions): Promise<void> {
  switch (options.format) {
    case 'none':
    case 'profile':
      return;
    case 'shell':
      options.writeStdout(shellScript(entries(runtime)));
      return;
    case 'json':
      return exportJson(runtime, options);
    case 'dotenv':
    case 'gitlab-dotenv':
      return exportDotenv(runtime, options);
    case 'bash-env':
      return exportBashEnv(runtime, options);
    case 'buildkite':
      return exportBuildkite(runtime, options);
    case 'credential-process':
      return exportCredentialProcess(runtime, options);
  }
}
