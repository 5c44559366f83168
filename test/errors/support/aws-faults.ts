/**
 * The eight AWS faults of the error table, answered over HTTP in each service's own protocol (STS
 * query/XML, SSM and ECR JSON), and the one kind and code every step must give each of them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAULTS = [
  'throttling',
  '5xx',
  'ECONNREFUSED',
  'timeout',
  'AccessDenied',
  'InvalidClientTokenId',
  'ExpiredToken',
  'XML garbage',
] as const;
export type Fault = (typeof FAULTS)[number];

/** The expected kind and code of each fault, the same for every step. */
export const EXPECTED: Record<Fault, { kind: string; code: string }> = {
  throttling: { kind: 'aws', code: 'Throttled' },
  '5xx': { kind: 'aws', code: 'ServiceUnavailable' },
  ECONNREFUSED: { kind: 'network', code: 'NetworkError' },
  timeout: { kind: 'network', code: 'NetworkError' },
  AccessDenied: { kind: 'permission', code: 'AccessDenied' },
  InvalidClientTokenId: { kind: 'credentials', code: 'InvalidCredentials' },
  ExpiredToken: { kind: 'credentials', code: 'ExpiredToken' },
  'XML garbage': { kind: 'aws', code: 'ProtocolError' },
};

/** The AWS error each fault is, in each protocol (AWS's own names for it). */
const AWS_ERRORS: Partial<Record<Fault, { status: number; xml: string; json: string }>> = {
  throttling: { status: 400, xml: 'Throttling', json: 'ThrottlingException' },
  '5xx': { status: 503, xml: 'ServiceUnavailable', json: 'ServiceUnavailableException' },
  AccessDenied: { status: 403, xml: 'AccessDenied', json: 'AccessDeniedException' },
  InvalidClientTokenId: { status: 403, xml: 'InvalidClientTokenId', json: 'UnrecognizedClientException' },
  ExpiredToken: { status: 400, xml: 'ExpiredToken', json: 'ExpiredTokenException' },
};

export interface AnswerOptions {
  /**
   * `timeout`: how long the request is held before the connection is cut (a proxy's or load balancer's
   * idle timeout). Unset: never answered (the client's own request timeout ends it).
   */
  readonly cutAfterMs?: number;
}

/** Answers one request with `fault` in the protocol the request speaks (JSON when it has X-Amz-Target). */
export function answerFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  options: AnswerOptions = {},
): void {
  req.resume();
  req.on('end', () => {
    const protocol = req.headers['x-amz-target'] ? 'json' : 'xml';
    if (fault === 'timeout') {
      if (options.cutAfterMs !== undefined) setTimeout(() => req.socket.destroy(), options.cutAfterMs);
      return;
    }
    if (fault === 'XML garbage') {
      res.writeHead(200, { 'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'text/xml' });
      res.end('<html><body><h1>Welcome to nginx!</h1><p>Broken <b>gateway</body>');
      return;
    }
    const error = AWS_ERRORS[fault];
    if (!error) throw new Error(`no answer for ${fault}`);
    const message = `${fault} from the fault server`;
    if (protocol === 'json') {
      res.writeHead(error.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: error.json, message }));
    } else {
      res.writeHead(error.status, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>${error.xml}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
      );
    }
  });
}

export interface FaultServer {
  readonly endpoint: string;
  /** The operations asked so far: the JSON target (`AmazonSSM.GetParameters`) or the query `Action`. */
  readonly operations: () => readonly string[];
  close(): Promise<void>;
}

/** A loopback server answering every request with `fault` (ECONNREFUSED: a port nothing listens on). */
export async function startFaultServer(fault: Fault, options: AnswerOptions = {}): Promise<FaultServer> {
  const operations: string[] = [];
  const server: Server = createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') operations.push(target);
    else {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => operations.push(new URLSearchParams(body).get('Action') ?? 'unknown'));
    }
    answerFault(fault, req, res, options);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const close = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (fault === 'ECONNREFUSED') await close();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations: () => [...operations],
    close: fault === 'ECONNREFUSED' ? async () => {} : close,
  };
}
