import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  getIntegerInput,
  getListInput,
  type InputSpec,
  inputDefault,
  inputName,
  setByUser,
} from '@aws-ci-kit/core';
import { DEFAULTS, INPUTS } from './inputs.ts';
import {
  checkPattern,
  type InvalidRequest,
  type NameTransform,
  parseNameTransform,
  parseParameterRequest,
  parsePathRequest,
  type SsmRequest,
} from './ssm/index.ts';
import { checkToolkitRequest, readToolkitRequest, type ToolkitRequest } from './toolkit-inputs.ts';

/** Everything the inputs ask for, checked before any call to AWS. */
export interface SsmSecretPlan {
  /** What to read, by name then by path, in the order asked (the Toolkit task's entry first). */
  readonly requests: readonly SsmRequest[];
  /** Entries that are not valid names or paths (reported with the missing ones, after reading). */
  readonly invalid: readonly InvalidRequest[];
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

/** Reads and checks the step's inputs, and the AWS Toolkit task's wherever they are set. */
export function readSsmSecretPlan(runtime: CiRuntime): SsmSecretPlan {
  const recursive = getBooleanInput(runtime, INPUTS.recursive);
  const toolkit = readToolkitRequest(runtime);
  const { requests, invalid } = readRequests(runtime, toolkit, recursive);
  const transform = readNameTransform(runtime, toolkit, requests);
  const dotenvFile = getInput(runtime, INPUTS.dotenvFile);
  return {
    requests,
    invalid,
    transform,
    withDecryption: getBooleanInput(runtime, INPUTS.withDecryption, DEFAULTS.withDecryption),
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

/** The names (the Toolkit's `parameterName` first), then the paths, parsed; at least one is required. */
function readRequests(
  runtime: CiRuntime,
  toolkit: ToolkitRequest,
  recursive: boolean,
): { requests: SsmRequest[]; invalid: InvalidRequest[] } {
  const ownNames = getListInput(runtime, INPUTS.names);
  const ownPaths = getListInput(runtime, INPUTS.paths);
  checkToolkitRequest(toolkit, ownNames.length + ownPaths.length);
  const names =
    toolkit.mode === 'single' && toolkit.name !== undefined ? [toolkit.name, ...ownNames] : ownNames;
  const paths =
    toolkit.mode === 'hierarchy' && toolkit.path !== undefined ? [toolkit.path, ...ownPaths] : ownPaths;
  if (names.length === 0 && paths.length === 0) {
    const what = toolkit.readModeSet
      ? '`parameterName` (readMode single), `parameterPath` (readMode hierarchy), `names` or `paths`'
      : '`names` or `paths`';
    throw new CiKitError('input', 'No parameters to read.', { code: 'InputMissing', hint: `Set ${what}.` });
  }
  const requests: SsmRequest[] = [];
  const invalid: InvalidRequest[] = [];
  const parsed = [
    ...names.map(parseParameterRequest),
    ...paths.map((entry) => parsePathRequest(entry, recursive)),
  ];
  for (const entry of parsed) {
    if (entry.kind === 'invalid') invalid.push(entry);
    else requests.push(entry);
  }
  return { requests, invalid };
}

/**
 * The name transform: the step's own input, else (when it is unset) the Toolkit task's input of
 * its read mode, else this naming style's default; then the `substitute` and `custom` inputs.
 */
function readNameTransform(
  runtime: CiRuntime,
  toolkit: ToolkitRequest,
  requests: readonly SsmRequest[],
): NameTransform {
  const own = getInput(runtime, INPUTS.nameTransform);
  const toolkitInput = own === undefined ? toolkit.transformInput : undefined;
  const text = toolkitInput === undefined ? own : runtime.input(toolkitInput);
  const input = toolkitInput ?? inputName(runtime, INPUTS.nameTransform);
  const steps = parseNameTransform(text ?? inputDefault(runtime, INPUTS.nameTransform) ?? 'env', input);
  checkSubstituteInputs(runtime, steps.includes('substitute'), input);
  return {
    steps,
    prefix: getInput(runtime, INPUTS.prefix) ?? '',
    ...(steps.includes('substitute') ? substituteOptions(runtime) : {}),
    ...(steps.includes('custom') ? { customName: customName(runtime, requests) } : {}),
  };
}

/** The `substitute` inputs with the value a CI passes when the user left them alone. */
const SUBSTITUTE_INPUTS: ReadonlyArray<readonly [InputSpec, string | boolean]> = [
  [INPUTS.replacementPattern, ''],
  [INPUTS.replacementText, ''],
  [INPUTS.globalMatch, DEFAULTS.globalMatch],
  [INPUTS.caseInsensitiveMatch, DEFAULTS.caseInsensitiveMatch],
];

/**
 * The `substitute` inputs are checked whatever the transform (an unreadable boolean is an error
 * everywhere); set without `substitute`, they are ignored with one warning naming them.
 */
function checkSubstituteInputs(runtime: CiRuntime, used: boolean, transformInput: string): void {
  getBooleanInput(runtime, INPUTS.globalMatch, DEFAULTS.globalMatch);
  getBooleanInput(runtime, INPUTS.caseInsensitiveMatch, DEFAULTS.caseInsensitiveMatch);
  if (used) return;
  // The runner passes every declared default: only a value other than the default was the user's.
  const ignored = SUBSTITUTE_INPUTS.filter(([spec, declared]) => setByUser(runtime, spec, declared)).map(
    ([spec]) => `\`${inputName(runtime, spec)}\``,
  );
  if (ignored.length > 0) {
    runtime.log.warning(
      `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored: \`${transformInput}\` has no \`substitute\` step.`,
    );
  }
}

function substituteOptions(runtime: CiRuntime): Partial<NameTransform> {
  const pattern = checkPattern(
    getInput(runtime, INPUTS.replacementPattern),
    inputName(runtime, INPUTS.replacementPattern),
  );
  // The replacement may legitimately be empty (remove the match); inputs are trimmed.
  return {
    pattern,
    replacement: getInput(runtime, INPUTS.replacementText) ?? '',
    globalMatch: getBooleanInput(runtime, INPUTS.globalMatch, DEFAULTS.globalMatch),
    caseInsensitiveMatch: getBooleanInput(
      runtime,
      INPUTS.caseInsensitiveMatch,
      DEFAULTS.caseInsensitiveMatch,
    ),
  };
}

/** `custom` names exactly one parameter read by name, with the custom variable name input. */
function customName(runtime: CiRuntime, requests: readonly SsmRequest[]): string {
  const input = inputName(runtime, INPUTS.customVariableName);
  if (requests.length !== 1 || requests[0]?.kind !== 'name') {
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
