/**
 * Runs a bundled entry (dist/github.js or dist/azure.js) as its CI would: a child process with the
 * CI's environment (inputs, variables, service connections, debug), then the post step with the
 * state and variables the CI carries over, each read with the CI's own protocol parsers.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVsoCommands } from './azure-protocol.ts';
import type { OutputEvent } from './mask-check.ts';
import { azureView, type Ci, GITHUB_FILES, type GithubFile, githubView, type StepView } from './step-view.ts';

export interface AzureEndpoint {
  readonly scheme: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Defaults to https://aws.amazon.com/. */
  readonly url?: string;
}

export interface RunStepOptions {
  /** Step inputs by their CI name (`aws-region` / `regionName`). */
  readonly inputs?: Readonly<Record<string, string>>;
  /** More environment, applied last (AWS_ENDPOINT_URL, or a run context of your own). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Pipeline variables by name (`AWS.AccessKeyID`). Azure: as the agent passes them (`secret` ones as
   * `SECRET_*`); GitHub: as environment variables of that name.
   */
  readonly variables?: Readonly<Record<string, { readonly value: string; readonly secret?: boolean }>>;
  /** Azure service connections by id (ignored on GitHub, which has none). */
  readonly endpoints?: Readonly<Record<string, AzureEndpoint>>;
  readonly debug?: boolean;
  /**
   * Inputs whose values come from secrets (`${{ secrets.X }}`, `$(secretVariable)`): the CI masks
   * them before the step starts, as the runner and the agent do for every secret they hold.
   */
  readonly secretInputs?: readonly string[];
  /**
   * The post step: after a successful main (`true`, the default), after main whatever its result
   * (`'always'`), or not at all (`false`).
   */
  readonly post?: boolean | 'always';
  /** A directory to run in (HOME and temp dir); a fresh one by default. Never removed here. */
  readonly dir?: string;
  /** Per step (default 30 s), then the process is killed. */
  readonly timeoutMs?: number;
  /**
   * Keep stderr apart (StepView.stderrLines) instead of merging it into the lines in order; the
   * lines are then stdout's followed by stderr's.
   */
  readonly splitStderr?: boolean;
  /** The node binary that runs the bundle, as the CI's handler would (default: this process's node). */
  readonly node?: string;
}

export interface CiRun {
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly main: StepView;
  readonly post?: StepView;
}

