import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CiRuntime, writePrivateFile } from '@aws-ci-kit/core';
import { readSecretVariable } from '@aws-ci-kit/credential-chain';
import { type ExportedVariable, STATE } from './names.ts';
import { readIfExists } from './write-profile.ts';

/** What the post step needs; saved as step state, which is a plain file on GitHub: no secrets in it. */
interface SavedState {
  readonly vars: ReadonlyArray<{ readonly name: string; readonly existed: boolean; readonly value?: string }>;
  /** 0600 file in the job's temp directory holding previous secret values and file contents. */
  readonly secretsFile?: string;
}

interface SecretsFile {
  readonly vars: Record<string, string>;
  /** Previous text of each file the step wrote; null when the file did not exist. */
  readonly files: Record<string, string | null>;
}

/**
 * Records what the exported variables (and profile files) held before this step, so the post
 * step can put it back. Non-secret values go to the step state; previous secret values and file
 * contents go to a 0600 file in the job's private temp directory (removed by the post step, and
 * by the runner at the end of the job), and are masked.
 */
export async function savePrevious(
  runtime: CiRuntime,
  variables: readonly ExportedVariable[],
  files: readonly string[],
): Promise<void> {
  const secrets: SecretsFile = { vars: {}, files: {} };
  const vars = variables.map(({ name, secret }) => {
    const value = secret ? readSecretVariable(runtime, name) : runtime.variable(name);
    if (value === undefined) return { name, existed: false };
    if (!secret) return { name, existed: true, value };
    secrets.vars[name] = value;
    return { name, existed: true };
  });
  for (const path of files) secrets.files[path] = (await readIfExists(path)) ?? null;
  let secretsFile: string | undefined;
  if (Object.keys(secrets.vars).length > 0 || files.length > 0) {
    secretsFile = join(runtime.tempDir, `aws-ci-kit-previous-${randomUUID()}.json`);
    await writePrivateFile(secretsFile, JSON.stringify(secrets));
  }
  const state: SavedState = { vars, ...(secretsFile ? { secretsFile } : {}) };
  runtime.state.save(STATE.previous, JSON.stringify(state));
}

/** Post step: puts back what the variables and files held before the main step, then forgets it. */
export async function restorePrevious(
  runtime: CiRuntime,
  variables: readonly ExportedVariable[],
): Promise<void> {
  const raw = runtime.state.get(STATE.previous);
  if (!raw) {
    runtime.log.debug('Nothing to restore: the main step exported nothing.');
    return;
  }
  const state = JSON.parse(raw) as SavedState;
  let secrets: SecretsFile = { vars: {}, files: {} };
  if (state.secretsFile) {
    try {
      secrets = JSON.parse(await readFile(state.secretsFile, 'utf8')) as SecretsFile;
    } catch {
      runtime.log.warning('The saved previous credentials are gone; the variables are cleared instead.');
    }
  }
  const secretNames = new Set(variables.filter((v) => v.secret).map((v) => v.name));
  for (const { name, existed, value } of state.vars) {
    const previous = existed ? (value ?? secrets.vars[name]) : undefined;
    if (previous !== undefined && secretNames.has(name)) runtime.mask(previous);
    runtime.setVariable(name, previous ?? '', { secret: secretNames.has(name) });
  }
  for (const [path, text] of Object.entries(secrets.files)) {
    if (text === null) await rm(path, { force: true });
    else await writePrivateFile(path, text);
  }
  if (state.secretsFile)
    await writeFile(state.secretsFile, '').then(() => rm(state.secretsFile!, { force: true }));
  const restored = state.vars.filter((v) => v.existed).map((v) => v.name);
  runtime.log.info(
    restored.length > 0
      ? `Restored ${restored.join(', ')} to their values before the credentials step; cleared the others.`
      : 'Cleared the AWS variables the credentials step exported.',
  );
}
