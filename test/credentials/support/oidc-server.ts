/**
 * Loopback OIDC token endpoints speaking the CIs' protocols, issuing real RS256-signed JWTs:
 * - GitHub Actions: GET `${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=…` with
 *   `Authorization: Bearer ${ACTIONS_ID_TOKEN_REQUEST_TOKEN}` -> `{ "value": "<jwt>" }`;
 * - Azure Pipelines: POST `${SYSTEM_OIDCREQUESTURI}?api-version=7.1&serviceConnectionId=<id>` with
 *   `Authorization: Bearer ${System.AccessToken}` -> `{ "oidcToken": "<jwt>" }`.
 * `verify()` checks a token as AWS STS would (signature, issuer, audience, expiry); the fault proxy
 * calls it for AssumeRoleWithWebIdentity, which moto does not verify itself.
 */
import { KeyObject, randomUUID, verify as verifySignature } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

export const AZURE_AUDIENCE = 'api://AzureADTokenExchange';

export interface OidcServer {
  readonly issuer: string;
  /** GitHub: ACTIONS_ID_TOKEN_REQUEST_URL (already carries a query, as GitHub's does). */
  readonly githubRequestUrl: string;
  readonly githubRequestToken: string;
  /** Azure: SYSTEM_OIDCREQUESTURI and the job access token (System.AccessToken). */
  readonly azureRequestUri: string;
  readonly azureAccessToken: string;
  readonly jwks: { keys: JWK[] };
  /** Every token request, in order. */
  requests(): Array<{
    ci: 'github' | 'azure';
    audience?: string;
    serviceConnectionId?: string;
    status: number;
  }>;
  /** Tokens issued so far. */
  issued(): string[];
  /** A token for any other CI (a token file), signed by this issuer. */
  mint(sub: string, aud: string): Promise<string>;
  /** Makes the next `n` token requests fail with `status`. */
  failNext(n: number, status: number): void;
  /**
   * Verifies a token as STS does (RS256 signature with our key, issuer, audience, expiry);
   * synchronous, so the fault proxy can call it. Throws with the reason when the token is refused.
   */
  verify(token: string, audiences: readonly string[]): { sub: string; aud: string };
  stop(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export async function startOidcServer(
  options: { subject?: { github?: string; azure?: string } } = {},
): Promise<OidcServer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const githubRequestToken = `gh-request-${randomUUID()}`;
  const azureAccessToken = `azp-access-${randomUUID()}`;
  const log: Array<{
    ci: 'github' | 'azure';
    audience?: string;
    serviceConnectionId?: string;
    status: number;
  }> = [];
  const issued: string[] = [];
  let failures = { n: 0, status: 500 };
  let issuer = '';

  const sign = async (key: CryptoKey, sub: string, aud: string): Promise<string> => {
    const token = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(sub)
      .setAudience(aud)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .sign(key);
    issued.push(token);
    return token;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const auth = req.headers.authorization ?? '';
    await body(req);
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      reply(200, { issuer, jwks_uri: `${issuer}/.well-known/jwks` });
      return;
    }
    if (url.pathname === '/.well-known/jwks') {
      reply(200, { keys: [jwk] });
      return;
    }
    const ci =
      url.pathname === '/github/token' ? 'github' : url.pathname === '/azure/oidctoken' ? 'azure' : undefined;
    if (!ci) {
      reply(404, { message: 'not found' });
      return;
    }
    const entry = {
      ci,
      ...(url.searchParams.get('audience') ? { audience: url.searchParams.get('audience')! } : {}),
      ...(url.searchParams.get('serviceConnectionId')
        ? { serviceConnectionId: url.searchParams.get('serviceConnectionId')! }
        : {}),
      status: 200,
    } as (typeof log)[number];
    log.push(entry);
    const expected = ci === 'github' ? githubRequestToken : azureAccessToken;
    const method = ci === 'github' ? 'GET' : 'POST';
    if (auth !== `Bearer ${expected}` || req.method !== method) {
      entry.status = 401;
      reply(401, { message: 'unauthorized' });
      return;
    }
    if (ci === 'azure' && (url.searchParams.get('api-version') !== '7.1' || !entry.serviceConnectionId)) {
      entry.status = 400;
      reply(400, { message: 'api-version=7.1 and serviceConnectionId are required' });
      return;
    }
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      entry.status = failures.status;
      reply(failures.status, { message: 'injected failure' });
      return;
    }
    if (ci === 'github') {
      const sub = options.subject?.github ?? 'repo:octo/webapp:ref:refs/heads/main';
      reply(200, { value: await sign(privateKey, sub, entry.audience ?? 'https://github.com/octo') });
    } else {
      const sub = options.subject?.azure ?? `sc://contoso/webapp/${entry.serviceConnectionId}`;
      reply(200, { oidcToken: await sign(privateKey, sub, AZURE_AUDIENCE) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    githubRequestUrl: `${issuer}/github/token?api-version=2.0`,
    githubRequestToken,
    azureRequestUri: `${issuer}/azure/oidctoken`,
    azureAccessToken,
    jwks: { keys: [jwk] },
    requests: () => log.map((r) => ({ ...r })),
    issued: () => [...issued],
    mint: (sub, aud) => sign(privateKey, sub, aud),
    failNext: (n, status) => {
      failures = { n, status };
    },
    verify: (token, audiences) => {
      const [header = '', payload = '', signature = ''] = token.split('.');
      const ok = verifySignature(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        KeyObject.from(publicKey),
        Buffer.from(signature, 'base64url'),
      );
      if (!ok) throw new Error('signature does not verify');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      if (claims.iss !== issuer) throw new Error(`issuer ${String(claims.iss)} is not trusted`);
      if (!audiences.includes(String(claims.aud)))
        throw new Error(`audience ${String(claims.aud)} is not allowed`);
      if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw new Error('token expired');
      return { sub: String(claims.sub), aud: String(claims.aud) };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
