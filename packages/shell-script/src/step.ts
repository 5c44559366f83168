import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CiRuntime } from '@aws-ci-kit/core';
import { runWithSession } from '@aws-ci-kit/credential-chain';
import { INPUTS } from './names.ts';
import { readShellScriptPlan, type ScriptSource } from './plan.ts';

/** The script's path; an inline script is written to a new file of ours (never through a planted link). */
async function scriptPath(runtime: CiRuntime, script: ScriptSource): Promise<string> {
  if (script.kind === 'filePath') return script.path;
  const path = join(runtime.tempDir, `aws-ci-kit-script-${randomUUID()}.sh`);
  await mkdir(runtime.tempDir, { recursive: true });
  await writeFile(path, script.text, { mode: 0o700, flag: 'wx' });
  return path;
}

/**
 * AWSShellScript@1's replacement: runs a bash script (a file or inline) with the resolved AWS
 * credentials and region in ITS OWN environment only; nothing is exported to later steps. The
 * credentials are masked before the script starts, and its output reaches the log as it is, so the
 * script may set (secret) variables with `##vso[task.setvariable ...]`, which the agent masks.
 */
export async function shellScriptStep(runtime: CiRuntime): Promise<void> {
  const plan = await readShellScriptPlan(runtime);
  const path = await scriptPath(runtime, plan.script);
  try {
    const cwd = plan.cwd ?? dirname(path);
    await mkdir(cwd, { recursive: true });
    await runWithSession(runtime, {
      command: 'bash',
      args: [path, ...plan.args],
      cwd,
      passCommands: true,
      failOnStandardError: plan.failOnStandardError && INPUTS.failOnStandardError,
      words: {
        subject: 'The script',
        exit: { code: 'ScriptFailed', hint: 'See the script output above.' },
        stderr: {
          code: 'ScriptWroteToStderr',
          message: 'The script wrote to standard error.',
          hint: (name) => `Silence the script's standard error, or set \`${name}\` to false.`,
        },
      },
    });
  } finally {
    if (plan.script.kind === 'inline') await rm(path, { force: true });
  }
}
