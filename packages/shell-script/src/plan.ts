import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  getRequiredInput,
  inputName,
  invalidInput,
  splitArguments,
} from '@aws-ci-kit/core';
import { DEFAULT_WORKING_DIRECTORY, INPUTS, SCRIPT_TYPES } from './names.ts';

/** Where the script comes from: a file in the repository, or text written to a temporary file. */
export type ScriptSource =
  | { readonly kind: 'filePath'; readonly path: string }
  | { readonly kind: 'inline'; readonly text: string };

/** Every AwsCiKitShellScript input, read and checked once before any work. */
export interface ShellScriptPlan {
  readonly script: ScriptSource;
  readonly args: readonly string[];
  /** The working directory; `undefined`: the script's own folder. */
  readonly cwd: string | undefined;
  readonly failOnStandardError: boolean;
}

async function readScriptSource(runtime: CiRuntime): Promise<ScriptSource> {
  const type = getInput(runtime, INPUTS.scriptType) ?? 'filePath';
  if (type === 'inline') return { kind: 'inline', text: getRequiredInput(runtime, INPUTS.inlineScript) };
  if (type !== 'filePath') throw invalidInput(runtime, INPUTS.scriptType, SCRIPT_TYPES.join(' or '), type);
  const path = resolve(getRequiredInput(runtime, INPUTS.filePath));
  try {
    await access(path);
  } catch {
    throw new CiKitError('input', `The script ${path} does not exist.`, {
      code: 'ScriptNotFound',
      hint: `Check \`${inputName(runtime, INPUTS.filePath)}\` (relative paths start at the working directory).`,
    });
  }
  return { kind: 'filePath', path };
}

export async function readShellScriptPlan(runtime: CiRuntime): Promise<ShellScriptPlan> {
  const script = await readScriptSource(runtime);
  return {
    script,
    args: splitArguments(getInput(runtime, INPUTS.arguments)),
    cwd: getBooleanInput(runtime, INPUTS.disableAutoCwd)
      ? resolve(getRequiredInput(runtime, INPUTS.workingDirectory))
      : runtime.variable(DEFAULT_WORKING_DIRECTORY),
    failOnStandardError: getBooleanInput(runtime, INPUTS.failOnStandardError),
  };
}
