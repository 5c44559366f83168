import type { CiRuntime } from '@aws-ci-kit/core';
/**
 * The proxy every network call of a step uses: the `http-proxy` / `no-proxy` inputs, else
 * HTTPS_PROXY, HTTP_PROXY (either case) and NO_PROXY. The proxy's password is masked at once.
 */
export declare function readProxySettings(runtime: CiRuntime, input: string | undefined, noProxyInput: string | undefined): {
    proxy?: string;
    noProxy?: string;
};
