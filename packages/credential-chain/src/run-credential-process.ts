import { CiKitError } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

/** How long a `credential_process` may take (the SDK's own provider waits forever). */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 30_000;

/** The words of every failure: "The credential_process of profile `x`" and the fix. */
interface Words {
  readonly label: string;
  readonly hint: string;
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
}

/**
 * Runs `command` through the shell in its own process group, keeps at most 1 MB of its output and
 * drops its error output; kills the whole group when it ends or when the deadline passes.
 */
async function runInGroup(command: string, timeoutMs: number, words: Words): Promise<Finished> {
  // Loaded on first use: most runs never start a helper (spawn-process.ts does the same).
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1_000_000) out.push(chunk);
    });
    child.stderr.resume(); // read and dropped
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      child.stdout.destroy();
      child.stderr.destroy();
      reject(
        new CiKitError(
          'credentials',
          `${words.label} did not answer within ${(timeoutMs / 1000).toFixed(1)} s.`,
          {
            code: 'CredentialProcessTimeout',
            hint: words.hint,
          },
        ),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new CiKitError('credentials', `${words.label} could not be started.`, {
          code: 'CredentialProcessFailed',
          hint: words.hint,
          cause: error,
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // nothing it started may outlive it
      resolve({ code, signal, stdout: Buffer.concat(out) });
    });
  });
}

function failed(words: Words, what: string): CiKitError {
  return new CiKitError('credentials', `${words.label} ${what}`, {
    code: 'CredentialProcessFailed',
    hint: words.hint,
  });
}

function parseJson(text: string, words: Words): Record<string, unknown> {
  try {
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null ? { ...data } : {};
  } catch {
    throw failed(words, 'did not print JSON.');
  }
}

/** The credentials JSON (Version 1): keys, an optional session token, an optional future Expiration. */
function readCredentialsJson(text: string, words: Words): AwsCredentialIdentity {
  const { Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration } = parseJson(text, words);
  if (
    Version !== 1 ||
    typeof AccessKeyId !== 'string' ||
    typeof SecretAccessKey !== 'string' ||
    !AccessKeyId ||
    !SecretAccessKey
  ) {
    throw failed(words, 'printed JSON without Version 1, AccessKeyId and SecretAccessKey.');
  }
  const expiration = typeof Expiration === 'string' ? new Date(Expiration) : undefined;
  if (expiration && (Number.isNaN(expiration.getTime()) || expiration.getTime() < Date.now())) {
    throw failed(words, 'printed credentials that have expired or an unreadable Expiration.');
  }
  return {
    accessKeyId: AccessKeyId,
    secretAccessKey: SecretAccessKey,
    ...(typeof SessionToken === 'string' && SessionToken ? { sessionToken: SessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}

/**
 * Runs a profile's `credential_process` (through the shell, as the SDK and the AWS CLI do) under a
 * deadline, killing its whole process group when the deadline passes, and reads the credentials
 * JSON (Version 1). Its error output is never shown: helpers print tokens there.
 */
export async function runCredentialProcess(
  command: string,
  profile: string,
  timeoutMs = CREDENTIAL_PROCESS_TIMEOUT_MS,
): Promise<AwsCredentialIdentity> {
  const words: Words = {
    label: `The credential_process of profile \`${profile}\``,
    hint: `Run the credential_process of profile \`${profile}\` yourself: it must print the credentials JSON (Version 1) within ${Math.round(timeoutMs / 1000)} s.`,
  };
  const { code, signal, stdout } = await runInGroup(command, timeoutMs, words);
  if (code !== 0) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    throw failed(words, `${how} (its error output is not shown: it may hold secrets).`);
  }
  return readCredentialsJson(stdout.toString('utf8'), words);
}
