import type { Agent } from 'node:http';
/**
 * A keep-alive agent that tunnels through an HTTP(S) proxy with CONNECT, for http and https targets,
 * and connects directly to hosts NO_PROXY lists. Shared by every AWS client and the registry push,
 * so both honour `http-proxy`, HTTPS_PROXY and NO_PROXY alike. A proxy that is not an http(s) URL
 * is an error at once.
 */
export declare function createProxyAgent(proxy: string, noProxy: string | undefined, options?: {
    readonly ca?: string | Buffer;
    readonly maxSockets?: number;
}): Promise<Agent>;
