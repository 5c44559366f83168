import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import {
  CiKitError,
  type CiRules,
  type CiRuntime,
  describeError,
  errorCode,
  isUserError,
  type Logger,
  type ServiceConnection,
  secretLines,
  spawnProcess,
  toolEnvironment,
  type VariableOptions,
  writePrivateFile,
} from '@aws-ci-kit/core';
import * as tl from 'azure-pipelines-task-lib';
import { azurePipelinesRules } from './azure-rules.ts';
import { azureRunContext } from './azure-run-context.ts';
import { guardCommands, guardTitle } from './command-guard.ts';
import { isSecretVariableValue, readInputQuietly, readVariableQuietly } from './quiet-vault.ts';
import { requestAzureIdToken } from './request-azure-id-token.ts';

type Env = Record<string, string | undefined>;

function write(text: string): void {
  process.stdout.write(`${guardCommands(text)}\n`);
}

function endpointData(env: Env, id: string): Record<string, string> {
  const prefix = `ENDPOINT_DATA_${id}_`.toUpperCase();
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key.toUpperCase().startsWith(prefix))
      data[key.slice(prefix.length).toLowerCase()] = value;
  }
  return data;
}

function decodeState(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'string') return value === '' ? undefined : value;
  } catch {
    // Not written by this runtime: take it as it is.
  }
  return raw;
}

/**
 * The agent roots every `filePath` input at the sources directory, so one the user left empty
 * arrives as that directory itself: not supplied (as `tl.filePathSupplied` decides).
 */
function isPathRoot(value: string): boolean {
  const root = tl.getVariable('Build.SourcesDirectory') || tl.getVariable('System.DefaultWorkingDirectory');
  const plain = (path: string) => normalize(path).replace(/(.)[\\/]$/, '$1');
  return root !== undefined && root !== '' && isAbsolute(value) && plain(value) === plain(root);
}

/** The runtime's masking: each line with the agent, and what this step masked for `isMasked`. */
function azureMasking(env: Env): { mask(secret: string): void; isMasked(value: string): boolean } {
  const masked = new Set<string>();
  return {
    mask: (secret) => {
      masked.add(secret);
      for (const piece of secretLines(secret)) tl.setSecret(piece);
    },
    isMasked: (value) => masked.has(value) || isSecretVariableValue(value, env),
  };
}

/** Sets a variable or an output; masks a secret first, and says how to fix a multi-line one the agent refuses. */
function azureSetter(rules: CiRules, mask: (secret: string) => void, isOutput: boolean) {
  return (name: string, value: string, options?: VariableOptions): void => {
    const secret = options?.secret ?? false;
    if (secret) {
      mask(value);
      if (/[\r\n]/.test(value) && rules.multilineSecretHint() !== undefined) {
        throw new CiKitError(
          'configuration',
          `Azure Pipelines cannot hold the multi-line secret \`${name}\`.`,
          {
            code: 'MultilineSecret',
            hint: 'Pass the value on one line (e.g. base64-encoded), or set the variable SYSTEM_UNSAFEALLOWMULTILINESECRET to true.',
          },
        );
      }
    }
    tl.setVariable(name, value, secret, isOutput);
  };
}

/** A service connection as the task library reads it (authorization, URL, and its data from the environment). */
function azureEndpoint(env: Env, id: string): ServiceConnection | undefined {
  const auth = tl.getEndpointAuthorization(id, true);
  if (!auth) return undefined;
  return {
    id,
    url: tl.getEndpointUrl(id, true),
    scheme: auth.scheme,
    auth: { ...auth.parameters },
    data: endpointData(env, id),
  };
}

