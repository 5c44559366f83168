// The ECR login goes only to the registry it is for, over TLS: a registry whose upload `Location`
// (202 of the POST, 202 of a PATCH) or token realm points at another host or at plain HTTP never
// gets that host the credential. "Another host" is a second in-process registry on 127.0.0.2 that
// records every byte it receives; it must never see the password, the Basic header or a token.

import { startRecordingProxy } from '@aws-ci-kit/core/testing';
import { createProxyAgent } from '@aws-ci-kit/credential-chain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, type RegistryClientOptions } from './registry-client.ts';
import {
  type FakeRegistry,
  type FakeRegistryOptions,
  loopbackCertificate,
  memoryBlob,
  startFakeRegistry,
} from './testing/fake-registry.ts';

const LOGIN = { user: 'AWS', password: 'ecr-pa55word-that-must-stay-home' };
const BASIC = Buffer.from(`${LOGIN.user}:${LOGIN.password}`).toString('base64');
const SECRETS = [LOGIN.password, BASIC];
const tls = loopbackCertificate();
const NO_RETRY = { maxAttempts: 1, totalMs: 10_000 };
let uploads = 0;
const unique = (): string => `u${++uploads}`;

let elsewhere: FakeRegistry; // https://127.0.0.2
let elsewhereHttp: FakeRegistry; // http://127.0.0.2
const started: FakeRegistry[] = [];
beforeAll(async () => {
  elsewhere = await startFakeRegistry({ address: '127.0.0.2', tls });
  elsewhereHttp = await startFakeRegistry({ address: '127.0.0.2' });
});
afterAll(async () => {
  await Promise.all([elsewhere, elsewhereHttp, ...started].map((r) => r?.stop()));
});

async function registry(options: FakeRegistryOptions & { http?: boolean }): Promise<FakeRegistry> {
  const r = await startFakeRegistry({ login: LOGIN, ...(options.http ? {} : { tls }), ...options });
  started.push(r);
  return r;
}

function client(r: FakeRegistry, extra: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({
    url: r.url,
    credentials: { username: LOGIN.user, password: LOGIN.password },
    ca: tls.cert,
    retry: NO_RETRY,
    ...extra,
  });
}

/** The second host never saw the credential: not in a header, a URL or a body. */
function expectNoCredential(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(text.toLowerCase()).not.toMatch(/"authorization"/);
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: string; message: string } | undefined;
  if (!error) throw new Error('expected a failure');
  return error;
}

const blob = memoryBlob(Buffer.alloc(64, 7));
const bigBlob = memoryBlob(Buffer.alloc(40, 9));

describe('an upload Location on another host (TLS) gets no credential', () => {
  it.each([
    ['monolithic', {}],
    ['chunked', { monolithicMax: 8, chunkSize: 16 }],
  ] as Array<[string, { monolithicMax?: number; chunkSize?: number }]>)(
    '%s: the upload goes there without Authorization',
    async (_label, upload) => {
      const before = elsewhere.requests.length;
      const r = await registry({
        uploadLocation: (id) => `${elsewhere.url}/upload/${unique()}/${id}?state=x`,
      });
      const c = client(r);
      try {
        const data = upload.monolithicMax ? bigBlob : blob;
        await expect(c.uploadBlob('team/app', data, upload)).resolves.toMatchObject({ outcome: 'uploaded' });
      } finally {
        c.close();
      }
      expect(elsewhere.requests.length).toBeGreaterThan(before);
      expectNoCredential(elsewhere.received());
      // The registry itself got the login on its own requests.
      expect(r.requests.every((q) => q.headers.authorization === `Basic ${BASIC}`)).toBe(true);
    },
  );

  it('a PATCH answered with a Location elsewhere: the rest of the upload goes without Authorization', async () => {
    const before = elsewhere.requests.length;
    const r = await registry({ patchLocation: (path) => `${elsewhere.url}${path}` });
    const c = client(r);
    try {
      // 40 bytes in 16-byte PATCHes: the first to the registry, the rest and the commit to the other host.
      await c.uploadBlob('team/app', bigBlob, { monolithicMax: 8, chunkSize: 16 });
    } catch {
      // The other host holds only part of the blob: the commit may fail; what matters is what it received.
    } finally {
      c.close();
    }
    expect(elsewhere.requests.length).toBeGreaterThan(before);
    expectNoCredential(elsewhere.received());
  });
});

