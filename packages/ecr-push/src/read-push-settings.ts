import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getChoiceInput,
  getInput,
  getIntegerInput,
  getListInput,
  inputName,
  quoteValue,
} from '@aws-ci-kit/core';
import { type RepositorySettings, validateRepositoryName } from './ecr/index.ts';
import {
  COMPRESSIONS,
  ENCRYPTION_TYPES,
  INPUTS,
  PUSH_MODES,
  type PushMode,
  TAG_MUTABILITIES,
} from './names.ts';

const MiB = 1024 * 1024;

/** How a push goes, read (and checked) in every mode. */
export interface PushSettings {
  /** `push-mode` as asked (`auto` is resolved with the image source). */
  readonly pushMode: PushMode;
  /** Create the repository when missing, with these settings. */
  readonly createRepository: RepositorySettings | undefined;
  /** Daemonless only: parallel uploads, upload part size in bytes, repositories to mount from, gzip. */
  readonly concurrency: number;
  readonly chunkSize: number | undefined;
  readonly mountFrom: readonly string[];
  readonly gzip: boolean;
  /** A variable (by the CI's rules) to set to the image URI. */
  readonly outputVariable: string | undefined;
  /** ECRPushImage's `removeDockerImage`: `rmi -f` the local source image after the push. */
  readonly removeImage: boolean;
}

function readChunkSize(runtime: CiRuntime): number {
  const chunk = getIntegerInput(runtime, INPUTS.chunkSize, { min: 0, max: 4096, default: 0 }) ?? 0;
  if (chunk > 0 && chunk < 5) {
    const name = inputName(runtime, INPUTS.chunkSize);
    throw new CiKitError(
      'input',
      `Input \`${name}\` must be 0 or at least 5 (ECR's smallest upload part is 5 MiB).`,
      {
        code: 'InputInvalid',
        hint: `Set \`${name}\` to 0 (one request per layer) or 5 or more.`,
      },
    );
  }
  return chunk;
}

