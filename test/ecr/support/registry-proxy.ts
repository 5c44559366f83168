import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** 1-based count of requests since the plan was set. */
  n: number;
}

/** pass; answer an error; cut the connection after forwarding some request bytes; or reset at once. */
export type RegistryPlanAnswer =
  | 'pass'
  | 'reset'
  /** Forward the whole request, let the registry handle it, then cut the connection before the answer. */
  | 'loseAnswer'
  | { status: number; code?: string }
  | { cutAfterBytes: number };
export type RegistryPlan = (req: ProxiedRequest) => RegistryPlanAnswer;

export interface RegistryCall {
  method: string;
  path: string;
  /** 0 when the connection was cut or reset. */
  status: number;
}

export interface RegistryProxy {
  readonly url: string;
  readonly host: string;
  readonly pid: number;
  calls(): RegistryCall[];
  setPlan(plan: RegistryPlan): void;
  /**
   * Keep upload sessions server-side, as Amazon ECR does (its sessions are keyed by upload id):
   * a request on an upload URL carrying an old `_state` is sent upstream with the latest state the
   * registry issued for that upload. distribution itself binds the offset into `_state` and cancels
   * an upload addressed with a stale one, so without this a lost answer can never be resumed.
   */
  trackUploadSessions(on: boolean): void;
  stop(): Promise<void>;
}

/**
 * A loopback reverse proxy in front of a plain-HTTP registry that injects faults per request. The
 * Host header is forwarded unchanged, so the registry's Location headers point back at the proxy.
 */
export async function startRegistryProxy(
  upstream: string,
  initial: RegistryPlan = () => 'pass',
): Promise<RegistryProxy> {
  const target = new URL(upstream);
  let plan = initial;
  let n = 0;
  const calls: RegistryCall[] = [];
  const sockets = new Set<Socket>();
  let tracking = false;
  const latest = new Map<string, string>();
  const uploadId = (path: string): string | undefined => /\/blobs\/uploads\/([0-9a-f-]{36})/.exec(path)?.[1];
  const rewrite = (path: string): string => {
    const id = uploadId(path);
    const newest = id ? latest.get(id) : undefined;
    if (!tracking || !newest) return path;
    const wanted = new URL(path, 'http://x');
    const url = new URL(newest, 'http://x');
    for (const [k, v] of wanted.searchParams) if (k !== '_state') url.searchParams.set(k, v);
    return `${url.pathname}${url.search}`;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    n++;
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const answer = plan({ method, path, n });
    const call: RegistryCall = { method, path, status: 0 };
    calls.push(call);
    if (answer === 'reset') {
      req.socket.destroy();
      return;
    }
    if (typeof answer === 'object' && 'status' in answer) {
      req.resume();
      req.on('end', () => {
        call.status = answer.status;
        const body = JSON.stringify({
          errors: [{ code: answer.code ?? 'UNAVAILABLE', message: 'injected fault' }],
        });
        res.writeHead(answer.status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      });
      return;
    }
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method, path: rewrite(path), headers: req.headers },
      (upRes) => {
        const location = upRes.headers.location;
        const id = location ? uploadId(location) : undefined;
        if (id && location)
          latest.set(id, new URL(location, 'http://x').pathname + new URL(location, 'http://x').search);
        if (answer === 'loseAnswer') {
          upRes.resume();
          req.socket.destroy();
          return;
        }
        call.status = upRes.statusCode ?? 0;
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => req.socket.destroy());
    if (typeof answer === 'object' && 'cutAfterBytes' in answer) {
      let forwarded = 0;
      req.on('data', (chunk: Buffer) => {
        if (forwarded >= answer.cutAfterBytes) return;
        const room = answer.cutAfterBytes - forwarded;
        const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
        forwarded += piece.length;
        upstreamReq.write(piece);
        if (forwarded >= answer.cutAfterBytes) {
          // The client and the registry both see the connection die mid-body.
          setTimeout(() => {
            upstreamReq.destroy();
            req.socket.destroy();
          }, 50);
        }
      });
      req.on('end', () => upstreamReq.end());
      return;
    }
    req.pipe(upstreamReq);
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    pid: process.pid,
    calls: () => [...calls],
    trackUploadSessions: (on) => {
      tracking = on;
    },
    setPlan: (next) => {
      plan = next;
      n = 0;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
