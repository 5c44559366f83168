import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EcrPublicApi {
  readonly endpoint: string;
  readonly password: string;
  /** X-Amz-Target of every call, in order. */
  readonly calls: string[];
  stop(): Promise<void>;
}

/**
 * The one ECR Public call the step makes (GetAuthorizationToken, awsJson1.1), on loopback: moto has
 * no ECR Public. The real ECRPUBLICClient signs and sends; this answers as the service does.
 */
export async function startEcrPublicApi(): Promise<EcrPublicApi> {
  const password = `public-${randomBytes(12).toString('hex')}`;
  const calls: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      calls.push(target);
      if (
        target !== 'SpencerFrontendService.GetAuthorizationToken' ||
        !/^AWS4-HMAC-SHA256 /.test(String(req.headers.authorization))
      ) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'InvalidParameterException', message: `unexpected ${target}` }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          authorizationData: {
            authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
            expiresAt: Math.floor(Date.now() / 1000) + 3600,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    password,
    calls,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
