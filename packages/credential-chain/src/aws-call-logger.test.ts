import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { describe, expect, it } from 'vitest';
import { awsCallLogger } from './aws-call-logger.ts';

const call = {
  clientName: 'SSMClient',
  commandName: 'GetParameterCommand',
  input: { Name: '/app/db', WithDecryption: true },
  output: { Parameter: { Name: '/app/db', Value: 'x' }, authorizationToken: 'tok', When: new Date(0) },
  metadata: { httpStatusCode: 200 },
};

describe('awsCallLogger', () => {
  it('logs request and response, one line each, with tokens and secrets redacted', () => {
    const runtime = recordingRuntime({});
    const logger = awsCallLogger(runtime, { request: true, response: true });
    logger.info(call);
    logger.info({ not: 'a call' });
    expect(runtime.logText()).toBe(
      [
        'AWS request: SSM GetParameter {"Name":"/app/db","WithDecryption":true}',
        'AWS response: SSM GetParameter (HTTP 200) {"Parameter":{"Name":"/app/db","Value":"x"},"authorizationToken":"***","When":"1970-01-01T00:00:00.000Z"}',
      ].join('\n'),
    );
  });

  it('a failed call shows the error name only; each half only when asked', () => {
    const runtime = recordingRuntime({});
    awsCallLogger(runtime, { request: false, response: true }).error({
      ...call,
      error: { name: 'ParameterNotFound', message: 'secret detail' },
      metadata: { httpStatusCode: 400 },
    });
    awsCallLogger(runtime, { request: false, response: false }).info(call);
    expect(runtime.logText()).toBe('AWS response: SSM GetParameter failed (HTTP 400): ParameterNotFound');
  });
});
