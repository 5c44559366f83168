import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { isAbsolute, join, normalize } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  describeError,
  errorCode,
  isUserError,
  type ServiceConnection,
  secretLines,
  spawnProcess,
  writePrivateFile,
} from '@aws-ci-kit/core';
import * as tl from 'azure-pipelines-task-lib';
import { azurePipelinesRules } from './azure-rules.ts';
import { azureRunContext } from './azure-run-context.ts';
import { guardCommands, guardTitle } from './command-guard.ts';
import { isSecretVariableValue, readInputQuietly, readVariableQuietly } from './quiet-vault.ts';

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

/**
 * A tool's environment: the step's, without the task's inputs. The task library takes the inputs
 * that have a value into its vault; the agent also sets every declared input left empty, and a child
 * (docker, buildah, the AWS CLI) needs none of them.
 */
function toolEnv(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^INPUT_/i.test(name)));
}

/**
 * The CiRuntime of an Azure Pipelines task, over azure-pipelines-task-lib. The task library reads
 * inputs, endpoints and secret variables from the environment when it is imported (and removes
 * the secret ones from process.env), so the runtime asks the library, never process.env, for them.
 */
export function createAzureRuntime(env: Env = process.env): CiRuntime {
  const masked = new Set<string>();
  const mask = (secret: string): void => {
    masked.add(secret);
    for (const piece of secretLines(secret)) tl.setSecret(piece);
  };
  const variable = (name: string): string | undefined => {
    const value = readVariableQuietly(name, env);
    return value === undefined || value === '' ? undefined : value;
  };
  const rules = azurePipelinesRules(variable);
  /** Masks a secret first; the agent refuses multi-line secret variables, so say which and how to fix it. */
  const setAzureVariable = (name: string, value: string, secret: boolean, isOutput: boolean): void => {
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
  const isDebug = (tl.getVariable('System.Debug') ?? '').toLowerCase() === 'true';
  const tempDir = tl.getVariable('Agent.TempDirectory') || tmpdir();
  const runtime: CiRuntime = {
    ci: 'azure-pipelines',
    rules,
    context: azureRunContext(env),
    tempDir,
    isDebug,
    input: (name) => {
      const value = readInputQuietly(name)?.trim();
      return value && !isPathRoot(value) ? value : undefined;
    },
    variable,
    environment: () => ({ ...env }),
    endpoint: (id): ServiceConnection | undefined => {
      const auth = tl.getEndpointAuthorization(id, true);
      if (!auth) return undefined;
      return {
        id,
        url: tl.getEndpointUrl(id, true),
        scheme: auth.scheme,
        auth: { ...auth.parameters },
        data: endpointData(env, id),
      };
    },
    mask,
    isMasked: (value) => masked.has(value) || isSecretVariableValue(value, env),
    setVariable: (name, value, options) => setAzureVariable(name, value, options?.secret ?? false, false),
    setOutput: (name, value, options) => setAzureVariable(name, value, options?.secret ?? false, true),
    // The task library trims task variables, so state is stored JSON-encoded to round-trip exactly.
    state: {
      save: (key, value) => tl.setTaskVariable(key, JSON.stringify(value)),
      get: (key) => decodeState(tl.getTaskVariable(key)),
    },
    idToken: async (request) => {
      const uri = tl.getVariable('System.OidcRequestUri');
      const accessToken = readVariableQuietly('System.AccessToken', env);
      const id = request?.serviceConnectionId;
      if (!uri || !accessToken || !id) {
        throw new CiKitError('configuration', 'This Azure Pipelines job cannot request an OIDC token.', {
          code: 'OidcUnavailable',
          tryNextLink: true,
          hint: 'Use a service connection with OIDC enabled and make System.AccessToken available to the task.',
        });
      }
      const url = new URL(uri);
      url.searchParams.set('api-version', '7.1');
      url.searchParams.set('serviceConnectionId', id);
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      });
      if (!response.ok) {
        throw new CiKitError(
          'credentials',
          `Azure Pipelines refused the OIDC token request (HTTP ${response.status}).`,
          {
            code: 'OidcRequestFailed',
            hint: 'Check that the service connection uses workload identity federation and the pipeline may use it.',
          },
        );
      }
      const body = (await response.json()) as { oidcToken?: string };
      if (!body.oidcToken) {
        throw new CiKitError(
          'credentials',
          'Azure Pipelines answered the OIDC token request without a token.',
          {
            code: 'OidcRequestFailed',
          },
        );
      }
      mask(body.oidcToken);
      return body.oidcToken;
    },
    exec: (command, args, options = {}) => {
      if (!options.silent) write(`[command]${command} ${args.join(' ')}`);
      return spawnProcess(command, args, { ...options, baseEnv: toolEnv(env) }, (line) =>
        options.passCommands ? process.stdout.write(`${line}\n`) : write(line),
      );
    },
    log: {
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
    },
    summary: async (markdown) => {
      // A unique name per call: the agent reads the file after the command, so never overwrite one.
      const file = join(tempDir, `aws-ci-kit-summary-${randomUUID()}.md`);
      await writePrivateFile(file, markdown);
      tl.uploadSummary(file);
    },
    fail: (error) => {
      if (!isUserError(error) && error instanceof Error && error.stack) tl.debug(guardCommands(error.stack));
      // tl.setResult(Failed, line) without its code-less issue: the same `task.issue` that tl.error writes
      // (the agent's `logissue`, which MockTestRunner also reads), with the stable code as its `code`.
      const line = guardTitle(describeError(error));
      tl.command(
        'task.issue',
        { type: 'error', source: tl.IssueSource.TaskInternal, code: errorCode(error) },
        line,
      );
      tl.command('task.complete', { result: 'Failed' }, line);
      process.exitCode = 1;
    },
  };
  return runtime;
}
