import type { CiRuntime } from '@aws-ci-kit/core';
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
  if (proxy) maskProxyPassword(runtime, proxy);
  return { ...(proxy ? { proxy } : {}), ...(noProxy ? { noProxy } : {}) };
}

/**
 * Masks the proxy's password as written (percent-encoded) and decoded, before anything can print it;
 * a URL that does not parse or decode is reported by createProxyAgent, its password masked as far as
 * it can be found (the text between the scheme's `user:` and the last `@`).
 */
function maskProxyPassword(runtime: CiRuntime, proxy: string): void {
  let password: string | undefined;
  try {
    password = new URL(proxy.includes('://') ? proxy : `http://${proxy}`).password || undefined;
  } catch {
    password = /^(?:[a-z][\w+.-]*:\/\/)?[^:/@]*:(.*)@[^@]*$/is.exec(proxy)?.[1] || undefined;
  }
  if (!password) return;
  maskOnce(runtime, password);
  try {
    maskOnce(runtime, decodeURIComponent(password));
  } catch {
    // a bare % : createProxyAgent refuses the URL in one line
  }
}
