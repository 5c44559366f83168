import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  getListInput,
  type InputSpec,
  inputName,
  quoteValue,
  setByUser,
} from '@aws-ci-kit/core';
import { CONTAINER_CLIS, validateRepositoryName } from './ecr/index.ts';
import { INPUTS } from './names.ts';

/**
 * The declared defaults (action.yml and task.json agree) of the inputs a mode may ignore: the runner
 * and the agent pass them on every run, so only a value other than the default was the user's.
 */
const IGNORABLE_DEFAULTS = new Map<InputSpec, string | boolean>([
  [INPUTS.kmsKey, ''],
  [INPUTS.encryptionType, 'AES256'],
  [INPUTS.tagMutability, 'MUTABLE'],
  [INPUTS.scanOnPush, false],
  [INPUTS.mountFrom, ''],
  [INPUTS.compression, 'gzip'],
  [INPUTS.chunkSize, '0'],
  [INPUTS.concurrency, '4'],
]);

/** Valid inputs the chosen mode does not read, set by the user: one warning naming them, never silence. */
function warnIgnored(runtime: CiRuntime): void {
  const ignored: string[] = [];
  const set = (spec: InputSpec) => setByUser(runtime, spec, IGNORABLE_DEFAULTS.get(spec));
  const name = (spec: InputSpec) => `\`${inputName(runtime, spec)}\``;
  if (set(INPUTS.kmsKey) && (getInput(runtime, INPUTS.encryptionType) ?? 'aes256').toLowerCase() !== 'kms')
    ignored.push(`${name(INPUTS.kmsKey)} (${name(INPUTS.encryptionType)} is not kms)`);
  if (!getBooleanInput(runtime, INPUTS.createRepository)) {
    for (const spec of [INPUTS.kmsKey, INPUTS.encryptionType, INPUTS.tagMutability, INPUTS.scanOnPush])
      if (set(spec) && !ignored.some((i) => i.startsWith(name(spec))))
        ignored.push(`${name(spec)} (${name(INPUTS.createRepository)} is off)`);
  }
  if ((getInput(runtime, INPUTS.pushMode) ?? 'auto').toLowerCase() === 'cli') {
    for (const spec of [INPUTS.mountFrom, INPUTS.compression, INPUTS.chunkSize, INPUTS.concurrency])
      if (set(spec)) ignored.push(`${name(spec)} (a container CLI pushes)`);
  }
  if (ignored.length > 0) runtime.log.warning(`Ignored: ${ignored.join(', ')}.`);
}

/**
 * The ECR inputs that reach a variable name or a tool's argument list, checked before any work in
 * every mode (an invalid value is an error even where the mode does not read it): the output
 * variable by the CI's own rules, values a container CLI would read as options, the registry
 * endpoint and KMS key; valid inputs the mode ignores get one warning.
 */
export function checkEcrInputs(runtime: CiRuntime): void {
  const cli = getInput(runtime, INPUTS.containerCli)?.toLowerCase();
  if (cli !== undefined && cli !== 'auto' && !(CONTAINER_CLIS as readonly string[]).includes(cli)) {
    const name = inputName(runtime, INPUTS.containerCli);
    throw new CiKitError('input', `Input \`${name}\` names an unknown container CLI ${quoteValue(cli)}.`, {
      code: 'InputInvalid',
      hint: `Set \`${name}\` to auto or one of ${CONTAINER_CLIS.join(', ')}.`,
    });
  }
  // A name that becomes a variable is checked by the CI's rules before anything is pushed.
  const outputVariable = getInput(runtime, INPUTS.outputVariable);
  const problem =
    outputVariable === undefined ? undefined : runtime.rules.variableNameProblem(outputVariable);
  if (outputVariable !== undefined && problem) {
    const name = inputName(runtime, INPUTS.outputVariable);
    throw new CiKitError(
      'input',
      `Input \`${name}\` is not a valid variable name (${problem}): ${quoteValue(outputVariable)}.`,
      {
        code: 'InputInvalid',
        hint: `${runtime.rules.variableNameHint} Set \`${name}\` to a name such as IMAGE_URI.`,
      },
    );
  }
  // Values handed to a container CLI as arguments can never be read as its options.
  for (const spec of [
    INPUTS.image,
    INPUTS.context,
    INPUTS.dockerfile,
    INPUTS.target,
    INPUTS.platform,
    INPUTS.sourceImageTag,
    INPUTS.sourceImageId,
  ]) {
    const value = getInput(runtime, spec);
    if (value?.startsWith('-')) {
      const name = inputName(runtime, spec);
      throw new CiKitError(
        'input',
        `Input \`${name}\` starts with "-" (${quoteValue(value)}), so a container CLI would read it as an option.`,
        {
          code: 'InputInvalid',
          hint: `Set \`${name}\` to an image name, path or value that does not start with "-" (write ./-name for a path).`,
        },
      );
    }
  }
  for (const spec of [INPUTS.buildArgs, INPUTS.labels]) {
    const bad = getListInput(runtime, spec).find((item) => item.startsWith('-'));
    if (bad !== undefined) {
      const name = inputName(runtime, spec);
      throw new CiKitError(
        'input',
        `Input \`${name}\` lists ${quoteValue(bad)}, which a container CLI would read as an option.`,
        {
          code: 'InputInvalid',
          hint: `Remove the leading "-" from the items of \`${name}\`.`,
        },
      );
    }
  }
  const endpoint = getInput(runtime, INPUTS.registryEndpoint);
  if (endpoint !== undefined && !/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(endpoint)) {
    const name = inputName(runtime, INPUTS.registryEndpoint);
    throw new CiKitError(
      'input',
      `Input \`${name}\` is not a registry host or URL: ${quoteValue(endpoint)}.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to a host[:port] or https://host[:port].`,
      },
    );
  }
  const kmsKey = getInput(runtime, INPUTS.kmsKey);
  if (kmsKey !== undefined && !/^[A-Za-z0-9:/_+=,.@-]{1,2048}$/.test(kmsKey)) {
    const name = inputName(runtime, INPUTS.kmsKey);
    throw new CiKitError(
      'input',
      `Input \`${name}\` is not a KMS key id, ARN or alias: ${quoteValue(kmsKey)}.`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to a key id, key ARN or alias/name.`,
      },
    );
  }
  // Read by the daemonless push only, checked in every mode.
  for (const repository of getListInput(runtime, INPUTS.mountFrom)) {
    validateRepositoryName(repository, inputName(runtime, INPUTS.mountFrom));
  }
  warnIgnored(runtime);
}
