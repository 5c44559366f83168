// The runtime's floor: the requests our push makes for a small OCI layout (HEAD, POST and PUT of
// each blob, then PUT of the manifest), over bare node:https with nothing of
// ours: no retries, no streaming, no verification beyond one digest check, whole files in memory.
// What node itself costs (start-up, TLS root store, handshakes) shows as its ratio to skopeo.
//   node floor.mjs <oci-layout> <registry-url> <repository> <tag>
// Credentials from REGISTRY_USER / REGISTRY_PASSWORD; REGISTRY_CA names the CA file to trust.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';

interface Descriptor {
  readonly digest: string;
  readonly mediaType?: string;
}

const [layout, url, repository, tag] = process.argv.slice(2) as [string, string, string, string];
const base = new URL(url);
const agent = new Agent({
  keepAlive: true,
  maxSockets: 6,
  secureContext: createSecureContext({ ca: readFileSync(process.env.REGISTRY_CA ?? '') }),
});
const user = `${process.env.REGISTRY_USER ?? ''}:${process.env.REGISTRY_PASSWORD ?? ''}`;
const authorization = `Basic ${Buffer.from(user).toString('base64')}`;
const blob = (digest: string): Buffer => readFileSync(join(layout, 'blobs', 'sha256', digest.slice(7)));

function send(
  method: string,
  path: string,
  body?: Buffer,
  type?: string,
): Promise<{ status: number; location?: string }> {
  const headers: Record<string, string> = { authorization };
  if (body) headers['content-length'] = String(body.length);
  if (type) headers['content-type'] = type;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { method, agent, headers }, (res) => {
      res.resume().on('end', () => {
        const location = res.headers.location;
        resolve({ status: res.statusCode ?? 0, ...(location ? { location } : {}) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function pushBlob({ digest }: Descriptor): Promise<void> {
  if ((await send('HEAD', `/v2/${repository}/blobs/${digest}`)).status === 200) return;
  const started = await send('POST', `/v2/${repository}/blobs/uploads/`);
  const target = new URL(started.location ?? '', base);
  target.searchParams.set('digest', digest);
  const bytes = blob(digest);
  if (`sha256:${createHash('sha256').update(bytes).digest('hex')}` !== digest)
    throw new Error(`${digest} is corrupt`);
  const put = await send('PUT', `${target.pathname}${target.search}`, bytes, 'application/octet-stream');
  if (put.status !== 201) throw new Error(`PUT of ${digest}: HTTP ${put.status}`);
}

const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
const top = index.manifests[0] as Descriptor;
const bytes = blob(top.digest);
const manifest = JSON.parse(bytes.toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
await Promise.all([manifest.config, ...manifest.layers].map(pushBlob));
const type = top.mediaType ?? 'application/vnd.oci.image.manifest.v1+json';
const put = await send('PUT', `/v2/${repository}/manifests/${tag}`, bytes, type);
if (put.status !== 201) throw new Error(`PUT of the manifest: HTTP ${put.status}`);
agent.destroy();
process.stdout.write('{}\n');