/** The run each CI describes by default (override any of it with `env`). */
export const RUN_CONTEXT: Record<Ci, Readonly<Record<string, string>>> = {
  github: {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo/webapp',
    GITHUB_WORKFLOW: 'build and push',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF_NAME: 'main',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTION: 'aws',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_JOB: 'build',
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

/** The state key each adapter keeps to tell main from post. */
export const POST_FLAG: Record<Ci, string> = { github: 'isPost', azure: 'AWS_CI_KIT_IS_POST' };

/** How the agent turns a variable name into an environment name. */
export const azureKey = (name: string): string => name.replace(/[. ]/g, '_').toUpperCase();

const lines = (text: string): string[] => {
  // Both CIs read a step's output with .NET's ReadLine: CR, LF and CRLF all end a line.
  const out = text.split(/\r\n|\r|\n/);
  if (out.at(-1) === '') out.pop();
  return out;
};

/** Runs `node bundle` with exactly `env`; stdout and stderr into one file (so their order is kept). */
async function runNode(bundle: string, env: Record<string, string>, dir: string, options: RunStepOptions) {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const splitStderr = options.splitStderr ?? false;
  const tag = Math.random().toString(36).slice(2);
  const outFile = join(dir, `log-${tag}.txt`);
  const errFile = join(dir, `log-${tag}.stderr.txt`);
  const out = await open(outFile, 'w');
  const err = splitStderr ? await open(errFile, 'w') : out;
  const started = Date.now();
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(options.node ?? process.execPath, [bundle], {
        env,
        cwd: dir,
        stdio: ['ignore', out.fd, err.fd],
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    const durationMs = Date.now() - started;
    const stdoutLines = lines(await readFile(outFile, 'utf8'));
    if (!splitStderr) return { code, lines: stdoutLines, durationMs };
    const stderrLines = lines(await readFile(errFile, 'utf8'));
    return { code, lines: [...stdoutLines, ...stderrLines], stderrLines, durationMs };
  } finally {
    await out.close();
    if (err !== out) await err.close();
  }
}

interface StepRun {
  readonly bundle: string;
  readonly dir: string;
  readonly name: string;
  readonly env: Record<string, string>;
  readonly options: RunStepOptions;
}

async function githubStep({ bundle, dir, name, env, options }: StepRun): Promise<StepView> {
  const paths = {} as Record<GithubFile, string>;
  for (const file of GITHUB_FILES) {
    paths[file] = join(dir, `${name}-${file.toLowerCase()}`);
    await writeFile(paths[file], '');
  }
  const run = await runNode(bundle, { ...env, ...paths }, dir, options);
  const files = {} as Record<GithubFile, string>;
  for (const file of GITHUB_FILES) files[file] = await readFile(paths[file], 'utf8');
  return githubView(name, run, files, options.debug ?? false);
}

async function azureStep({ bundle, dir, name, env, options }: StepRun): Promise<StepView> {
  const run = await runNode(bundle, env, dir, options);
  const summaries = new Map<string, string>();
  for (const command of parseVsoCommands(run.lines)) {
    if (command.command === 'task.uploadsummary' && existsSync(command.data)) {
      summaries.set(command.data, await readFile(command.data, 'utf8'));
    }
  }
  return azureView(name, run, options.debug ?? false, (path) => summaries.get(path));
}

/** The environment a CI gives the step, with nothing from this process's AWS_* variables. */
export function ciEnv(ci: Ci, dir: string, options: RunStepOptions): Record<string, string> {
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
    // The agent names endpoint variables after the connection's id as it is (a lower-case GUID), and
    // azure-pipelines-task-lib looks them up case-sensitively with the id from the input.
    for (const [id, endpoint] of Object.entries(options.endpoints ?? {})) {
      env[`ENDPOINT_URL_${id}`] = endpoint.url ?? 'https://aws.amazon.com/';
      env[`ENDPOINT_AUTH_${id}`] = JSON.stringify({
        parameters: endpoint.parameters,
        scheme: endpoint.scheme,
      });
      env[`ENDPOINT_AUTH_SCHEME_${id}`] = endpoint.scheme;
      for (const [param, value] of Object.entries(endpoint.parameters)) {
        env[`ENDPOINT_AUTH_PARAMETER_${id}_${param.toUpperCase()}`] = value;
      }
    }
  } else {
    for (const [name, { value }] of Object.entries(options.variables ?? {})) env[name] = value;
  }
  return { ...env, ...options.env };
}

/** The environment of the post step: main's variables and state, as the CI carries them over. */
function postEnv(ci: Ci, env: Record<string, string>, main: StepView): Record<string, string> {
  const next: Record<string, string> = { ...env };
  for (const [name, value] of Object.entries(main.variables)) {
    if (ci === 'github') next[name] = value;
    else next[`${main.secretVariables.has(name) ? 'SECRET_' : ''}${azureKey(name)}`] = value;
  }
  for (const [name, value] of Object.entries(main.state)) {
    next[ci === 'github' ? `STATE_${name}` : `VSTS_TASKVARIABLE_${azureKey(name)}`] = value;
  }
  return next;
}

/** Runs main (and post) of a bundled step as `ci` would. */
export async function runStep(ci: Ci, bundle: string, options: RunStepOptions = {}): Promise<CiRun> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), `step-${ci}-`)));
  const env = ciEnv(ci, dir, options);
  const step = ci === 'github' ? githubStep : azureStep;
  const ciMasks: OutputEvent[] = [
    ...(options.secretInputs ?? []).map((name) => options.inputs?.[name] ?? ''),
    ...Object.values(options.variables ?? {})
      .filter((variable) => variable.secret)
      .map((variable) => variable.value),
  ]
    .filter((value) => value !== '')
    .map((value) => ({ kind: 'mask', value, where: 'secret held by the CI' }) as const);
  const withCiMasks = (view: StepView): StepView =>
    ciMasks.length === 0 ? view : { ...view, events: [...ciMasks, ...view.events] };
  const main = withCiMasks(await step({ bundle, dir, name: 'main', env, options }));
  const post = options.post ?? true;
  if (post === false || (post === true && main.exitCode !== 0)) return { dir, env, main };
  const after = await step({ bundle, dir, name: 'post', env: postEnv(ci, env, main), options });
  return { dir, env, main, post: withCiMasks(after) };
}
