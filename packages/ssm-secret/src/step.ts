import { resolve } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  fileError,
  formatDotenv,
  getBooleanInput,
  getInput,
  getIntegerInput,
  getListInput,
  inputDefault,
  inputName,
  quoteValue,
  setByUser,
  withStepDeadline,
  writePrivateFile,
} from '@aws-ci-kit/core';
import { resolveAwsSession } from '@aws-ci-kit/credential-chain';
import { DEFAULTS, INPUTS, TOOLKIT_INPUTS } from './inputs.ts';
import {
  buildVariables,
  checkPattern,
  createSsmClient,
  fetchParameters,
  isEnvName,
  type NameTransform,
  type ParameterRequest,
  type PathRequest,
  parseNameTransform,
  parseParameterRequest,
  parsePathRequest,
  SSM_DEFAULT_MAX_ATTEMPTS,
  type SsmSender,
  type SsmVariable,
} from './ssm/index.ts';
import { listed } from './ssm/listed.ts';

/** What the step needs from AWS; tests hand a real SSMClient pointed at the loopback endpoint. */
export interface SsmSecretDeps {
  ssm(runtime: CiRuntime): Promise<SsmSender>;
}

export const defaultSsmSecretDeps: SsmSecretDeps = {
  ssm: async (runtime) => {
    const session = await resolveAwsSession(runtime);
    runtime.log.info(`AWS credentials: ${session.source}; region ${session.region}.`);
    // SSM takes up to its own default of attempts (throttling bursts), never more than `retry-max-attempts` says.
    return createSsmClient(session.clientConfig(), {
      maxAttempts: Math.min(session.retryMaxAttempts, SSM_DEFAULT_MAX_ATTEMPTS),
    });
  },
};

/** Everything the inputs ask for, checked before any call to AWS. */
export interface SsmSecretPlan {
  readonly names: ParameterRequest[];
  readonly paths: PathRequest[];
  readonly invalid: Array<{ raw: string; invalid: string }>;
  readonly withDecryption: boolean;
  readonly transform: NameTransform;
  readonly parseJson: boolean;
  readonly maskAll: boolean;
  readonly allowMissing: boolean;
  readonly dotenvFile?: string;
  readonly concurrency: number;
  /** Control variable names (PATH, GIT_*, ...) the user allows, exactly as listed. */
  readonly allowControlVariables: readonly string[];
}

/** Reads and checks the inputs (both CIs' names, and the AWS Toolkit task's on Azure). */
export function readSsmSecretPlan(runtime: CiRuntime): SsmSecretPlan {
  // The AWS Toolkit task's inputs (readMode, parameterName, ...) are honoured wherever they are set.
  const toolkit = runtime.input(TOOLKIT_INPUTS.readMode) !== undefined;
  const recursive = getBooleanInput(runtime, INPUTS.recursive);
  const entries = getListInput(runtime, INPUTS.names);
  const pathEntries = getListInput(runtime, INPUTS.paths);
  let transformText = getInput(runtime, INPUTS.nameTransform);
  let transformInput = inputName(runtime, INPUTS.nameTransform);

  {
    const mode = runtime.input(TOOLKIT_INPUTS.readMode);
    if (mode === 'single' || mode === undefined) {
      const name = runtime.input(TOOLKIT_INPUTS.parameterName);
      const version = runtime.input(TOOLKIT_INPUTS.parameterVersion);
      if (version !== undefined && !/^[1-9]\d*$/.test(version)) {
        throw new CiKitError(
          'input',
          `Input \`parameterVersion\` must be a version number from 1, got ${quoteValue(version)}.`,
          {
            code: 'InputInvalid',
            hint: 'Set `parameterVersion` to a version number, or leave it empty for the latest version.',
          },
        );
      }
      if (name !== undefined) entries.unshift(version === undefined ? name : `${name}:${version}`);
      if (transformText === undefined && name !== undefined) {
        transformText = runtime.input(TOOLKIT_INPUTS.singleNameTransform);
        transformInput = TOOLKIT_INPUTS.singleNameTransform;
      }
    } else if (mode === 'hierarchy') {
      const path = runtime.input(TOOLKIT_INPUTS.parameterPath);
      if (path === undefined && entries.length === 0 && pathEntries.length === 0) {
        throw new CiKitError('input', 'Input `parameterPath` is required when `readMode` is `hierarchy`.', {
          code: 'InputMissing',
          hint: 'Set `parameterPath` to the path of the parameters, e.g. /app/prod.',
        });
      }
      if (path !== undefined) pathEntries.unshift(path);
      if (transformText === undefined) {
        transformText = runtime.input(TOOLKIT_INPUTS.hierarchyNameTransform);
        transformInput = TOOLKIT_INPUTS.hierarchyNameTransform;
      }
    } else {
      throw new CiKitError(
        'input',
        `Input \`readMode\` must be \`single\` or \`hierarchy\`, got ${quoteValue(mode)}.`,
        {
          code: 'InputInvalid',
          hint: 'Set `readMode` to `single` (parameterName) or `hierarchy` (parameterPath).',
        },
      );
    }
  }

  if (entries.length === 0 && pathEntries.length === 0) {
    const what = toolkit
      ? '`parameterName` (readMode single), `parameterPath` (readMode hierarchy), `names` or `paths`'
      : '`names` or `paths`';
    throw new CiKitError('input', 'No parameters to read.', {
      code: 'InputMissing',
      hint: `Set ${what}.`,
    });
  }

  const names: ParameterRequest[] = [];
  const paths: PathRequest[] = [];
  const invalid: Array<{ raw: string; invalid: string }> = [];
  for (const entry of entries) {
    const parsed = parseParameterRequest(entry);
    if ('invalid' in parsed) invalid.push(parsed);
    else names.push(parsed);
  }
  for (const entry of pathEntries) {
    const parsed = parsePathRequest(entry, recursive);
    if ('invalid' in parsed) invalid.push(parsed);
    else paths.push(parsed);
  }

  const steps = parseNameTransform(
    transformText ?? inputDefault(runtime, INPUTS.nameTransform) ?? 'env',
    transformInput,
  );
  checkSubstituteInputs(runtime, steps.includes('substitute'), transformInput);
  const transform: NameTransform = {
    steps,
    prefix: getInput(runtime, INPUTS.prefix) ?? '',
    ...(steps.includes('substitute') ? substituteOptions(runtime) : {}),
    ...(steps.includes('custom') ? { customName: customName(runtime, names, paths) } : {}),
  };

  const dotenvFile = getInput(runtime, INPUTS.dotenvFile);
  return {
    names,
    paths,
    invalid,
    withDecryption: getBooleanInput(runtime, INPUTS.withDecryption, DEFAULTS.withDecryption),
    transform,
    parseJson: getBooleanInput(runtime, INPUTS.parseJson, false),
    maskAll: getBooleanInput(runtime, INPUTS.maskAll, false),
    allowMissing: getBooleanInput(runtime, INPUTS.allowMissing, false),
    ...(dotenvFile === undefined ? {} : { dotenvFile }),
    allowControlVariables: getListInput(runtime, INPUTS.allowControlVariables),
    concurrency:
      getIntegerInput(runtime, INPUTS.maxConcurrency, {
        min: 1,
        max: 50,
        default: DEFAULTS.maxConcurrency,
      }) ?? DEFAULTS.maxConcurrency,
  };
}

