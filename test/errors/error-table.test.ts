// One AWS failure, one kind and code, whichever step meets it: the same faults, answered over HTTP by
// a loopback server in each service's own protocol (STS query/XML, SSM and ECR JSON), reach real SDK
// clients, and each step's error mapping (credentials: stsError, SSM: ssmError, ECR: ecrAwsError) must
// classify them alike and say one line with a fix.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CiKitError, describeError, isCiKitError } from '@aws-ci-kit/core';
import { stsError } from '@aws-ci-kit/credential-chain';
import { ecrAwsError } from '@aws-ci-kit/ecr-push/ecr';
import { ssmError } from '@aws-ci-kit/ssm-secret/ssm';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerFault, EXPECTED, type Fault } from './support/aws-faults.ts';

let server: Server;
let closedPort: number;
let fault: Fault = 'throttling';

function answer(req: IncomingMessage, res: ServerResponse): void {
  answerFault(fault, req, res);
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const spare = createServer();
  await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
  closedPort = (spare.address() as AddressInfo).port;
  await new Promise<void>((resolve) => spare.close(() => resolve()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function clientConfig(f: Fault) {
  const port = f === 'ECONNREFUSED' ? closedPort : (server.address() as AddressInfo).port;
  return {
    region: 'eu-central-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    // One try: the classification is under test, not the SDK's retries.
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: 1_000,
      requestTimeout: 300,
      throwOnRequestTimeout: true,
    },
  };
}

/** Each step's AWS call and its own error mapping. */
const STEPS: Record<string, (f: Fault) => Promise<CiKitError>> = {
  credentials: async (f) => {
    const client = new STSClient(clientConfig(f));
    try {
      await client.send(new GetCallerIdentityCommand({}));
      throw new Error('STS answered');
    } catch (error) {
      return stsError(error, 'GetCallerIdentity with credentials from step inputs');
    } finally {
      client.destroy();
    }
  },
  'ssm-secret': async (f) => {
    const client = new SSMClient(clientConfig(f));
    try {
      await client.send(new GetParametersCommand({ Names: ['/app/db'], WithDecryption: true }));
      throw new Error('SSM answered');
    } catch (error) {
      return ssmError(error, 'ssm:GetParameters', '/app/db');
    } finally {
      client.destroy();
    }
  },
  'ecr-push': async (f) => {
    const client = new ECRClient(clientConfig(f));
    try {
      await client.send(new DescribeRepositoriesCommand({ repositoryNames: ['prod/web'] }));
      throw new Error('ECR answered');
    } catch (error) {
      return ecrAwsError(error, 'ecr:DescribeRepositories', 'prod/web');
    } finally {
      client.destroy();
    }
  },
};

describe.each(Object.keys(EXPECTED) as Fault[])('%s', (f) => {
  it.each(Object.keys(STEPS))(
    'has one kind and code in the %s step, on one line with a fix',
    async (step) => {
      fault = f;
      const error = await (STEPS[step] as (f: Fault) => Promise<CiKitError>)(f);
      expect(isCiKitError(error)).toBe(true);
      expect({ kind: error.kind, code: error.code }).toEqual(EXPECTED[f]);
      expect(error.hint).toBeTruthy();
      expect(describeError(error)).not.toMatch(/[\r\n]/);
    },
  );
});

describe('an existing CiKitError passes every step untouched', () => {
  it('keeps its kind, code and hint', () => {
    const original = new CiKitError('configuration', 'token file empty', {
      code: 'TokenFileEmpty',
      hint: 'Write it.',
    });
    expect(stsError(original, 'x')).toBe(original);
    expect(ssmError(original, 'x', 'y')).toBe(original);
    expect(ecrAwsError(original, 'x', 'y')).toBe(original);
  });
});
