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
import {
  type EntryManifest,
  effectiveInputs,
  manifestPath,
  type PostWhen,
  readManifest,
  unexpectedInputs,
} from './manifest.ts';
import type { OutputEvent } from './mask-check.ts';
import { azureView, type Ci, GITHUB_FILES, type GithubFile, githubView, type StepView } from './step-view.ts';

export interface AzureEndpoint {
  readonly scheme: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Defaults to https://aws.amazon.com/. */
  readonly url?: string;
}

export interface RunStepOptions {
  /**
   * Step inputs by their CI name (`aws-region` / `regionName`): only what the user writes. Every
   * other input the manifest declares reaches the step with its default, as on the CI.
   */
  readonly inputs?: Readonly<Record<string, string>>;
  /**
   * The entry's manifest (action.yml / task.json): found beside the bundle's `dist/` by default;
   * `null` only for a test bundle that has none (then only `inputs` are passed and post is `true`).
   */
  readonly manifest?: string | null;
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
   * The post step. By default as the manifest says: GitHub's `runs.post` under `runs.post-if`
   * (default `always()`), Azure's `postjobexecution` under the task's condition (`succeeded()`), no
   * post where the manifest has none. Override: after a successful main (`true`), after main
   * whatever its result (`'always'`), or not at all (`false`).
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
  /** The inputs the CI passed (the user's and every declared default), by input name. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Inputs the user set that the manifest does not declare (GitHub's runner warns about them). */
  readonly unexpectedInputs: readonly string[];
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
async function runNode(
  bundle: string,
  env: Record<string, string>,
  { dir, cwd }: { dir: string; cwd: string },
  options: RunStepOptions,
) {
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
        cwd,
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
  /** Where the CI starts the step: GitHub's workspace, Azure's System.DefaultWorkingDirectory. */
  readonly cwd: string;
  readonly name: string;
  readonly env: Record<string, string>;
  readonly options: RunStepOptions;
}

async function githubStep({ bundle, dir, cwd, name, env, options }: StepRun): Promise<StepView> {
  const paths = {} as Record<GithubFile, string>;
  for (const file of GITHUB_FILES) {
    paths[file] = join(dir, `${name}-${file.toLowerCase()}`);
    await writeFile(paths[file], '');
  }
  const run = await runNode(bundle, { ...env, ...paths }, { dir, cwd }, options);
  const files = {} as Record<GithubFile, string>;
  for (const file of GITHUB_FILES) files[file] = await readFile(paths[file], 'utf8');
  return githubView(name, run, files, options.debug ?? false);
}

async function azureStep({ bundle, dir, cwd, name, env, options }: StepRun): Promise<StepView> {
  const run = await runNode(bundle, env, { dir, cwd }, options);
  const summaries = new Map<string, string>();
  for (const command of parseVsoCommands(run.lines)) {
    if (command.command === 'task.uploadsummary' && existsSync(command.data)) {
      summaries.set(command.data, await readFile(command.data, 'utf8'));
    }
  }
  return azureView(name, run, options.debug ?? false, (path) => summaries.get(path));
}

/** The CI's environment name of an input: GitHub `INPUT_` + upper-case, spaces to `_` (hyphens kept); Azure dots too. */
export const inputKey = (ci: Ci, name: string): string =>
  `INPUT_${ci === 'github' ? name.replace(/ /g, '_').toUpperCase() : azureKey(name)}`;

/** The environment a CI gives the step, with nothing from this process's AWS_* variables. */
export function ciEnv(
  ci: Ci,
  dir: string,
  options: RunStepOptions,
  inputs: Readonly<Record<string, string>> = options.inputs ?? {},
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...RUN_CONTEXT[ci],
    ...(ci === 'github' ? { RUNNER_TEMP: dir } : { AGENT_TEMPDIRECTORY: dir }),
    ...(options.debug ? (ci === 'github' ? { RUNNER_DEBUG: '1' } : { SYSTEM_DEBUG: 'true' }) : {}),
  };
  for (const [name, value] of Object.entries(inputs)) env[inputKey(ci, name)] = value;
  if (ci === 'azure') {
    // Handler.AddVariablesToEnvironment: public ones by name, secret ones as SECRET_* (the task lib
    // moves those into its vault and deletes them from the environment), and both name lists.
    const variables = Object.entries(options.variables ?? {});
    for (const [name, { value, secret }] of variables)
      env[`${secret ? 'SECRET_' : ''}${azureKey(name)}`] = value;
    const names = (secret: boolean) =>
      JSON.stringify(variables.filter(([, v]) => (v.secret ?? false) === secret).map(([name]) => name));
    env.VSTS_PUBLIC_VARIABLES = names(false);
    env.VSTS_SECRET_VARIABLES = names(true);
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

/** The entry's manifest, unless the test says the bundle has none. */
function entryManifest(ci: Ci, bundle: string, options: RunStepOptions): EntryManifest | undefined {
  if (options.manifest === null) return undefined;
  return readManifest(ci, options.manifest ?? manifestPath(ci, bundle));
}

/** Whether the post step runs after a main that ended with `exitCode`. */
function postRuns(manifest: EntryManifest | undefined, options: RunStepOptions, exitCode: number | null) {
  const overrides: Record<string, PostWhen> = { true: 'success', false: 'none', always: 'always' };
  const when = options.post === undefined ? (manifest?.post ?? 'success') : overrides[String(options.post)];
  return when === 'always' || (when === 'success' && exitCode === 0);
}

/** The secrets the CI itself masks before the step starts (secret inputs and variables). */
function ciMasksOf(options: RunStepOptions): OutputEvent[] {
  return [
    ...(options.secretInputs ?? []).map((name) => options.inputs?.[name] ?? ''),
    ...Object.values(options.variables ?? {})
      .filter((variable) => variable.secret)
      .map((variable) => variable.value),
  ]
    .filter((value) => value !== '')
    .map((value) => ({ kind: 'mask', value, where: 'secret held by the CI' }) as const);
}

/** Runs main (and post) of a bundled step as `ci` would. */
export async function runStep(ci: Ci, bundle: string, options: RunStepOptions = {}): Promise<CiRun> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), `step-${ci}-`)));
  const manifest = entryManifest(ci, bundle, options);
  const variableValues = Object.fromEntries(
    Object.entries(options.variables ?? {}).map(([name, { value }]) => [name, value]),
  );
  const userInputs = options.inputs ?? {};
  // The agent's sources directory (Build.SourcesDirectory = System.DefaultWorkingDirectory here).
  const sources = options.env?.BUILD_SOURCESDIRECTORY ?? options.env?.SYSTEM_DEFAULTWORKINGDIRECTORY ?? dir;
  const inputs = effectiveInputs(ci, manifest, userInputs, variableValues, sources);
  const unexpected = unexpectedInputs(ci, manifest, userInputs);
  const env = ciEnv(ci, dir, options, inputs);
  if (ci === 'azure') {
    env.BUILD_SOURCESDIRECTORY ??= sources;
    env.SYSTEM_DEFAULTWORKINGDIRECTORY ??= sources;
  } else {
    env.GITHUB_WORKSPACE ??= dir;
  }
  // The runner starts a node action in the workspace; the agent a task in the default working directory.
  const cwd = (ci === 'azure' ? env.SYSTEM_DEFAULTWORKINGDIRECTORY : env.GITHUB_WORKSPACE) ?? dir;
  const step = ci === 'github' ? githubStep : azureStep;
  const ciMasks = ciMasksOf(options);
  const withCiMasks = (view: StepView): StepView =>
    ciMasks.length === 0 ? view : { ...view, events: [...ciMasks, ...view.events] };
  const main = withCiMasks(await step({ bundle, dir, cwd, name: 'main', env, options }));
  const run = { dir, env, inputs, unexpectedInputs: unexpected, main };
  if (!postRuns(manifest, options, main.exitCode)) return run;
  const after = await step({ bundle, dir, cwd, name: 'post', env: postEnv(ci, env, main), options });
  return { ...run, post: withCiMasks(after) };
}
