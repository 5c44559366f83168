/**
 * A programmable loopback reverse proxy in front of moto. Clients use `endpoint` as their AWS
 * endpoint; for each request the plan decides: pass through, answer an AWS error (throttling,
 * 500, 503) in the request's protocol shape, delay then pass through, or drop the connection.
 * The Host header is forwarded unchanged, so SigV4 signatures made for the proxy's URL still
 * verify at moto.
 *
 * Two fidelity fixes for moto 5.2.1 (both optional):
 * - `rewriteXmlErrors` (default on): moto answers IAM denials on awsJson services (SSM, ECR,
 *   Secrets Manager) with an XML body (served as text/html), which SDK v3 cannot parse (it throws a SyntaxError with
 *   status 403). The proxy turns them into the JSON error AWS sends (`AccessDeniedException`,
 *   `UnrecognizedClientException`, `InvalidSignatureException`).
 * - `webIdentity`: once enforcement is on, moto fails every AssumeRoleWithWebIdentity with a
 *   500 (the call is unsigned and moto requires an Authorization header), and it never checks
 *   the token or the trust policy. With this option the proxy runs `verify` on the call and, if
 *   it passes, re-signs it with `signAs` (e.g. the bed's admin) so moto issues the credentials.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credentials } from './clients.js';
import { signPost } from './sigv4.js';

export type Protocol = 'json' | 'query' | 'rest';

export interface ProxyRequest {
  /** Operation name: `GetParameter` from `X-Amz-Target: AmazonSSM.GetParameter`, or `Action=` of a query body. */
  action: string;
  /** 1-based count of requests for this action since the plan was set, this one included. */
  n: number;
  protocol: Protocol;
}

export type ErrorAnswer = { status: number; code?: string; message?: string };
/** A raw answer: any status, content type and body (garbage, wrong content type). */
export type RawAnswer = { raw: { status: number; contentType: string; body: string } };
/**
 * `blackhole`: accept and never answer; `freeze`: answer a 200 with part of the real body, then
 * stall; `dripMs`: pass the real answer one byte every `dripMs`.
 */
export type PlanAnswer =
  | 'pass'
  | 'drop'
  | 'blackhole'
  | 'freeze'
  | ErrorAnswer
  | RawAnswer
  | { delayMs: number }
  | { dripMs: number };
export type Plan = (req: ProxyRequest) => PlanAnswer;

export interface ProxyCall {
  action: string;
  /** HTTP status the client got; 0 when the connection was dropped. */
  status: number;
  /** The request body as sent (form-encoded for STS/IAM, JSON for SSM/ECR). */
  body: string;
}

export interface WebIdentityOptions {
  /** Credentials moto sees on the re-signed call; they need sts:AssumeRoleWithWebIdentity. */
  signAs: Credentials;
  region?: string;
  /** Inspect RoleArn, WebIdentityToken, ... and refuse with an error, or return undefined to allow. */
  verify?: (params: URLSearchParams) => ErrorAnswer | undefined;
}

export interface FaultProxyOptions {
  rewriteXmlErrors?: boolean;
  webIdentity?: WebIdentityOptions;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Every request so far, in arrival order. */
  calls(): ProxyCall[];
  /** Replaces the plan and restarts the per-action counts (`n`). */
  setPlan(plan: Plan): void;
  stop(): Promise<void>;
}

/** Throttling as the SDKs see it (retried with the throttling back-off). */
export const THROTTLE: ErrorAnswer = { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };

const DEFAULT_CODES: Record<number, string> = {
  400: 'ThrottlingException',
  429: 'TooManyRequestsException',
  500: 'InternalFailure',
  503: 'ServiceUnavailable',
};

/** moto's query-style auth error codes -> what awsJson services answer. */
const JSON_CODES: Record<string, string> = {
  AccessDenied: 'AccessDeniedException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
};

