import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, run } from './exec.js';

export interface TestCerts {
  dir: string;
  /** Directory holding only ca.crt: usable as skopeo/buildah `--cert-dir`. */
  caDir: string;
  /** PEM of the throwaway CA (for NODE_EXTRA_CA_CERTS, /etc/docker/certs.d, an https `ca`). */
  caFile: string;
  certFile: string;
  keyFile: string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * A throwaway CA and a server certificate signed by it, valid for two days,
 * for `hostnames` (DNS SANs) plus `ips` (IP SANs, default 127.0.0.1). Needs the
 * `openssl` CLI. Without `dir`, a temp dir the caller removes.
 */
export async function makeCerts(
  hostnames: string[],
  { dir, ips = ['127.0.0.1'] }: { dir?: string; ips?: string[] } = {},
): Promise<TestCerts> {
  if (hostnames.length === 0) throw new Error('makeCerts: give at least one host name');
  const root = dir ?? (await makeTempDir('certs'));
  const caDir = join(root, 'ca');
  await mkdir(caDir, { recursive: true });
  const caFile = join(caDir, 'ca.crt');
  const caKey = join(root, 'ca.key');
  const certFile = join(root, 'server.crt');
  const keyFile = join(root, 'server.key');
  const csr = join(root, 'server.csr');
  const ext = join(root, 'server.ext');

  await run('openssl', [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '2',
    '-subj',
    '/CN=aws-ci-kit test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', ['req', ...EC_KEY, '-keyout', keyFile, '-out', csr, '-subj', `/CN=${hostnames[0]}`]);

  const san = [...hostnames.map((h) => `DNS:${h}`), ...ips.map((ip) => `IP:${ip}`)].join(',');
  await writeFile(
    ext,
    `${[
      `subjectAltName=${san}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ].join('\n')}\n`,
  );
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caFile,
    '-CAkey',
    caKey,
    '-CAserial',
    join(root, 'ca.srl'),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    certFile,
    '-extfile',
    ext,
  ]);
  return { dir: root, caDir, caFile, certFile, keyFile };
}
