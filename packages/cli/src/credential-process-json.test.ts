import { errorCode } from '@aws-ci-kit/core';
import { createGenericRuntime } from '@aws-ci-kit/generic-adapter';
import { describe, expect, it } from 'vitest';
import { credentialProcessJson } from './credential-process-json.ts';

const runtime = () => createGenericRuntime({ env: {}, cwd: process.cwd(), flags: {}, writeLog: () => {} });

describe('credentialProcessJson', () => {
  it('answers Version 1 with the keys, the session token and Expiration', () => {
    const r = runtime();
    r.setVariable('AWS_ACCESS_KEY_ID', 'AKIA1', { secret: true });
    r.setVariable('AWS_SECRET_ACCESS_KEY', 'secret', { secret: true });
    r.setVariable('AWS_SESSION_TOKEN', 'token', { secret: true });
    r.setOutput('aws-expiration', '2026-12-06T12:00:00Z');
    expect(credentialProcessJson(r)).toBe(
      '{"Version":1,"AccessKeyId":"AKIA1","SecretAccessKey":"secret","SessionToken":"token","Expiration":"2026-12-06T12:00:00Z"}\n',
    );
  });

  it('leaves out what the step did not set (long-term keys never expire)', () => {
    const r = runtime();
    r.setVariable('AWS_ACCESS_KEY_ID', 'AKIA1', { secret: true });
    r.setVariable('AWS_SECRET_ACCESS_KEY', 'secret', { secret: true });
    expect(JSON.parse(credentialProcessJson(r))).toEqual({
      Version: 1,
      AccessKeyId: 'AKIA1',
      SecretAccessKey: 'secret',
    });
  });

  it('fails in one line when the step set no keys', () => {
    let thrown: unknown;
    try {
      credentialProcessJson(runtime());
    } catch (error) {
      thrown = error;
    }
    expect(errorCode(thrown)).toBe('NoCredentialsExported');
    expect((thrown as Error).message).toBe('The credentials step set no keys.');
  });
});
