/**
 * Runs a bundled entry (dist/github.js or dist/azure.js) as its CI would: a child process with the
 * CI's environment, then reads what it printed and wrote with the CI's own protocol parsers
 * (test/contract: GitHub file commands and workflow commands, Azure `##vso[` commands).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVsoCommands } from '../../contract/azure-protocol.ts';
import { parseFileCommands, parseWorkflowCommands } from '../../contract/github-protocol.ts';
import type { OutputEvent } from '../../contract/mask-check.ts';

export type Ci = 'github' | 'azure';

export interface AzureEndpoint {
  readonly scheme: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly url?: string;
}

export interface StepOptions {
  /** Step inputs by their CI name (`aws-region` / `regionName`). */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Extra environment (AWS_ENDPOINT_URL, AWS_REGION, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** Azure pipeline variables by name (`AWS.AccessKeyID`); `secret` ones as the agent passes secrets. */
  readonly variables?: Readonly<Record<string, { value: string; secret?: boolean }>>;
  /** Azure service connections by id. */
  readonly endpoints?: Readonly<Record<string, AzureEndpoint>>;
  readonly debug?: boolean;
  /**
   * Inputs whose values come from secrets (`${{ secrets.X }}`, `$(secretVariable)`): the CI masks
   * them before the step starts, as the runner and the agent do for every secret they hold.
   */
  readonly secretInputs?: readonly string[];
  /** Run the post step after main (default true). */
  readonly post?: boolean;
  /** A directory to run in (HOME and temp dir); a fresh one by default. */
  readonly dir?: string;
  readonly timeoutMs?: number;
}

export interface StepView {
  readonly exitCode: number | null;
  readonly lines: readonly string[];
  /** Last value per variable the CI records for later steps. */
  readonly variables: Readonly<Record<string, string>>;
  /** Variables marked secret (Azure issecret=true). */
  readonly secretVariables: ReadonlySet<string>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly state: Readonly<Record<string, string>>;
  readonly errors: readonly string[];
  readonly masks: readonly string[];
  /** Mask registrations and texts, in order, for assertMaskedBeforeUse. */
  readonly events: readonly OutputEvent[];
  readonly durationMs: number;
}

export interface CiRun {
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly main: StepView;
  readonly post?: StepView;
}

const RUN_CONTEXT: Record<Ci, Record<string, string>> = {
  github: {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo/webapp',
    GITHUB_WORKFLOW: 'build and push',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF_NAME: 'main',
    GITHUB_ACTOR: 'octocat',
  },
  azure: {
    TF_BUILD: 'True',
    AGENT_VERSION: '4.255.0',
    BUILD_REPOSITORY_NAME: 'contoso/webapp',
    BUILD_DEFINITIONNAME: 'webapp-ci',
    BUILD_BUILDID: '777',
    SYSTEM_JOBATTEMPT: '1',
    BUILD_SOURCEVERSION: 'b'.repeat(40),
    BUILD_SOURCEBRANCHNAME: 'master',
    BUILD_REQUESTEDFOR: 'Contoso Dev',
  },
};

const azureKey = (name: string): string => name.replace(/[. ]/g, '_').toUpperCase();

async function runNode(bundle: string, env: Record<string, string>, dir: string, timeoutMs: number) {
  const logFile = join(dir, `log-${Math.random().toString(36).slice(2)}.txt`);
  const handle = await open(logFile, 'w');
  const started = Date.now();
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [bundle], {
        env,
        cwd: dir,
        stdio: ['ignore', handle.fd, handle.fd],
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    const lines = (await readFile(logFile, 'utf8')).split('\n');
    if (lines.at(-1) === '') lines.pop();
    return { code, lines, durationMs: Date.now() - started };
  } finally {
    await handle.close();
  }
}

async function githubStep(
  bundle: string,
  dir: string,
  name: string,
  env: Record<string, string>,
  timeoutMs: number,
) {
  const files: Record<string, string> = {};
  for (const file of ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY']) {
    files[file] = join(dir, `${name}-${file.toLowerCase()}`);
    await writeFile(files[file], '');
  }
  const { code, lines, durationMs } = await runNode(bundle, { ...env, ...files }, dir, timeoutMs);
  const commands = parseWorkflowCommands(lines);
  const byLine = new Map(commands.map((c) => [c.line, c]));
  const events: OutputEvent[] = [];
  lines.forEach((line, index) => {
    const where = `${name} line ${index + 1}`;
    const command = byLine.get(index);
    if (command?.command === 'add-mask') events.push({ kind: 'mask', value: command.data, where });
    else events.push({ kind: 'text', text: line, where });
  });
  const read = (file: string) => readFile(files[file]!, 'utf8');
  const summary = await read('GITHUB_STEP_SUMMARY');
  const stateText = await read('GITHUB_STATE');
  const outputText = await read('GITHUB_OUTPUT');
  // GITHUB_ENV and GITHUB_OUTPUT are how the runner receives values (it masks what was registered);
  // the state file and summary are stored as they are, so they must never hold a secret.
  for (const [file, text] of [
    ['GITHUB_STATE', stateText],
    ['GITHUB_STEP_SUMMARY', summary],
  ] as const) {
    for (const [n, line] of text.split('\n').entries()) {
      events.push({ kind: 'text', text: line, where: `${name} ${file}:${n + 1}` });
    }
  }
  return {
    exitCode: code,
    lines,
    durationMs,
    variables: Object.fromEntries(parseFileCommands(await read('GITHUB_ENV'))),
    secretVariables: new Set<string>(),
    outputs: Object.fromEntries(parseFileCommands(outputText)),
    state: Object.fromEntries(parseFileCommands(stateText)),
    errors: commands.filter((c) => c.command === 'error').map((c) => c.data),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.data),
    events,
  } satisfies StepView;
}

