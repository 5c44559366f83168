import type { CiRuntime } from '../runtime.ts';
import { AWS_ENV } from './credential-inputs.ts';
import { maskOnce } from './mask-once.ts';

/**
 * The proxy every network call of a step uses: the `http-proxy` / `no-proxy` inputs, else
 * HTTPS_PROXY, HTTP_PROXY (either case) and NO_PROXY. The proxy's password is masked at once.
 */
export function readProxySettings(
  runtime: CiRuntime,
  input: string | undefined,
  noProxyInput: string | undefined,
): { proxy?: string; noProxy?: string } {
  const proxy =
    input ??
    runtime.variable(AWS_ENV.httpsProxy) ??
    runtime.variable(AWS_ENV.httpsProxy.toLowerCase()) ??
    runtime.variable(AWS_ENV.httpProxy) ??
    runtime.variable(AWS_ENV.httpProxy.toLowerCase());
  const noProxy =
    noProxyInput ?? runtime.variable(AWS_ENV.noProxy) ?? runtime.variable(AWS_ENV.noProxy.toLowerCase());
  if (proxy) {
    try {
      const password = new URL(proxy.includes('://') ? proxy : `http://${proxy}`).password;
      if (password) maskOnce(runtime, decodeURIComponent(password));
    } catch {
      // reported by createProxyAgent
    }
  }
  return { ...(proxy ? { proxy } : {}), ...(noProxy ? { noProxy } : {}) };
}
