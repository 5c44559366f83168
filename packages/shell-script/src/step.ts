import { randomUUID } from 'node:crypto';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  CiKitError,
  type CiRuntime,
  getBooleanInput,
  getInput,
  getRequiredInput,
  inputName,
  quoteValue,
  splitArguments,
} from '@aws-ci-kit/core';
import { resolveAwsSession, sessionEnvironment } from '@aws-ci-kit/core/credentials';
import { DEFAULT_WORKING_DIRECTORY, INPUTS, SCRIPT_TYPES } from './names.ts';

async function scriptFile(runtime: CiRuntime): Promise<{ path: string; temporary: boolean }> {
  const type = getInput(runtime, INPUTS.scriptType) ?? 'filePath';
  if (!(SCRIPT_TYPES as readonly string[]).includes(type)) {
    const name = inputName(runtime, INPUTS.scriptType);
    throw new CiKitError('input', `Input \`${name}\` must be filePath or inline, got ${quoteValue(type)}.`, {
      code: 'InputInvalid',
      hint: `Set \`${name}\` to filePath or inline.`,
    });
  }
  if (type === 'inline') {
    const text = getRequiredInput(runtime, INPUTS.inlineScript);
    const path = join(runtime.tempDir, `aws-ci-kit-script-${randomUUID()}.sh`);
    await mkdir(runtime.tempDir, { recursive: true });
    await writeFile(path, text, { mode: 0o700 });
    return { path, temporary: true };
  }
  const path = resolve(getRequiredInput(runtime, INPUTS.filePath));
  try {
    await access(path);
  } catch {
    throw new CiKitError('input', `The script ${path} does not exist.`, {
      code: 'ScriptNotFound',
      hint: `Check \`${inputName(runtime, INPUTS.filePath)}\` (relative paths start at the working directory).`,
    });
  }
  return { path, temporary: false };
}

/**
 * AWSShellScript@1's replacement: runs a bash script (a file or inline) with the resolved AWS
 * credentials and region in ITS OWN environment only; nothing is exported to later steps. The
 * credentials are masked before the script starts, and its output reaches the log as it is, so the
 * script may set (secret) variables with `##vso[task.setvariable ...]`, which the agent masks.
 */
export async function shellScriptStep(runtime: CiRuntime): Promise<void> {
  const script = await scriptFile(runtime);
  try {
    const args = splitArguments(getInput(runtime, INPUTS.arguments));
    const cwd = getBooleanInput(runtime, INPUTS.disableAutoCwd)
      ? resolve(getRequiredInput(runtime, INPUTS.workingDirectory))
      : (runtime.variable(DEFAULT_WORKING_DIRECTORY) ?? dirname(script.path));
    await mkdir(cwd, { recursive: true });
    const session = await resolveAwsSession(runtime);
    runtime.log.info(`AWS credentials from ${session.source}; region ${session.region}.`);
    const env = await sessionEnvironment(session);
    const result = await runtime.exec('bash', [script.path, ...args], {
      env,
      cwd,
      passCommands: true,
      ignoreReturnCode: true,
    });
    if (result.code !== 0) {
      throw new CiKitError('tool', `The script exited with code ${result.code}.`, {
        code: 'ScriptFailed',
        hint: 'See the script output above.',
      });
    }
    if (getBooleanInput(runtime, INPUTS.failOnStandardError) && result.stderr.trim() !== '') {
      const name = inputName(runtime, INPUTS.failOnStandardError);
      throw new CiKitError('tool', 'The script wrote to standard error.', {
        code: 'ScriptWroteToStderr',
        hint: `Silence the script's standard error, or set \`${name}\` to false.`,
      });
    }
  } finally {
    if (script.temporary) await rm(script.path, { force: true });
  }
}