/** The task's log: every line through the command guard; groups as `##[group]`. */
const azureLog: Logger = {
  debug: (message) => tl.debug(guardCommands(message)),
  info: (message) => write(message),
  warning: (message) => tl.warning(guardCommands(message)),
  error: (message) => tl.error(guardCommands(message)),
  group: async (title, fn) => {
    process.stdout.write(`##[group]${guardTitle(title)}\n`);
    try {
      return await fn();
    } finally {
      process.stdout.write('##[endgroup]\n');
    }
  },
};

/**
 * Fails the task with one line: tl.setResult(Failed, line) without its code-less issue, i.e. the same
 * `task.issue` that tl.error writes (the agent's `logissue`, which MockTestRunner also reads), with the
 * stable code as its `code`. A bug's stack goes to the debug log.
 */
function failTask(error: unknown): void {
  if (!isUserError(error) && error instanceof Error && error.stack) tl.debug(guardCommands(error.stack));
  const line = guardTitle(describeError(error));
  tl.command(
    'task.issue',
    { type: 'error', source: tl.IssueSource.TaskInternal, code: errorCode(error) },
    line,
  );
  tl.command('task.complete', { result: 'Failed' }, line);
  process.exitCode = 1;
}

/** Uploads markdown to the run summary: a unique file per call (the agent reads it after the command). */
async function uploadSummary(tempDir: string, markdown: string): Promise<void> {
  const file = join(tempDir, `aws-ci-kit-summary-${randomUUID()}.md`);
  await writePrivateFile(file, markdown);
  tl.uploadSummary(file);
}

/**
 * The CiRuntime of an Azure Pipelines task, over azure-pipelines-task-lib. The task library reads
 * inputs, endpoints and secret variables from the environment when it is imported (and removes
 * the secret ones from process.env), so the runtime asks the library, never process.env, for them.
 */
export function createAzureRuntime(env: Env = process.env): CiRuntime {
  const { mask, isMasked } = azureMasking(env);
  const variable = (name: string): string | undefined => {
    const value = readVariableQuietly(name, env);
    return value === undefined || value === '' ? undefined : value;
  };
  const rules = azurePipelinesRules(variable);
  const tempDir = tl.getVariable('Agent.TempDirectory') || tmpdir();
  const cacheDir = tl.getVariable('Agent.ToolsDirectory');
  return {
    ci: 'azure-pipelines',
    rules,
    context: azureRunContext(env),
    tempDir,
    ...(cacheDir ? { cacheDir } : {}),
    isDebug: (tl.getVariable('System.Debug') ?? '').toLowerCase() === 'true',
    input: (name) => {
      const value = readInputQuietly(name)?.trim();
      return value && !isPathRoot(value) ? value : undefined;
    },
    variable,
    environment: () => ({ ...env }),
    endpoint: (id) => azureEndpoint(env, id),
    mask,
    isMasked,
    setVariable: azureSetter(rules, mask, false),
    setOutput: azureSetter(rules, mask, true),
    // The task library trims task variables, so state is stored JSON-encoded to round-trip exactly.
    state: {
      save: (key, value) => tl.setTaskVariable(key, JSON.stringify(value)),
      get: (key) => decodeState(tl.getTaskVariable(key)),
    },
    idToken: async (request) => {
      const token = await requestAzureIdToken({
        uri: tl.getVariable('System.OidcRequestUri'),
        accessToken: readVariableQuietly('System.AccessToken', env),
        serviceConnectionId: request?.serviceConnectionId,
      });
      mask(token);
      return token;
    },
    // A tool gets the step's environment without the task's inputs: the task library takes the inputs
    // that have a value into its vault; the agent also sets every declared input left empty.
    exec: (command, args, options = {}) => {
      if (!options.silent) write(`[command]${command} ${args.join(' ')}`);
      return spawnProcess(command, args, { ...options, baseEnv: toolEnvironment(env) }, (line) =>
        options.passCommands ? process.stdout.write(`${line}\n`) : write(line),
      );
    },
    log: azureLog,
    summary: (markdown) => uploadSummary(tempDir, markdown),
    fail: failTask,
  };
}