describe('plain HTTP is refused when the registry is TLS', () => {
  it.each([
    [
      'the upload Location',
      { uploadLocation: (id: string) => `${elsewhereHttp.url}/upload/${unique()}/${id}` },
    ],
    ['the same host over http', { uploadLocation: (id: string) => `http://127.0.0.1:1/v2/x/${id}` }],
    ['a PATCH Location', { patchLocation: (path: string) => `${elsewhereHttp.url}${path}` }],
  ] as const)('%s: one line, RegistryInsecureLocation, nothing sent there', async (_label, options) => {
    const before = elsewhereHttp.requests.length;
    const r = await registry(options);
    const c = client(r);
    try {
      const error = await failure(c.uploadBlob('team/app', bigBlob, { monolithicMax: 8, chunkSize: 16 }));
      expect(error.code).toBe('RegistryInsecureLocation');
      expect(error.message).toMatch(
        /^The registry 127\.0\.0\.1:\d+ said to upload to plain HTTP \(http:\/\/127\.0\.0\.[12]:\d+\); .*TLS only\.$/,
      );
    } finally {
      c.close();
    }
    expect(elsewhereHttp.requests.length).toBe(before);
  });
});

describe('a registry configured as http:// (a test registry)', () => {
  it('keeps its own http uploads logged in, and gives another http host no credential', async () => {
    const own = await registry({ http: true });
    let c = client(own);
    await c.uploadBlob('team/app', blob);
    c.close();
    expect(own.blobs.has(blob.digest)).toBe(true);

    const before = elsewhereHttp.requests.length;
    const r = await registry({
      http: true,
      uploadLocation: (id) => `${elsewhereHttp.url}/upload/${unique()}/${id}`,
    });
    c = client(r);
    await c.uploadBlob('team/app', blob);
    c.close();
    expect(elsewhereHttp.requests.length).toBeGreaterThan(before);
    expectNoCredential(elsewhereHttp.received());
  });

  it('an https Location on another host from an http registry works (agent per scheme) without a credential', async () => {
    const r = await registry({
      http: true,
      uploadLocation: (id) => `${elsewhere.url}/upload/${unique()}/${id}`,
    });
    const c = client(r);
    await expect(c.uploadBlob('team/app', memoryBlob(Buffer.from('other')))).resolves.toMatchObject({
      outcome: 'uploaded',
    });
    c.close();
    expectNoCredential(elsewhere.received());
  });
});

describe('a Location that is no http(s) URL', () => {
  it.each(['ftp://127.0.0.2/upload', 'javascript:alert(1)', 'file:///etc/passwd', 'http://[::1'])(
    '%s: one line, RegistryProtocolError',
    async (location) => {
      const r = await registry({ uploadLocation: () => location });
      const c = client(r);
      try {
        const error = await failure(c.uploadBlob('team/app', blob));
        expect(error.code).toBe('RegistryProtocolError');
        expect(error.message).not.toMatch(/[\r\n]/);
      } finally {
        c.close();
      }
    },
  );
});

describe('a token realm elsewhere gets no login', () => {
  it.each([
    ['another host', () => `${elsewhere.url}/token`],
    ['plain HTTP', () => `${elsewhereHttp.url}/token`],
    ['its own host over http', (base: string) => base.replace('https:', 'http:')],
    ['not a URL', () => 'no url at all'],
  ] as const)('%s: one line, RegistryRealmElsewhere, nothing sent there', async (_label, realm) => {
    const before = [elsewhere.requests.length, elsewhereHttp.requests.length];
    const r = await registry({ bearer: { realm } });
    const c = client(r);
    try {
      const error = await failure(c.hasBlob('team/app', blob.digest));
      expect(error.code).toBe('RegistryRealmElsewhere');
    } finally {
      c.close();
    }
    expect([elsewhere.requests.length, elsewhereHttp.requests.length]).toEqual(before);
  });
});