function readKmsKey(runtime: CiRuntime): string | undefined {
  const kmsKey = getInput(runtime, INPUTS.kmsKey);
  if (kmsKey === undefined || /^[A-Za-z0-9:/_+=,.@-]{1,2048}$/.test(kmsKey)) return kmsKey;
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

/** A name that becomes a variable is checked by the CI's rules before anything is pushed. */
function readOutputVariable(runtime: CiRuntime): string | undefined {
  const value = getInput(runtime, INPUTS.outputVariable);
  const problem = value === undefined ? undefined : runtime.rules.variableNameProblem(value);
  if (value === undefined || !problem) return value;
  const name = inputName(runtime, INPUTS.outputVariable);
  throw new CiKitError(
    'input',
    `Input \`${name}\` is not a valid variable name (${problem}): ${quoteValue(value)}.`,
    {
      code: 'InputInvalid',
      hint: `${runtime.rules.variableNameHint} Set \`${name}\` to a name such as IMAGE_URI.`,
    },
  );
}

/** The repository inputs as read, before `create-repository` decides whether they count. */
interface RepositoryInputs {
  readonly create: boolean;
  readonly mutability: (typeof TAG_MUTABILITIES)[number];
  readonly encryption: (typeof ENCRYPTION_TYPES)[number];
  readonly kmsKey: string | undefined;
  readonly scanOnPush: boolean;
}

function repositorySettings(r: RepositoryInputs): RepositorySettings | undefined {
  if (!r.create) return undefined;
  return {
    tagMutability: r.mutability === 'immutable' ? 'IMMUTABLE' : 'MUTABLE',
    scanOnPush: r.scanOnPush,
    encryption: {
      type: r.encryption === 'kms' ? 'KMS' : 'AES256',
      ...(r.kmsKey ? { kmsKey: r.kmsKey } : {}),
    },
  };
}

/**
 * Valid inputs the chosen mode does not read, set by the user (to other than the default that
 * action.yml and task.json declare, which the runner and the agent pass on every run): one warning
 * naming them, never silence.
 */
function warnIgnored(
  runtime: CiRuntime,
  r: RepositoryInputs,
  s: Omit<PushSettings, 'createRepository'>,
): void {
  const ignored: string[] = [];
  const name = (spec: { name: string }) => `\`${inputName(runtime, spec)}\``;
  const kmsIgnored = r.kmsKey !== undefined && r.encryption !== 'kms';
  if (kmsIgnored) ignored.push(`${name(INPUTS.kmsKey)} (${name(INPUTS.encryptionType)} is not kms)`);
  if (!r.create) {
    const off = `(${name(INPUTS.createRepository)} is off)`;
    if (r.kmsKey !== undefined && !kmsIgnored) ignored.push(`${name(INPUTS.kmsKey)} ${off}`);
    if (r.encryption !== 'aes256') ignored.push(`${name(INPUTS.encryptionType)} ${off}`);
    if (r.mutability !== 'mutable') ignored.push(`${name(INPUTS.tagMutability)} ${off}`);
    if (r.scanOnPush) ignored.push(`${name(INPUTS.scanOnPush)} ${off}`);
  }
  if (s.pushMode === 'cli') {
    const cli = '(a container CLI pushes)';
    if (s.mountFrom.length > 0) ignored.push(`${name(INPUTS.mountFrom)} ${cli}`);
    if (!s.gzip) ignored.push(`${name(INPUTS.compression)} ${cli}`);
    if (s.chunkSize !== undefined) ignored.push(`${name(INPUTS.chunkSize)} ${cli}`);
    if (s.concurrency !== 4) ignored.push(`${name(INPUTS.concurrency)} ${cli}`);
  }
  if (ignored.length > 0) runtime.log.warning(`Ignored: ${ignored.join(', ')}.`);
}

/** The push's inputs, each read once and checked; valid ones the mode ignores get one warning. */
export function readPushSettings(runtime: CiRuntime): PushSettings {
  const outputVariable = readOutputVariable(runtime);
  const repository: RepositoryInputs = {
    kmsKey: readKmsKey(runtime),
    create: getBooleanInput(runtime, INPUTS.createRepository),
    scanOnPush: getBooleanInput(runtime, INPUTS.scanOnPush),
    mutability: getChoiceInput(runtime, INPUTS.tagMutability, TAG_MUTABILITIES) ?? 'mutable',
    encryption: getChoiceInput(runtime, INPUTS.encryptionType, ENCRYPTION_TYPES) ?? 'aes256',
  };
  const mountFrom = getListInput(runtime, INPUTS.mountFrom);
  // Read by the daemonless push only, checked in every mode.
  for (const name of mountFrom) validateRepositoryName(name, inputName(runtime, INPUTS.mountFrom));
  const removeImage = getBooleanInput(runtime, INPUTS.removeImage);
  const concurrency = getIntegerInput(runtime, INPUTS.concurrency, { min: 1, max: 32, default: 4 }) ?? 4;
  const chunkMb = readChunkSize(runtime);
  const gzip = (getChoiceInput(runtime, INPUTS.compression, COMPRESSIONS) ?? 'gzip') === 'gzip';
  const pushMode = getChoiceInput(runtime, INPUTS.pushMode, PUSH_MODES, pushModeHint(runtime)) ?? 'auto';
  const chunkSize = chunkMb > 0 ? chunkMb * MiB : undefined;
  const settings = { pushMode, concurrency, chunkSize, mountFrom, gzip, outputVariable, removeImage };
  warnIgnored(runtime, repository, settings);
  return { ...settings, createRepository: repositorySettings(repository) };
}

function pushModeHint(runtime: CiRuntime): string {
  return `Set \`${inputName(runtime, INPUTS.pushMode)}\` to cli (docker push) or daemonless (registry API, no daemon).`;
}
