/**
 * A loopback registry (Docker Registry HTTP API v2, just enough for a push) that can turn faulty:
 * a black hole, a freeze in the middle of a blob upload, reset connections, 503s, or HTML garbage.
 * It records what it stored, so a test can prove nothing half-made is left (no tag without its
 * manifest, no manifest without its blobs).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type RegistryFault = 'none' | 'blackhole' | 'freeze-upload' | 'reset' | '503' | 'html';

export interface FaultRegistry {
  readonly url: string;
  readonly port: number;
  setFault(fault: RegistryFault): void;
  /** Where a new upload is sent (the 202's `Location`); undefined: the registry itself. */
  setUploadLocation(make: ((id: string, name: string) => string) | undefined): void;
  /** Forgets every blob and manifest (so the next push uploads again). */
  clear(): void;
  /** Blobs and manifests (by reference) stored so far. */
  readonly blobs: Set<string>;
  readonly manifests: Map<string, { digest: string; refs: string[] }>;
  /** Requests seen, in order. */
  readonly requests: string[];
  stop(): Promise<void>;
}

const sha = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface FaultRegistryOptions {
  /** Serve HTTPS with this key and certificate (the client trusts it through NODE_EXTRA_CA_CERTS). */
  readonly tls?: { readonly key: string; readonly cert: string };
}

export async function startFaultRegistry(options: FaultRegistryOptions = {}): Promise<FaultRegistry> {
  let fault: RegistryFault = 'none';
  let uploadLocation: ((id: string, name: string) => string) | undefined;
  const blobs = new Set<string>();
  const manifests = new Map<string, { digest: string; refs: string[] }>();
  const requests: string[] = [];
  const uploads = new Map<string, Buffer[]>();
  let next = 0;

  const body = (req: IncomingMessage): Promise<Buffer> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', () => resolve(Buffer.concat(chunks)));
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://registry');
    requests.push(`${req.method} ${url.pathname}`);
    if (fault === 'blackhole') return;
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === '503') {
      res
        .writeHead(503, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"UNAVAILABLE","message":"try later"}]}');
      return;
    }
    if (fault === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Proxy login</body></html>');
      return;
    }
    if (url.pathname === '/v2/') {
      res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' }).end('{}');
      return;
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    if (blob && (req.method === 'HEAD' || req.method === 'GET')) {
      const has = blobs.has(blob[2]!);
      res
        .writeHead(has ? 200 : 404, has ? { 'docker-content-digest': blob[2]!, 'content-length': '0' } : {})
        .end();
      return;
    }
    const start = /^\/v2\/(.+)\/blobs\/uploads\/$/.exec(url.pathname);
    if (start && req.method === 'POST') {
      await body(req);
      const id = String(++next);
      uploads.set(id, []);
      res
        .writeHead(202, {
          location: uploadLocation?.(id, start[1] as string) ?? `/v2/${start[1]}/blobs/uploads/${id}`,
          'docker-upload-uuid': id,
          range: '0-0',
          'content-length': '0',
        })
        .end();
      return;
    }
    const upload = /^\/v2\/(.+)\/blobs\/uploads\/(\d+)$/.exec(url.pathname);
    if (upload && (req.method === 'PATCH' || req.method === 'PUT')) {
      if (fault === 'freeze-upload') {
        req.once('data', () => req.pause()); // take a little, then never read or answer again
        return;
      }
      const parts = uploads.get(upload[2]!) ?? [];
      parts.push(await body(req));
      uploads.set(upload[2]!, parts);
      const size = parts.reduce((n, p) => n + p.length, 0);
      if (req.method === 'PATCH') {
        res
          .writeHead(202, {
            location: url.pathname,
            range: `0-${Math.max(0, size - 1)}`,
            'content-length': '0',
          })
          .end();
        return;
      }
      const digest = sha(Buffer.concat(parts));
      if (digest !== url.searchParams.get('digest')) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"DIGEST_INVALID","message":"digest"}]}');
        return;
      }
      blobs.add(digest);
      res
        .writeHead(201, {
          location: `/v2/${upload[1]}/blobs/${digest}`,
          'docker-content-digest': digest,
          'content-length': '0',
        })
        .end();
      return;
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (manifest && req.method === 'PUT') {
      const data = await body(req);
      const digest = sha(data);
      const parsed = JSON.parse(data.toString()) as {
        config?: { digest: string };
        layers?: { digest: string }[];
      };
      const refs = [parsed.config?.digest, ...(parsed.layers ?? []).map((l) => l.digest)].filter(
        (d): d is string => !!d,
      );
      if (refs.some((d) => !blobs.has(d))) {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown"}]}');
        return;
      }
      manifests.set(manifest[2]!, { digest, refs });
      res
        .writeHead(201, { 'docker-content-digest': digest, location: url.pathname, 'content-length': '0' })
        .end();
      return;
    }
    if (manifest && (req.method === 'HEAD' || req.method === 'GET')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"unknown"}]}');
      return;
    }
    res.writeHead(404).end();
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res);
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    setFault: (f) => {
      fault = f;
    },
    setUploadLocation: (make) => {
      uploadLocation = make;
    },
    clear: () => {
      blobs.clear();
      manifests.clear();
    },
    blobs,
    manifests,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A small OCI image layout (one 64 KB layer) written by hand, for the daemonless push. */
export async function writeOciLayout(
  dir: string,
  options: { manifestMediaType?: string } = {},
): Promise<string> {
  const manifestType = options.manifestMediaType ?? 'application/vnd.oci.image.manifest.v1+json';
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = async (data: Buffer): Promise<{ digest: string; size: number }> => {
    const digest = sha(data);
    await writeFile(join(dir, 'blobs', 'sha256', digest.slice(7)), data);
    return { digest, size: data.length };
  };
  const layer = await put(Buffer.alloc(64 * 1024, 7));
  const config = await put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [layer.digest] },
      }),
    ),
  );
  const manifest = await put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: manifestType,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
      }),
    ),
  );
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: manifestType,
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        },
      ],
    }),
  );
  return dir;
}
