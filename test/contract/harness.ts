import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTrue, parseVsoCommands, type VsoCommand } from './azure-protocol.ts';
import type { Scenario } from './fixture/contract-step.ts';
import { parseFileCommands, parseWorkflowCommands, type WorkflowCommand } from './github-protocol.ts';
import type { OutputEvent } from './mask-check.ts';

export type CiKind = 'github' | 'azure';

/** What one step run looked like to its CI. */
export interface StepView {
  readonly exitCode: number | null;
  /** stdout and stderr, merged in the order written. */
  readonly lines: readonly string[];
  /** Command names the CI acted on, in order. */
  readonly commands: readonly string[];
  /** Mask registrations and every text the CI logs or stores, in order (for assertMaskedBeforeUse). */
  readonly events: readonly OutputEvent[];
  readonly masks: readonly string[];
  /** Every variable / output / state the CI would record, in order (a name may repeat). */
  readonly variables: ReadonlyArray<readonly [string, string]>;
  readonly outputs: ReadonlyArray<readonly [string, string]>;
  readonly state: ReadonlyArray<readonly [string, string]>;
  /** Error lines the CI shows (annotations / issues). */
  readonly errors: readonly string[];
  /** What a person reads in the log (commands rendered or hidden as the CI does; debug per mode). */
  readonly visible: readonly string[];
  /** The run summary, if the step wrote one. */
  readonly summary: string | undefined;
  /** GitHub: the raw file-command files (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY). */
  readonly files?: Readonly<Record<string, string>>;
}

export interface CiRun {
  readonly main: StepView;
  readonly post: StepView;
}

export interface Endpoint {
  readonly url: string;
  readonly scheme: string;
  readonly parameters: Readonly<Record<string, string>>;
}

export interface RunOptions {
  readonly scenario: Scenario;
  readonly debug: boolean;
  /** Azure service connections, by id (ignored on GitHub, which has none). */
  readonly endpoints?: Readonly<Record<string, Endpoint>>;
  /** More variables the CI provides (both steps). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The state key each adapter keeps to tell main from post. */
export const POST_FLAG: Record<CiKind, string> = { github: 'isPost', azure: 'AWS_CI_KIT_IS_POST' };

const TIMEOUT_MS = 15_000;

function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8' };
}

