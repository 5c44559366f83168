import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createSecureContext } from 'node:tls';
import { isCiKitError } from '@aws-ci-kit/core';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpRequestOptions {
  readonly method: string;
  readonly headers?: Record<string, string>;
  /** A buffer, or a stream piped as the body (set content-length in `headers` for streams). */
  readonly body?: Buffer | Readable;
  readonly agent?: HttpAgent;
  /** Idle time on the socket before the request fails (default 60 s). */
  readonly idleTimeoutMs?: number;
  /** Largest response body kept (default 8 MiB); registry answers are small. */
  readonly maxResponseBytes?: number;
  /** Aborts the request (the step's deadline): it fails at once, its socket closed. */
  readonly signal?: AbortSignal;
  /** Called with each chunk of a streamed body once the connection is done with it (never on failure). */
  readonly onBodyWritten?: (chunk: Buffer) => void;
}

/** A network-level failure (refused, reset, timed out): always worth a retry. */
export class HttpNetworkError extends Error {
  readonly code: string;
  constructor(message: string, code: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'HttpNetworkError';
    this.code = code;
  }
}

/** Keep-alive agents for one registry client (connections are reused across blobs). */
export function createAgents(options: { maxSockets: number; ca?: string | Buffer }): {
  http: HttpAgent;
  https: HttpsAgent;
} {
  return {
    http: new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets }),
    https: new HttpsAgent({
      keepAlive: true,
      maxSockets: options.maxSockets,
      // One TLS context for every connection: given only `ca`, node builds one per connection.
      ...(options.ca === undefined ? {} : { secureContext: createSecureContext({ ca: options.ca }) }),
    }),
  };
}

/**
 * One HTTP request over node:http(s): streams the body, collects a (small) response. Rejects with
 * HttpNetworkError when the connection fails, never for an HTTP status.
 */
export function sendHttpRequest(url: URL, options: HttpRequestOptions): Promise<HttpResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error & { code?: string }): void => {
      if (settled) return;
      settled = true;
      if (options.body && typeof (options.body as Readable).destroy === 'function') {
        (options.body as Readable).destroy();
      }
      reject(asNetworkError(error, url, options.method));
    };
    const headers = options.headers;
    const agent = options.agent ? { agent: options.agent } : {};
    const req = send(url, { method: options.method, headers, ...agent }, (res) =>
      collect(res, options.maxResponseBytes ?? 8 * 1024 * 1024, fail, (body) => {
        if (settled) return;
        settled = true;
        stopBody(options.body, req);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      }),
    );
    req.setTimeout(options.idleTimeoutMs ?? 60_000, () => {
      req.destroy(
        new HttpNetworkError(`${options.method} ${url.host}${url.pathname} timed out`, 'ETIMEDOUT'),
      );
    });
    req.on('error', fail);
    if (options.signal) abortOn(options.signal, req, `${options.method} ${url.host}${url.pathname}`);
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.on('error', (error) => req.destroy(error));
      if (options.onBodyWritten) writeBody(body, req, options.onBodyWritten);
      else body.pipe(req);
    }
  });
}

/** Writes a body as pipe() does, telling when the connection is done with each chunk. */
function writeBody(body: Readable, req: ClientRequest, onWritten: (chunk: Buffer) => void): void {
  const resume = () => body.resume();
  body.on('data', (chunk: Buffer) => {
    const more = req.write(chunk, (error) => {
      if (!error) onWritten(chunk);
    });
    if (!more) {
      body.pause();
      req.once('drain', resume);
    }
  });
  body.once('end', () => req.end());
  req.once('close', () => req.off('drain', resume));
}

/** A failure as an HttpNetworkError; a CiKitError (the proxy refused the tunnel: 407) is already the one line to show. */
function asNetworkError(error: Error & { code?: string }, url: URL, method: string): Error {
  if (error instanceof HttpNetworkError || isCiKitError(error)) return error;
  return new HttpNetworkError(
    `${method} ${url.host}${url.pathname}: ${error.message}`,
    error.code ?? 'ENETWORK',
    error,
  );
}

/** The response body, up to `limit` bytes kept; a connection closed mid-response fails. */
function collect(
  res: IncomingMessage,
  limit: number,
  fail: (error: Error) => void,
  done: (body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  res.on('data', (chunk: Buffer) => {
    if (kept < limit) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  });
  res.on('error', fail);
  res.on('close', () => {
    if (!res.complete) fail(new HttpNetworkError('the connection closed mid-response', 'ECONNRESET'));
  });
  res.on('end', () => done(Buffer.concat(chunks)));
}

/** The server answered before taking the whole body (e.g. 401): stop reading the source. */
function stopBody(body: Buffer | Readable | undefined, req: ClientRequest): void {
  if (body && !Buffer.isBuffer(body) && !body.readableEnded) {
    body.unpipe(req);
    body.destroy();
    req.destroy();
  }
}

/** The step's deadline stops the request at once; the listener goes when the request closes. */
function abortOn(signal: AbortSignal, req: ClientRequest, what: string): void {
  const onAbort = () =>
    req.destroy(new HttpNetworkError(`${what}: stopped at the step's deadline`, 'EABORTED'));
  if (signal.aborted) onAbort();
  else {
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => signal.removeEventListener('abort', onAbort));
  }
}
