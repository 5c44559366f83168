import { mapHostToLoopback } from './hosts.js';
import { canListen } from './net.js';
import { type Registry, type RegistryUser, startRegistry } from './registry.js';

/** moto's default account. */
export const TEST_ACCOUNT = '123456789012';

/** Host of moto's ECR proxyEndpoint: https://<account>.dkr.ecr.<region>.amazonaws.com */
export function ecrHostname(region: string, account = TEST_ACCOUNT): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com`;
}

/** The password inside moto's ECR authorization token (it decodes to `AWS:<account>-auth-token`). */
export function motoEcrPassword(account = TEST_ACCOUNT): string {
  return `${account}-auth-token`;
}

export interface EcrRegistry extends Registry {
  readonly hostname: string;
  readonly region: string;
}

/**
 * A registry that answers as moto's ECR endpoint, so the real code path
 * (proxyEndpoint -> docker login -> push) runs unchanged: the ECR host name is
 * mapped in /etc/hosts to a loopback address and the registry serves TLS on
 * that address, port 443, with a certificate for the name (root only).
 * 127.0.0.1 is used when its 443 is free, else 127.0.0.2, ... so several
 * regions/accounts can run side by side (parallel test files). Let moto's
 * token in with `addUser('AWS', motoEcrPassword())`. stop() removes the
 * hosts line too.
 */
export async function withEcrHostname(
  region: string,
  opts: { users?: RegistryUser[]; account?: string } = {},
): Promise<EcrRegistry> {
  const hostname = ecrHostname(region, opts.account);
  for (let i = 1; i <= 32; i++) {
    const address = `127.0.0.${i}`;
    if (!(await canListen(address, 443))) continue;
    const unmap = await mapHostToLoopback(hostname, address);
    try {
      const registry = await startRegistry({
        users: opts.users ?? [],
        tls: { hostnames: [hostname] },
        address,
        port: 443,
      });
      const stop = async (): Promise<void> => {
        await registry.stop();
        await unmap();
      };
      return { ...registry, hostname, region, stop };
    } catch (err) {
      await unmap();
      // Another worker took this address between the probe and the bind: next one.
      if (!/address already in use/.test((err as Error).message)) throw err;
    }
  }
  throw new Error(`no loopback address 127.0.0.1-32 has port 443 free for ${hostname}`);
}
