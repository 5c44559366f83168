import { CiKitError } from '@aws-ci-kit/core';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

/** How long a `credential_process` may take (the SDK's own provider waits forever). */
export const CREDENTIAL_PROCESS_TIMEOUT_MS = 30_000;

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
  // Loaded on first use: most runs never start a helper (spawn-process.ts does the same).
  const { spawn } = await import('node:child_process');
  const label = `The credential_process of profile \`${profile}\``;
  const hint = `Run the credential_process of profile \`${profile}\` yourself: it must print the credentials JSON (Version 1) within ${Math.round(timeoutMs / 1000)} s.`;
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
        new CiKitError('credentials', `${label} did not answer within ${(timeoutMs / 1000).toFixed(1)} s.`, {
          code: 'CredentialProcessTimeout',
          hint,
        }),
      );
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new CiKitError('credentials', `${label} could not be started.`, {
          code: 'CredentialProcessFailed',
          hint,
          cause: error,
        }),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // nothing it started may outlive it
      if (code !== 0) {
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(
          new CiKitError(
            'credentials',
            `${label} ${how} (its error output is not shown: it may hold secrets).`,
            { code: 'CredentialProcessFailed', hint },
          ),
        );
        return;
      }
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(Buffer.concat(out).toString('utf8')) as Record<string, unknown>;
      } catch {
        reject(
          new CiKitError('credentials', `${label} did not print JSON.`, {
            code: 'CredentialProcessFailed',
            hint,
          }),
        );
        return;
      }
      const { Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration } = data ?? {};
      if (
        Version !== 1 ||
        typeof AccessKeyId !== 'string' ||
        typeof SecretAccessKey !== 'string' ||
        !AccessKeyId ||
        !SecretAccessKey
      ) {
        reject(
          new CiKitError(
            'credentials',
            `${label} printed JSON without Version 1, AccessKeyId and SecretAccessKey.`,
            { code: 'CredentialProcessFailed', hint },
          ),
        );
        return;
      }
      const expiration = typeof Expiration === 'string' ? new Date(Expiration) : undefined;
      if (expiration && (Number.isNaN(expiration.getTime()) || expiration.getTime() < Date.now())) {
        reject(
          new CiKitError(
            'credentials',
            `${label} printed credentials that have expired or an unreadable Expiration.`,
            { code: 'CredentialProcessFailed', hint },
          ),
        );
        return;
      }
      resolve({
        accessKeyId: AccessKeyId,
        secretAccessKey: SecretAccessKey,
        ...(typeof SessionToken === 'string' && SessionToken ? { sessionToken: SessionToken } : {}),
        ...(expiration ? { expiration } : {}),
      });
    });
  });
}
