import { describe, expect, it } from 'vitest';
import { runCredentialProcess } from './run-credential-process.ts';

describe('runCredentialProcess', () => {
  it('reads the credentials JSON (Version 1)', async () => {
    const json = JSON.stringify({
      Version: 1,
      AccessKeyId: 'AKIAX',
      SecretAccessKey: 's',
      SessionToken: 't',
    });
    await expect(runCredentialProcess(`printf '%s' '${json}'`, 'p')).resolves.toEqual({
      accessKeyId: 'AKIAX',
      secretAccessKey: 's',
      sessionToken: 't',
    });
  });

  it('a helper that never answers is killed at its deadline, with everything it started', async () => {
    const started = Date.now();
    await expect(runCredentialProcess('sleep 30 & sleep 30', 'hang', 300)).rejects.toThrow(
      /^The credential_process of profile `hang` did not answer within 0\.3 s\.$/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a failing helper shows its exit code, never its error output', async () => {
    const error = await runCredentialProcess('echo token=s3cr3t-in-stderr >&2; exit 3', 'p').catch(
      (e: Error) => e,
    );
    expect((error as Error).message).toBe(
      'The credential_process of profile `p` exited with code 3 (its error output is not shown: it may hold secrets).',
    );
    expect(JSON.stringify(error)).not.toContain('s3cr3t');
  });

  it('output that is not the credentials JSON is an error', async () => {
    await expect(runCredentialProcess('echo hello', 'p')).rejects.toThrow(/did not print JSON/);
    await expect(runCredentialProcess(`echo '{"Version":2}'`, 'p')).rejects.toThrow(/without Version 1/);
  });
});