/** Runs `node bundle` with exactly `env`, stdout and stderr into one file (so their order is kept). */
async function runNode(
  bundle: string,
  env: Record<string, string>,
  dir: string,
): Promise<{ code: number | null; lines: string[] }> {
  const logFile = join(dir, `log-${Math.random().toString(36).slice(2)}.txt`);
  const handle = await open(logFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [bundle], {
        env,
        cwd: dir,
        stdio: ['ignore', handle.fd, handle.fd],
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      child.on('error', reject);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    const text = await readFile(logFile, 'utf8');
    // Both CIs read a step's output with .NET's ReadLine: CR, LF and CRLF all end a line.
    const lines = text.split(/\r\n|\r|\n/);
    if (lines.at(-1) === '') lines.pop();
    return { code, lines };
  } finally {
    await handle.close();
  }
}

function textEvents(text: string, where: string): OutputEvent[] {
  return text
    .split('\n')
    .map((line, n) => ({ kind: 'text', text: line, where: `${where}:${n + 1}` }) as const);
}

function commandTexts(
  data: string,
  properties: Readonly<Record<string, string>>,
  where: string,
  maskCommand: boolean,
): OutputEvent[] {
  return [data, ...Object.values(properties)]
    .filter((text) => text !== '')
    .map((text) => ({ kind: 'text', text, where: `${where} (command)`, maskCommand }) as const);
}

// ---------------------------------------------------------------- GitHub Actions

const GITHUB_FILES = ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'] as const;

async function githubStep(
  bundle: string,
  dir: string,
  name: string,
  env: Record<string, string>,
  debug: boolean,
): Promise<StepView> {
  const files: Record<string, string> = {};
  for (const file of GITHUB_FILES) {
    files[file] = join(dir, `${name}-${file.toLowerCase()}`);
    await writeFile(files[file], '');
  }
  const { code, lines } = await runNode(bundle, { ...env, ...files }, dir);
  const commands = parseWorkflowCommands(lines);
  const byLine = new Map<number, WorkflowCommand>(commands.map((command) => [command.line, command]));
  const events: OutputEvent[] = [];
  const visible: string[] = [];
  const variables: Array<[string, string]> = [];
  const outputs: Array<[string, string]> = [];
  const state: Array<[string, string]> = [];
  const errors: string[] = [];
  lines.forEach((line, index) => {
    const where = `${name} output line ${index + 1}`;
    const command = byLine.get(index);
    const isMask = command?.command === 'add-mask';
    if (isMask) events.push({ kind: 'mask', value: command.data, where });
    events.push({ kind: 'text', text: line, where, maskCommand: isMask });
    if (!command) {
      visible.push(line);
      return;
    }
    events.push(...commandTexts(command.data, command.properties, where, isMask));
    const named = command.properties.name ?? '';
    if (command.command === 'set-env') variables.push([named, command.data]);
    if (command.command === 'set-output') outputs.push([named, command.data]);
    if (command.command === 'save-state') state.push([named, command.data]);
    if (command.command === 'error') errors.push(command.data);
    if (['error', 'warning', 'notice', 'group'].includes(command.command)) visible.push(command.data);
    if (command.command === 'debug' && debug) visible.push(command.data);
  });
  // The runner reads the file commands after the step exits.
  const read = async (file: string) => readFile(files[file]!, 'utf8');
  for (const file of GITHUB_FILES) events.push(...textEvents(await read(file), `${name} ${file}`));
  variables.push(...parseFileCommands(await read('GITHUB_ENV')));
  outputs.push(...parseFileCommands(await read('GITHUB_OUTPUT')));
  state.push(...parseFileCommands(await read('GITHUB_STATE')));
  const summary = await read('GITHUB_STEP_SUMMARY');
  const raw: Record<string, string> = {};
  for (const file of GITHUB_FILES) raw[file] = await read(file);
  return {
    files: raw,
    exitCode: code,
    lines,
    commands: commands.map((command) => command.command),
    events,
    masks: commands.filter((command) => command.command === 'add-mask').map((command) => command.data),
    variables,
    outputs,
    state,
    errors,
    visible,
    summary: summary === '' ? undefined : summary,
  };
}

/** Runs the bundle as GitHub's runner would: main, then post with the saved state as `STATE_*`. */
export async function runGithub(bundle: string, options: RunOptions): Promise<CiRun> {
  const dir = await mkdtemp(join(tmpdir(), 'contract-gha-'));
  try {
    const env: Record<string, string> = {
      ...baseEnv(dir),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'octo/contract',
      GITHUB_WORKFLOW: 'contract',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_REF_NAME: 'main',
      GITHUB_ACTOR: 'octocat',
      RUNNER_TEMP: dir,
      INPUT_SCENARIO: JSON.stringify(options.scenario),
      ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
      ...options.env,
    };
    const main = await githubStep(bundle, dir, 'main', env, options.debug);
    const postEnv = { ...env };
    for (const [key, value] of main.variables) postEnv[key] = value;
    for (const [key, value] of main.state) postEnv[`STATE_${key}`] = value;
    const post = await githubStep(bundle, dir, 'post', postEnv, options.debug);
    return { main, post };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- Azure Pipelines

const variableKey = (name: string): string => name.replace(/[. ]/g, '_').toUpperCase();

/** Builds the StepView of an Azure task's output; `readFileAt` reads files named by uploadsummary. */
export function azureView(
  name: string,
  code: number | null,
  lines: readonly string[],
  debug: boolean,
  readFileAt: (path: string) => string | undefined,
): StepView {
  const commands = parseVsoCommands(lines);
  const byLine = new Map<number, VsoCommand>(commands.map((command) => [command.line, command]));
  const events: OutputEvent[] = [];
  const visible: string[] = [];
  const masks: string[] = [];
  const variables: Array<[string, string]> = [];
  const outputs: Array<[string, string]> = [];
  const state: Array<[string, string]> = [];
  const errors: string[] = [];
  let summary: string | undefined;
  lines.forEach((line, index) => {
    const where = `${name} output line ${index + 1}`;
    const command = byLine.get(index);
    const secret =
      command?.command === 'task.setsecret' ||
      ((command?.command === 'task.setvariable' || command?.command === 'task.settaskvariable') &&
        isTrue(command.properties.issecret));
    if (command && secret && command.data !== '') {
      masks.push(command.data);
      events.push({ kind: 'mask', value: command.data, where });
    }
    const isMask = command?.command === 'task.setsecret';
    events.push({ kind: 'text', text: line, where, maskCommand: isMask });
    if (!command) {
      if (line.startsWith('##[error]')) errors.push(line.slice('##[error]'.length));
      visible.push(line);
      return;
    }
    events.push(...commandTexts(command.data, command.properties, where, isMask));
    const variable = command.properties.variable ?? '';
    if (command.command === 'task.setvariable') {
      (isTrue(command.properties.isoutput) ? outputs : variables).push([variable, command.data]);
    }
    if (command.command === 'task.settaskvariable') state.push([variable, command.data]);
    if (
      (command.command === 'task.issue' || command.command === 'task.logissue') &&
      command.properties.type === 'error'
    ) {
      errors.push(command.data);
    }
    if (command.command === 'task.issue' || command.command === 'task.logissue') visible.push(command.data);
    if (command.command === 'task.debug' && debug) visible.push(command.data);
    if (command.command === 'task.uploadsummary') {
      const content = readFileAt(command.data);
      if (content !== undefined) {
        summary = summary === undefined ? content : `${summary}\n${content}`;
        events.push(...textEvents(content, `${name} summary ${command.data}`));
      }
    }
  });
  return {
    exitCode: code,
    lines,
    commands: commands.map((command) => command.command),
    events,
    masks,
    variables,
    outputs,
    state,
    errors,
    visible,
    summary,
  };
}

async function azureStep(
  bundle: string,
  dir: string,
  name: string,
  env: Record<string, string>,
  debug: boolean,
) {
  const { code, lines } = await runNode(bundle, env, dir);
  const summaries = new Map<string, string>();
  for (const command of parseVsoCommands(lines)) {
    if (command.command === 'task.uploadsummary' && existsSync(command.data)) {
      summaries.set(command.data, await readFile(command.data, 'utf8'));
    }
  }
  return azureView(name, code, lines, debug, (path) => summaries.get(path));
}

/** The environment the agent gives a task: inputs, endpoints, predefined variables. */
export function azureEnv(dir: string, options: RunOptions): Record<string, string> {
  const env: Record<string, string> = {
    ...baseEnv(dir),
    TF_BUILD: 'True',
    AGENT_VERSION: '4.255.0',
    AGENT_TEMPDIRECTORY: dir,
    BUILD_REPOSITORY_NAME: 'contoso/contract',
    BUILD_DEFINITIONNAME: 'contract',
    BUILD_BUILDID: '42',
    SYSTEM_JOBATTEMPT: '1',
    BUILD_SOURCEVERSION: 'f'.repeat(40),
    BUILD_SOURCEBRANCHNAME: 'main',
    BUILD_REQUESTEDFOR: 'Contoso Dev',
    INPUT_SCENARIO: JSON.stringify(options.scenario),
    ...(options.debug ? { SYSTEM_DEBUG: 'true' } : {}),
    ...options.env,
  };
  // The agent names endpoint variables after the connection's id as it is (a lower-case GUID).
  for (const [id, endpoint] of Object.entries(options.endpoints ?? {})) {
    const key = id;
    env[`ENDPOINT_URL_${key}`] = endpoint.url;
    env[`ENDPOINT_AUTH_${key}`] = JSON.stringify({
      parameters: endpoint.parameters,
      scheme: endpoint.scheme,
    });
    env[`ENDPOINT_AUTH_SCHEME_${key}`] = endpoint.scheme;
    for (const [param, value] of Object.entries(endpoint.parameters)) {
      env[`ENDPOINT_AUTH_PARAMETER_${key}_${param.toUpperCase()}`] = value;
    }
  }
  return env;
}

/** Runs the bundle as the Azure Pipelines agent would: main, then the post-job run with its task variables. */
export async function runAzure(bundle: string, options: RunOptions): Promise<CiRun> {
  const dir = await mkdtemp(join(tmpdir(), 'contract-azp-'));
  try {
    const env = azureEnv(dir, options);
    const main = await azureStep(bundle, dir, 'main', env, options.debug);
    const postEnv = { ...env };
    for (const [name, value] of main.variables) postEnv[variableKey(name)] = value;
    for (const [name, value] of main.state) postEnv[`VSTS_TASKVARIABLE_${variableKey(name)}`] = value;
    const post = await azureStep(bundle, dir, 'post', postEnv, options.debug);
    return { main, post };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const runCi = (ci: CiKind, bundle: string, options: RunOptions): Promise<CiRun> =>
  ci === 'github' ? runGithub(bundle, options) : runAzure(bundle, options);

/** Last value per name, as the CI ends up with. */
export const lastValues = (entries: ReadonlyArray<readonly [string, string]>): Record<string, string> =>
  Object.fromEntries(entries);

/** Lines the fixture printed as `<prefix> <key?> <base64>`, decoded. */
export function reports(view: StepView, prefix: string): string[][] {
  return view.visible
    .filter((line) => line.startsWith(`${prefix} `))
    .map((line) => {
      const parts = line.split(' ').slice(1);
      const last = Buffer.from(parts.pop() ?? '', 'base64').toString('utf8');
      return [...parts, last];
    });
}
