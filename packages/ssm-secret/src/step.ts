import { resolve } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  fileError,
  formatDotenv,
  inputName,
  withStepDeadline,
  writePrivateFile,
} from '@aws-ci-kit/core';
import { INPUTS } from './inputs.ts';
import { readSsmSecretPlan, type SsmSecretPlan } from './plan.ts';
import {
  buildVariables,
  type FetchResult,
  fetchParameters,
  isEnvName,
  type SsmSender,
  type SsmVariable,
} from './ssm/index.ts';
import { listed } from './ssm/listed.ts';
import { createSessionSsmClient, withIdentityCheck } from './ssm-session.ts';

/**
 * What the step needs from AWS; tests hand a real SSMClient pointed at the loopback endpoint. The
 * default's client carries its session's identity check, which the reads wait for (ssm-session.ts).
 */
export interface SsmSecretDeps {
  ssm(runtime: CiRuntime): Promise<SsmSender>;
}

export const defaultSsmSecretDeps: SsmSecretDeps = { ssm: createSessionSsmClient };

/**
 * Reads SSM parameters (by name, by path, Secrets Manager references) into variables for later steps:
 * secret values are masked the moment they arrive, set as secret variables and outputs, and optionally
 * written to a dotenv file (0600).
 */
export function ssmSecretStep(runtime: CiRuntime, deps: SsmSecretDeps = defaultSsmSecretDeps): Promise<void> {
  return withStepDeadline(
    runtime,
    { input: INPUTS.timeoutSeconds, defaultSeconds: 120, step: 'Reading the SSM parameters' },
    () => readParameters(runtime, deps),
  );
}

async function readParameters(runtime: CiRuntime, deps: SsmSecretDeps): Promise<void> {
  const plan = readSsmSecretPlan(runtime);
  const client = await deps.ssm(runtime);
  const fetched = await withIdentityCheck(
    client,
    fetchParameters(client, plan.requests, {
      withDecryption: plan.withDecryption,
      maskAll: plan.maskAll,
      concurrency: plan.concurrency,
      mask: (value) => runtime.mask(value),
      debug: (message) => runtime.log.debug(message),
    }),
  );
  checkUnread(runtime, plan, fetched);
  for (const m of fetched.missing) runtime.log.warning(`Skipped ${m.raw}: ${m.reason}.`);

  const variables = buildVariables(fetched.parameters, {
    rules: runtime.rules,
    transform: plan.transform,
    parseJson: plan.parseJson,
    mask: (value) => runtime.mask(value),
    allowControlVariables: plan.allowControlVariables,
    allowInput: runtime.rules.inputLabel(inputName(runtime, INPUTS.allowControlVariables)),
  });
  checkMultilineSecrets(runtime, variables);
  if (plan.dotenvFile !== undefined)
    await writeDotenv(resolve(plan.dotenvFile), variables, inputName(runtime, INPUTS.dotenvFile));

  for (const v of variables) {
    runtime.setVariable(v.name, v.value, { secret: v.secret });
    runtime.setOutput(v.name, v.value, { secret: v.secret });
    runtime.log.debug(`${v.source} -> ${v.name}${v.secret ? ' (secret)' : ''}`);
  }
  const secrets = variables.filter((v) => v.secret).length;
  const calls = Object.entries(fetched.calls)
    .map(([op, n]) => `${n} ${op}`)
    .join(', ');
  runtime.log.info(
    `Set ${variables.length} variable(s), ${secrets} secret, from ${fetched.parameters.length} parameter(s) (${calls || 'no calls'}).`,
  );
  if (plan.dotenvFile !== undefined)
    runtime.log.info(`Wrote ${variables.length} variable(s) to ${plan.dotenvFile} (mode 0600).`);
}

/** Invalid entries, and missing parameters unless `allow-missing`: all listed in one error. */
function checkUnread(runtime: CiRuntime, plan: SsmSecretPlan, fetched: FetchResult): void {
  const problems = [
    ...plan.invalid.map((i) => `${i.raw} (${i.invalid})`),
    ...(plan.allowMissing ? [] : fetched.missing.map((m) => `${m.raw} (${m.reason})`)),
  ];
  if (problems.length === 0) return;
  throw new CiKitError('input', `${problems.length} parameter(s) could not be read: ${listed(problems)}.`, {
    code: 'ParameterNotFound',
    hint: [
      plan.invalid.length ? 'Write names as name, name:version or name:label, optionally =VAR.' : '',
      fetched.missing.length && !plan.allowMissing
        ? `Check the names, versions, labels and region, or set \`${inputName(runtime, INPUTS.allowMissing)}\` to true to skip missing ones.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
  });
}

/**
 * A CI may refuse multi-line secret variables (Azure Pipelines, unless the pipeline opts in): check
 * them all before setting any variable, so a run never stops half-way with some variables set.
 */
function checkMultilineSecrets(runtime: CiRuntime, variables: readonly SsmVariable[]): void {
  const hint = runtime.rules.multilineSecretHint();
  if (hint === undefined) return;
  const multiline = variables.filter((v) => v.secret && /[\r\n]/.test(v.value)).map((v) => v.name);
  if (multiline.length === 0) return;
  throw new CiKitError(
    'configuration',
    `${runtime.rules.displayName} cannot hold ${multiline.length} multi-line secret(s): ${listed(multiline)}.`,
    { code: 'MultilineSecret', hint },
  );
}

async function writeDotenv(file: string, variables: readonly SsmVariable[], input: string): Promise<void> {
  const bad = variables.filter((v) => !isEnvName(v.name)).map((v) => v.name);
  if (bad.length > 0) {
    throw new CiKitError(
      'input',
      `${bad.length} variable name(s) cannot go in a dotenv file: ${listed(bad)}.`,
      {
        code: 'InvalidVariableName',
        hint: 'Use the `env` name transform or map the parameters to names like DB_PASSWORD.',
      },
    );
  }
  const text = formatDotenv(variables, input);
  try {
    await writePrivateFile(file, text);
  } catch (error) {
    throw fileError(
      'The dotenv file',
      file,
      error,
      `Set \`${input}\` to a file path in a directory the job can write.`,
    );
  }
}