describe('values from the registry or the image never reach a header raw', () => {
  it.each(['tok\r\nX-Injected: 1', 'tok\nen', 'tok\u0000en', 'tok en'])(
    'a token %j from the token service: one line, RegistryProtocolError, never sent',
    async (token) => {
      const r = await registry({ bearer: { token } });
      const c = client(r);
      try {
        const error = await failure(c.hasBlob('team/app', blob.digest));
        expect(error.code).toBe('RegistryProtocolError');
        expect(error.message).not.toMatch(/[\r\n]/);
      } finally {
        c.close();
      }
      expect(r.requests.some((q) => String(q.headers.authorization).startsWith('Bearer'))).toBe(false);
      expect(r.requests.some((q) => q.headers['x-injected'] !== undefined)).toBe(false);
    },
  );

  it('a good token from the same origin works (the control)', async () => {
    const r = await registry({ bearer: {} });
    const c = client(r);
    try {
      await expect(c.hasBlob('team/app', blob.digest)).resolves.toBe(false);
    } finally {
      c.close();
    }
  });

  it.each([
    'application/vnd.oci.image.manifest.v1+json\r\nX-Injected: 1',
    'application/json\n',
    'application/\u0000json',
  ])('a media type %j: one line, MediaTypeInvalid, nothing sent', async (mediaType) => {
    const r = await registry({});
    const c = client(r);
    const before = r.requests.length;
    try {
      const error = await failure(c.putManifest('team/app', 'v1', mediaType, Buffer.from('{}')));
      expect(error.code).toBe('MediaTypeInvalid');
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.message).not.toContain('X-Injected');
    } finally {
      c.close();
    }
    expect(r.requests.filter((q) => q.method === 'PUT').length).toBe(0);
    expect(r.requests.length - before).toBeLessThanOrEqual(0);
  });
});

describe('through an http-proxy', () => {
  it('the credential crosses the proxy only inside TLS, and another host still gets none', async () => {
    const proxy = await startRecordingProxy();
    const r = await registry({ uploadLocation: (id) => `${elsewhere.url}/upload/${unique()}/${id}` });
    const agent = await createProxyAgent(proxy.url, undefined, { ca: tls.cert });
    const c = client(r, { agent });
    const before = elsewhere.requests.length;
    try {
      await c.uploadBlob('team/app', memoryBlob(Buffer.from('through the proxy')));
    } finally {
      c.close();
      await proxy.stop();
    }
    expect(proxy.connects.map((t) => t.target)).toEqual(expect.arrayContaining([r.host, elsewhere.host]));
    expect(elsewhere.requests.length).toBeGreaterThan(before);
    expectNoCredential(elsewhere.received());
    for (const secret of SECRETS) expect(proxy.tunnelled()).not.toContain(secret);
  });

  it('an http Location is refused through the proxy too', async () => {
    const proxy = await startRecordingProxy();
    const r = await registry({ uploadLocation: (id) => `${elsewhereHttp.url}/upload/${unique()}/${id}` });
    const c = client(r, { agent: await createProxyAgent(proxy.url, undefined, { ca: tls.cert }) });
    try {
      expect((await failure(c.uploadBlob('team/app', blob))).code).toBe('RegistryInsecureLocation');
    } finally {
      c.close();
      await proxy.stop();
    }
    expect(proxy.connects.map((t) => t.target)).not.toContain(elsewhereHttp.host);
    for (const secret of SECRETS) expect(proxy.tunnelled()).not.toContain(secret);
  });
});