async function azureStep(
  bundle: string,
  dir: string,
  name: string,
  env: Record<string, string>,
  timeoutMs: number,
) {
  const { code, lines, durationMs } = await runNode(bundle, env, dir, timeoutMs);
  const commands = parseVsoCommands(lines);
  const byLine = new Map(commands.map((c) => [c.line, c]));
  const events: OutputEvent[] = [];
  const variables: Record<string, string> = {};
  const secretVariables = new Set<string>();
  const outputs: Record<string, string> = {};
  const state: Record<string, string> = {};
  const masks: string[] = [];
  const errors: string[] = [];
  const isTrue = (v: string | undefined) => (v ?? '').toLowerCase() === 'true';
  lines.forEach((line, index) => {
    const where = `${name} line ${index + 1}`;
    const command = byLine.get(index);
    if (!command) {
      events.push({ kind: 'text', text: line, where });
      if (line.startsWith('##[error]')) errors.push(line.slice('##[error]'.length));
      return;
    }
    const secret =
      command.command === 'task.setsecret' ||
      (['task.setvariable', 'task.settaskvariable'].includes(command.command) &&
        isTrue(command.properties.issecret));
    if (secret) {
      if (command.data !== '') {
        masks.push(command.data);
        events.push({ kind: 'mask', value: command.data, where });
      }
    } else {
      events.push({ kind: 'text', text: command.data, where: `${where} (${command.command})` });
    }
    const variable = command.properties.variable ?? '';
    if (command.command === 'task.setvariable') {
      if (isTrue(command.properties.isoutput)) outputs[variable] = command.data;
      else {
        variables[variable] = command.data;
        if (isTrue(command.properties.issecret)) secretVariables.add(variable);
        else secretVariables.delete(variable);
      }
    }
    if (command.command === 'task.settaskvariable') state[variable] = command.data;
    if (['task.issue', 'task.logissue'].includes(command.command) && command.properties.type === 'error') {
      errors.push(command.data);
    }
  });
  return {
    exitCode: code,
    lines,
    durationMs,
    variables,
    secretVariables,
    outputs,
    state,
    errors,
    masks,
    events,
  } satisfies StepView;
}

/** The environment a CI gives the step, with nothing from this process's AWS_* variables. */
export function ciEnv(ci: Ci, dir: string, options: StepOptions): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...RUN_CONTEXT[ci],
    ...(ci === 'github' ? { RUNNER_TEMP: dir } : { AGENT_TEMPDIRECTORY: dir }),
    ...(options.debug ? (ci === 'github' ? { RUNNER_DEBUG: '1' } : { SYSTEM_DEBUG: 'true' }) : {}),
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${ci === 'github' ? name.replace(/ /g, '_').toUpperCase() : azureKey(name)}`] = value;
  }
  if (ci === 'azure') {
    for (const [name, { value, secret }] of Object.entries(options.variables ?? {})) {
      env[`${secret ? 'SECRET_' : ''}${azureKey(name)}`] = value;
    }
    for (const [id, endpoint] of Object.entries(options.endpoints ?? {})) {
      const key = id.toUpperCase();
      env[`ENDPOINT_URL_${key}`] = endpoint.url ?? 'https://aws.amazon.com/';
      env[`ENDPOINT_AUTH_${key}`] = JSON.stringify({
        parameters: endpoint.parameters,
        scheme: endpoint.scheme,
      });
      env[`ENDPOINT_AUTH_SCHEME_${key}`] = endpoint.scheme;
      for (const [param, value] of Object.entries(endpoint.parameters)) {
        env[`ENDPOINT_AUTH_PARAMETER_${key}_${param.toUpperCase()}`] = value;
      }
    }
  } else {
    for (const [name, { value }] of Object.entries(options.variables ?? {})) env[name] = value;
  }
  return { ...env, ...options.env };
}

/** Runs main (and post) of a bundled step as `ci` would. */
export async function runStep(ci: Ci, bundle: string, options: StepOptions = {}): Promise<CiRun> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), `creds-${ci}-`)));
  const env = ciEnv(ci, dir, options);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const step = ci === 'github' ? githubStep : azureStep;
  const ciMasks: OutputEvent[] = [
    ...(options.secretInputs ?? []).map((name) => options.inputs?.[name] ?? ''),
    ...Object.values(options.variables ?? {})
      .filter((v) => v.secret)
      .map((v) => v.value),
  ]
    .filter((value) => value !== '')
    .map((value) => ({ kind: 'mask', value, where: 'secret held by the CI' }) as const);
  const withCiMasks = (view: StepView): StepView => ({ ...view, events: [...ciMasks, ...view.events] });
  const main = withCiMasks(await step(bundle, dir, 'main', env, timeoutMs));
  if (options.post === false || main.exitCode !== 0) return { dir, env, main };
  const postEnv: Record<string, string> = { ...env };
  for (const [name, value] of Object.entries(main.variables)) {
    if (ci === 'github') postEnv[name] = value;
    else postEnv[`${main.secretVariables.has(name) ? 'SECRET_' : ''}${azureKey(name)}`] = value;
  }
  for (const [name, value] of Object.entries(main.state)) {
    postEnv[ci === 'github' ? `STATE_${name}` : `VSTS_TASKVARIABLE_${azureKey(name)}`] = value;
  }
  const post = withCiMasks(await step(bundle, dir, 'post', postEnv, timeoutMs));
  return { dir, env, main, post };
}
