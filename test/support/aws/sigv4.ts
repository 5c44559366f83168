/** Minimal AWS SigV4 for a POST with a body (what the proxy needs to re-sign a query-protocol call). */
import { createHash, createHmac } from 'node:crypto';
import type { Credentials } from './clients.js';

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** Headers to add (authorization, x-amz-date) so `body` POSTed to `host` + `path` is signed by `credentials`. */
export function signPost(opts: {
  credentials: Credentials;
  region: string;
  service: string;
  host: string;
  path: string;
  contentType: string;
  body: Buffer;
  now?: Date;
}): Record<string, string> {
  const amzDate = (opts.now ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': opts.contentType,
    host: opts.host,
    'x-amz-date': amzDate,
  };
  if (opts.credentials.sessionToken) headers['x-amz-security-token'] = opts.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = [
    'POST',
    opts.path,
    '',
    ...names.map((n) => `${n}:${headers[n]!.trim()}`),
    '',
    names.join(';'),
    sha256(opts.body),
  ].join('\n');
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${opts.credentials.secretAccessKey}`, day);
  for (const part of [opts.region, opts.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const added: Record<string, string> = { ...headers };
  delete added.host;
  return {
    ...added,
    authorization: `AWS4-HMAC-SHA256 Credential=${opts.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
