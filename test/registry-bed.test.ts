// The registry test bed itself: a private docker-registry (htpasswd, TLS under
// moto's ECR host name on 443), a private Docker engine, buildah and skopeo.
// Runs as root. Nothing here skips: a machine that cannot run the bed fails.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildScratchImage,
  CERTS_D,
  type Dockerd,
  dockerSaveArchive,
  type EcrRegistry,
  httpStatus,
  makeOciLayout,
  makeTempDir,
  motoEcrPassword,
  type Registry,
  skopeoCopy,
  skopeoInspect,
  skopeoInspectRaw,
  startDockerd,
  startRegistry,
  TEST_ACCOUNT,
  withEcrHostname,
} from './support/registry/index.js';

// Regions of their own: another test file may serve a common one's ECR name at the same time.
const REGION = 'ap-northeast-3';
const alice = { user: 'alice', password: randomBytes(12).toString('hex') };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `node -e` in a child with `env`; prints the /v2/ status or the TLS error code. */
function childFetch(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  const script =
    'fetch(process.argv[1]).then((r) => console.log(r.status), (e) => console.log("ERR " + (e.cause?.code ?? e.message)))';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, url], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

describe('registry test bed', () => {
  let plain: Registry;
  let ecr: EcrRegistry;
  let dockerd: Dockerd | undefined;
  let work: string;

  beforeAll(async () => {
    work = await makeTempDir('bed-test');
    // Both start even if one fails, so afterAll can stop whichever came up.
    const started = await Promise.allSettled([
      startRegistry({ users: [alice] }).then((r) => (plain = r)),
      withEcrHostname(REGION, { users: [alice] }).then((r) => (ecr = r)),
    ]);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  }, 30_000);

  afterAll(async () => {
    await dockerd?.stop();
    await plain?.stop();
    await ecr?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  }, 60_000);

  describe('htpasswd over plain HTTP', () => {
    it('refuses anonymous requests with a basic challenge', async () => {
      const res = await fetch(`${plain.url}/v2/`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    });

    it('accepts a user and refuses a wrong password', async () => {
      const basic = (u: string, p: string) => ({
        authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
      });
      expect((await fetch(`${plain.url}/v2/`, { headers: basic(alice.user, alice.password) })).status).toBe(
        200,
      );
      expect((await fetch(`${plain.url}/v2/`, { headers: basic(alice.user, 'wrong') })).status).toBe(401);
    });

    it('picks up an added user without a restart', async () => {
      const pid = plain.pid;
      await plain.addUser('bob', 'bob-secret');
      expect(await httpStatus(`${plain.url}/v2/`, { basic: { user: 'bob', password: 'bob-secret' } })).toBe(
        200,
      );
      expect(plain.pid).toBe(pid);
    });
  });

  describe('TLS under the ECR host name on 443', () => {
    it('serves https://<account>.dkr.ecr.<region>.amazonaws.com', async () => {
      expect(ecr.host).toBe(`${TEST_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`);
      expect(ecr.url).toBe(`https://${ecr.host}`);
      expect(await readFile('/etc/hosts', 'utf8')).toContain(`${ecr.address} ${ecr.host} `);
    });

    it('verifies against the throwaway CA given per request', async () => {
      const ca = await readFile(ecr.caFile as string);
      expect(await httpStatus(`${ecr.url}/v2/`, { ca })).toBe(401);
      expect(await httpStatus(`${ecr.url}/v2/`, { ca, basic: alice })).toBe(200);
      await expect(httpStatus(`${ecr.url}/v2/`)).rejects.toThrow(/certificate|issuer/i);
    });

    it('is trusted by child Node processes through NODE_EXTRA_CA_CERTS', async () => {
      const { NODE_EXTRA_CA_CERTS: _, ...bare } = process.env;
      expect(await childFetch(`${ecr.url}/v2/`, { ...bare, ...ecr.env })).toBe('401');
      expect(await childFetch(`${ecr.url}/v2/`, bare)).toMatch(/^ERR .*(CERT|ISSUER|SIGNATURE)/);
    }, 15_000);

    it('runs a second ECR name side by side on the next loopback address', async () => {
      const other = await withEcrHostname('me-south-1');
      try {
        expect(other.address).not.toBe(ecr.address);
        const ca = await readFile(other.caFile as string);
        expect(await httpStatus(`${other.url}/v2/`, { ca })).toBe(401);
      } finally {
        await other.stop();
      }
      expect(await readFile('/etc/hosts', 'utf8')).not.toContain(other.host);
    });

    it("lets moto's ECR token user in once added", async () => {
      const token = { user: 'AWS', password: motoEcrPassword() };
      const ca = await readFile(ecr.caFile as string);
      expect(await httpStatus(`${ecr.url}/v2/`, { ca, basic: token })).toBe(401);
      await ecr.addUser(token.user, token.password);
      expect(await httpStatus(`${ecr.url}/v2/`, { ca, basic: token })).toBe(200);
    });
  });

  describe('Docker engine', () => {
    beforeAll(async () => {
      dockerd = await startDockerd({ caCerts: [{ host: ecr.host, caFile: ecr.caFile as string }] });
    }, 60_000);

    it('logs in with --password-stdin, builds FROM scratch with a RUN step, pushes; skopeo sees the tag', async () => {
      if (!dockerd) throw new Error('no engine');
      const ref = `${ecr.host}/bed/app:v1`;
      await dockerd.docker(['login', '--username', alice.user, '--password-stdin', ecr.host], {
        input: alice.password,
      });
      const auths = JSON.parse(await readFile(join(dockerd.configDir, 'config.json'), 'utf8')).auths;
      expect(Object.keys(auths)).toContain(ecr.host);

      await buildScratchImage(dockerd, ref, { layers: 2, layerSizeMb: 1, run: true });
      const { stdout } = await dockerd.docker(['push', ref]);
      const pushed = /digest: (sha256:[0-9a-f]{64})/.exec(stdout)?.[1];
      expect(pushed).toBeDefined();

      const image = await skopeoInspect(`docker://${ref}`, { creds: alice, certDir: ecr.caDir });
      expect(image.RepoTags).toContain('v1');
      expect(image.Digest).toBe(pushed);
      expect(image.Layers).toHaveLength(4); // two random layers, busybox, the RUN step
    }, 60_000);

    it('pushes to the plain-HTTP registry (127.0.0.0/8 is insecure by default)', async () => {
      if (!dockerd) throw new Error('no engine');
      const ref = `${plain.host}/bed/plain:v1`;
      await dockerd.docker(['login', '--username', alice.user, '--password-stdin', plain.host], {
        input: alice.password,
      });
      await buildScratchImage(dockerd, ref, { layers: 1, layerSizeMb: 0.5 });
      await dockerd.docker(['push', ref]);
      const image = await skopeoInspect(`docker://${ref}`, { creds: alice, tlsVerify: false });
      expect(image.RepoTags).toEqual(['v1']);
    }, 60_000);

    it('docker save writes an archive skopeo can read', async () => {
      if (!dockerd) throw new Error('no engine');
      const file = await dockerSaveArchive(dockerd, `${plain.host}/bed/plain:v1`, join(work, 'plain.tar'));
      expect((await stat(file)).size).toBeGreaterThan(512 * 1024);
      const image = await skopeoInspect(`docker-archive:${file}`);
      expect(image.Layers).toHaveLength(1);
    }, 30_000);
  });

  describe('buildah and skopeo', () => {
    it('makes a two-platform OCI layout and skopeo copy pushes the index', async () => {
      const layout = await makeOciLayout(join(work, 'layout'), {
        layers: 2,
        layerSizeMb: 0.5,
        platforms: ['linux/amd64', 'linux/arm64'],
        tag: 'v1',
      });
      expect(layout.mediaType).toBe('application/vnd.oci.image.index.v1+json');

      const ref = `docker://${plain.host}/bed/multi:v1`;
      const dest = { creds: alice, tlsVerify: false };
      const digest = await skopeoCopy(layout.ref, ref, { all: true, dest });
      expect(digest).toBe(layout.digest);

      const index = (await skopeoInspectRaw(ref, dest)) as {
        manifests: { platform: { architecture: string } }[];
      };
      expect(index.manifests.map((m) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64']);
      expect((await skopeoInspect(ref, dest)).RepoTags).toEqual(['v1']);
    }, 60_000);
  });

  it('tears down cleanly: processes gone, /etc/hosts and certs.d restored', async () => {
    const pids = [plain.pid, ecr.pid, ...(dockerd ? [dockerd.pid] : [])];
    await dockerd?.stop();
    await plain.stop();
    await ecr.stop();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await expect(fetch(`${plain.url}/v2/`)).rejects.toThrow();
    expect(await readFile('/etc/hosts', 'utf8')).not.toContain(ecr.host);
    await expect(stat(join(CERTS_D, ecr.host))).rejects.toThrow(/ENOENT/);
  }, 30_000);
});
