// A loopback Sigstore: @sigstore/mock's Fulcio (CA + CT log) and Rekor handlers behind one HTTP
// server on 127.0.0.1, and the trusted root a verifier needs for them (@sigstore/verify).
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';
import { TrustedRoot } from '@sigstore/protobuf-specs';

export interface SigstoreMock {
  readonly url: string;
  readonly trustedRoot: TrustedRoot;
  /** Requests served, by path. */
  readonly calls: string[];
  stop(): Promise<void>;
}

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

export async function startSigstoreMock(): Promise<SigstoreMock> {
  const ctlog = await initializeCTLog(keyPair());
  const ca = await initializeCA(keyPair(), ctlog);
  const calls: string[] = [];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tlog = await initializeTLog(url, keyPair());
  const handlers = [fulcioHandler(ca), rekorHandler(tlog)];
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      calls.push(req.url ?? '');
      const handler = handlers.find((h) => h.path === req.url);
      if (!handler) {
        res.writeHead(404);
        res.end();
        return;
      }
      const out = await handler.fn(Buffer.concat(chunks).toString());
      res.writeHead(out.statusCode, { 'content-type': out.contentType ?? 'text/plain' });
      res.end(out.response);
    });
  });
  const start = new Date(Date.now() - 60_000).toISOString();
  const key = (rawBytes: Buffer) => ({
    rawBytes: rawBytes.toString('base64'),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start },
  });
  const trustedRoot = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    certificateAuthorities: [
      {
        subject: { commonName: 'sigstore', organization: 'sigstore.mock' },
        uri: url,
        certChain: {
          certificates: [{ rawBytes: Buffer.from(ca.rootCertificate.buffer).toString('base64') }],
        },
        validFor: { start },
      },
    ],
    tlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(tlog.publicKey),
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') },
      },
    ],
    ctlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(ctlog.publicKey),
        logId: { keyId: Buffer.from(ctlog.logID.buffer).toString('base64') },
      },
    ],
    timestampAuthorities: [],
  });
  return {
    url,
    trustedRoot,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An unsigned JWT as a CI's OIDC token looks to Fulcio's mock (it reads iss and sub). */
export function fakeOidcToken(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ aud: 'sigstore', exp: Math.floor(Date.now() / 1000) + 600, ...claims })}.sig`;
}