export async function startFaultProxy(
  target: string,
  plan: Plan = () => 'pass',
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rewrite = options.rewriteXmlErrors ?? true;
  const log: ProxyCall[] = [];
  const counts = new Map<string, number>();
  let current = plan;

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    protocol: Protocol,
    mode: 'pass' | 'freeze' | { dripMs: number } = 'pass',
  ): void => {
    const headers = { ...req.headers, ...webIdentityHeaders(req, body, options.webIdentity) };
    const up = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (upRes) => {
        const status = upRes.statusCode ?? 502;
        if (mode !== 'pass') {
          const chunks: Buffer[] = [];
          upRes.on('data', (c: Buffer) => chunks.push(c));
          upRes.on('end', () => {
            const whole = Buffer.concat(chunks);
            res.writeHead(status, { ...upRes.headers, 'content-length': String(whole.length) });
            if (mode === 'freeze') {
              res.write(whole.subarray(0, Math.floor(whole.length / 2)));
              return; // and never the rest
            }
            let at = 0;
            const drip = setInterval(() => {
              if (res.destroyed || at >= whole.length) {
                clearInterval(drip);
                if (!res.destroyed) res.end();
                return;
              }
              res.write(whole.subarray(at, at + 1));
              at += 1;
            }, mode.dripMs);
            res.on('close', () => clearInterval(drip));
          });
          return;
        }
        if (!(rewrite && protocol === 'json' && status >= 400)) {
          res.writeHead(status, upRes.headers);
          upRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          const xml = Buffer.concat(chunks).toString();
          if (!xml.trimStart().startsWith('<')) {
            res.writeHead(status, upRes.headers);
            res.end(xml);
            return;
          }
          const code = /<Code>([^<]*)<\/Code>/.exec(xml)?.[1] ?? 'UnknownError';
          const message = xmlUnescape(/<Message>([^<]*)<\/Message>/.exec(xml)?.[1] ?? '');
          sendError(
            res,
            'json',
            { status, code: JSON_CODES[code] ?? code, message },
            req.headers['content-type'],
          );
        });
      },
    );
    up.on('error', () => req.socket.destroy());
    up.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { action, protocol } = identify(req, body);
      const n = (counts.get(action) ?? 0) + 1;
      counts.set(action, n);
      const call: ProxyCall = { action, status: 0, body: body.toString() };
      log.push(call);
      res.on('finish', () => (call.status = res.statusCode));

      const answer = current({ action, n, protocol });
      const refusal =
        answer === 'pass' || (typeof answer === 'object' && ('delayMs' in answer || 'dripMs' in answer))
          ? verifyWebIdentity(action, req, body, options.webIdentity)
          : undefined;
      if (answer === 'drop') req.socket.destroy();
      else if (answer === 'blackhole') return;
      else if (refusal) sendError(res, protocol, refusal, req.headers['content-type']);
      else if (answer === 'pass') forward(req, body, res, protocol);
      else if (answer === 'freeze') forward(req, body, res, protocol, 'freeze');
      else if ('dripMs' in answer) forward(req, body, res, protocol, answer);
      else if ('raw' in answer) {
        res.writeHead(answer.raw.status, { 'content-type': answer.raw.contentType });
        res.end(answer.raw.body);
      } else if ('delayMs' in answer) {
        const timer = setTimeout(() => forward(req, body, res, protocol), answer.delayMs);
        req.socket.on('close', () => clearTimeout(timer));
      } else sendError(res, protocol, answer, req.headers['content-type']);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls: () => log.map((c) => ({ ...c })),
    setPlan: (p) => {
      current = p;
      counts.clear();
    },
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function identify(req: IncomingMessage, body: Buffer): { action: string; protocol: Protocol } {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return { action: target.split('.').pop() ?? target, protocol: 'json' };
  const form = isForm(req) ? new URLSearchParams(body.toString()) : undefined;
  const action = form?.get('Action') ?? new URL(req.url ?? '/', 'http://x').searchParams.get('Action');
  if (action) return { action, protocol: 'query' };
  return { action: `${req.method} ${req.url}`, protocol: 'rest' };
}

const isForm = (req: IncomingMessage): boolean =>
  (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
const isUnsignedWebIdentity = (action: string, req: IncomingMessage): boolean =>
  action === 'AssumeRoleWithWebIdentity' && !req.headers.authorization && isForm(req);

function verifyWebIdentity(
  action: string,
  req: IncomingMessage,
  body: Buffer,
  opts: WebIdentityOptions | undefined,
): ErrorAnswer | undefined {
  if (!opts?.verify || !isUnsignedWebIdentity(action, req)) return undefined;
  return opts.verify(new URLSearchParams(body.toString()));
}

function webIdentityHeaders(
  req: IncomingMessage,
  body: Buffer,
  opts: WebIdentityOptions | undefined,
): Record<string, string> {
  const action = isForm(req) ? new URLSearchParams(body.toString()).get('Action') : null;
  if (!opts || !action || !isUnsignedWebIdentity(action, req)) return {};
  return signPost({
    credentials: opts.signAs,
    region: opts.region ?? 'us-east-1',
    service: 'sts',
    host: req.headers.host ?? '',
    path: req.url ?? '/',
    contentType: req.headers['content-type'] ?? '',
    body,
  });
}

function sendError(res: ServerResponse, protocol: Protocol, answer: ErrorAnswer, contentType?: string): void {
  const code = answer.code ?? DEFAULT_CODES[answer.status] ?? 'UnknownError';
  const message = answer.message ?? `injected ${code}`;
  const requestId = randomUUID();
  if (protocol === 'query') {
    const xml =
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${answer.status < 500 ? 'Sender' : 'Receiver'}</Type>` +
      `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    res.writeHead(answer.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
    res.end(xml);
  } else {
    const type =
      protocol === 'json' && contentType?.startsWith('application/x-amz-json')
        ? contentType
        : 'application/json';
    res.writeHead(answer.status, {
      'content-type': type,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': code,
    });
    res.end(JSON.stringify({ __type: code, message }));
  }
}

const xmlEscape = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
const xmlUnescape = (s: string): string =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_, e: string) =>
    e.startsWith('#')
      ? String.fromCharCode(Number(e.slice(1)))
      : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e]!,
  );