/**
 * The `substitute` inputs are checked whatever the transform (an unreadable boolean is an error
 * everywhere); set without `substitute`, they are ignored with one warning naming them.
 */
function checkSubstituteInputs(runtime: CiRuntime, used: boolean, transformInput: string): void {
  getBooleanInput(runtime, INPUTS.globalMatch, DEFAULTS.globalMatch);
  getBooleanInput(runtime, INPUTS.caseInsensitiveMatch, DEFAULTS.caseInsensitiveMatch);
  if (used) return;
  // The runner passes every declared default: only a value other than the default was the user's.
  const ignored = (
    [
      [INPUTS.replacementPattern, ''],
      [INPUTS.replacementText, ''],
      [INPUTS.globalMatch, DEFAULTS.globalMatch],
      [INPUTS.caseInsensitiveMatch, DEFAULTS.caseInsensitiveMatch],
    ] as const
  )
    .filter(([spec, declared]) => setByUser(runtime, spec, declared))
    .map(([spec]) => `\`${inputName(runtime, spec)}\``);
  if (ignored.length > 0) {
    runtime.log.warning(
      `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored: \`${transformInput}\` has no \`substitute\` step.`,
    );
  }
}

function substituteOptions(runtime: CiRuntime): Partial<NameTransform> {
  const pattern = getInput(runtime, INPUTS.replacementPattern);
  checkPattern(pattern, inputName(runtime, INPUTS.replacementPattern));
  // The replacement may legitimately be empty (remove the match); inputs are trimmed.
  return {
    pattern: pattern!,
    replacement: getInput(runtime, INPUTS.replacementText) ?? '',
    globalMatch: getBooleanInput(runtime, INPUTS.globalMatch, DEFAULTS.globalMatch),
    caseInsensitiveMatch: getBooleanInput(
      runtime,
      INPUTS.caseInsensitiveMatch,
      DEFAULTS.caseInsensitiveMatch,
    ),
  };
}

function customName(
  runtime: CiRuntime,
  names: readonly ParameterRequest[],
  paths: readonly PathRequest[],
): string {
  const input = inputName(runtime, INPUTS.customVariableName);
  if (names.length !== 1 || paths.length > 0) {
    throw new CiKitError('input', 'The `custom` name transform names exactly one parameter.', {
      code: 'InputInvalid',
      hint: 'Read one parameter by name, or map each name to a variable with `name=VAR`.',
    });
  }
  const name = getInput(runtime, INPUTS.customVariableName);
  if (name === undefined) {
    throw new CiKitError('input', `Input \`${input}\` is required for the \`custom\` name transform.`, {
      code: 'InputMissing',
      hint: `Set \`${input}\` to the variable name.`,
    });
  }
  return name;
}

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
  const fetched = await fetchParameters(client, plan.names, plan.paths, {
    withDecryption: plan.withDecryption,
    maskAll: plan.maskAll,
    concurrency: plan.concurrency,
    mask: (value) => runtime.mask(value),
    debug: (message) => runtime.log.debug(message),
  });

  const problems = [
    ...plan.invalid.map((i) => `${i.raw} (${i.invalid})`),
    ...(plan.allowMissing ? [] : fetched.missing.map((m) => `${m.raw} (${m.reason})`)),
  ];
  if (problems.length > 0) {
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
