import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestHandler } from '../create-request-handler.ts';
import type { StsContext } from '../sts-session.ts';

/** One STS answer: an HTTP status and the awsQuery XML body. */
export interface StsAnswer {
  readonly status?: number;
  readonly xml: string;
}

export interface FakeSts {
  /** Every request's form fields (Action, RoleArn, Tags.member.1.Key, ...), in order. */
  readonly requests: Array<Record<string, string>>;
  readonly context: StsContext;
  close(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function identityXml(arn: string, account: string): string {
  return `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDA</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
}

export function assumedXml(action: string, keyId: string, assumedArn: string): string {
  return `<${action}Response xmlns="${NS}"><${action}Result><Credentials><AccessKeyId>${keyId}</AccessKeyId><SecretAccessKey>secret-of-${keyId}</SecretAccessKey><SessionToken>token-of-${keyId}</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>${assumedArn}</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></${action}Result><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></${action}Response>`;
}

export function errorXml(code: string, message: string, status = 403): StsAnswer {
  return {
    status,
    xml: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>3</RequestId></ErrorResponse>`,
  };
}

/**
 * An in-process STS (awsQuery over HTTP on 127.0.0.1): records each request's form and answers with
 * `answer` (by the request, in order). For the chain's unit tests; test/credentials runs moto.
 */
export async function startFakeSts(answer: (form: Record<string, string>) => StsAnswer): Promise<FakeSts> {
  const requests: Array<Record<string, string>> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      requests.push(form);
      const { status = 200, xml } = answer(form);
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const requestHandler = await createRequestHandler({});
  return {
    requests,
    context: {
      region: 'eu-central-1',
      requestHandler,
      endpoint: `http://127.0.0.1:${port}`,
      debug: () => {},
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
