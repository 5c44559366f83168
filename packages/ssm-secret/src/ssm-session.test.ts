import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordingRuntime } from '@aws-ci-kit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSsmClient, identityCheckFirst, withIdentityCheck } from './ssm-session.ts';

const IDENTITY = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult>
<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
const INVALID = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>2</RequestId></ErrorResponse>`;

/** A loopback STS that holds each GetCallerIdentity until the test releases it. */
let server: Server;
let endpoint: string;
const held: Array<(status: number, body: string) => void> = [];
beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () =>
      held.push((status, body) => response.writeHead(status, { 'content-type': 'text/xml' }).end(body)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const release = async (status: number, body: string): Promise<void> => {
  await expect.poll(() => held.length).toBeGreaterThan(0);
  held.shift()?.(status, body);
};
const runtime = (inputs: Record<string, string> = {}) =>
  recordingRuntime({
    inputs: {
      'aws-region': 'eu-central-1',
      'aws-access-key-id': 'AKIAEXAMPLEKEY000001',
      'aws-secret-access-key': 'secret-key-example',
      'sts-endpoint': endpoint,
      'retry-max-attempts': '1',
      ...inputs,
    },
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  });

describe('identityCheckFirst', () => {
  it('only when the user asks for what the check guards', () => {
    expect(identityCheckFirst(recordingRuntime({ inputs: {} }))).toBe(false);
    expect(identityCheckFirst(recordingRuntime({ inputs: { 'verify-identity': 'true' } }))).toBe(false);
    expect(identityCheckFirst(recordingRuntime({ inputs: { 'allowed-account-ids': '123456789012' } }))).toBe(
      true,
    );
    expect(identityCheckFirst(recordingRuntime({ inputs: { 'mask-aws-account-id': 'true' } }))).toBe(true);
  });
});

describe('createSessionSsmClient and withIdentityCheck', () => {
  it('the client comes back before GetCallerIdentity answers; the reads wait for it, then go on', async () => {
    const r = runtime();
    const client = await createSessionSsmClient(r);
    await expect.poll(() => held.length).toBe(1); // the check is out, not answered
    let settled = false;
    const reads = withIdentityCheck(client, Promise.resolve('values')).then((v) => {
      settled = true;
      return v;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    await release(200, IDENTITY);
    await expect(reads).resolves.toBe('values');
  });

  it('a failed check is the error, even when the reads failed too', async () => {
    const client = await createSessionSsmClient(runtime());
    const reads = withIdentityCheck(client, Promise.reject(new Error('reads failed')));
    await release(403, INVALID);
    await expect(reads).rejects.toMatchObject({ code: 'InvalidCredentials' });
  });

  it('with allowed-account-ids the check finishes before the client exists', async () => {
    let created = false;
    const creating = createSessionSsmClient(runtime({ 'allowed-account-ids': '123456789012' })).then((c) => {
      created = true;
      return c;
    });
    await expect.poll(() => held.length).toBe(1);
    expect(created).toBe(false);
    await release(200, IDENTITY);
    const client = await creating;
    await expect(withIdentityCheck(client, Promise.resolve(1))).resolves.toBe(1);
  });

  it('without a check the reads are returned as they are', async () => {
    const client = await createSessionSsmClient(runtime({ 'verify-identity': 'false' }));
    expect(held).toHaveLength(0);
    await expect(withIdentityCheck(client, Promise.resolve(2))).resolves.toBe(2);
    await expect(withIdentityCheck(client, Promise.reject(new Error('x')))).rejects.toThrow('x');
  });
});
