import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { borrow, giveBack } from './buffer-pool.ts';
import { compressLayers, SMALL_LAYER } from './compress-layers.ts';
import type { BlobSource, ImageSource } from './image-types.ts';
import { layerRecord } from './layer-record.ts';
import type { KnownLayer } from './layer-reuse.ts';
import { readPooled } from './pooled-reader.ts';
import { RegistryClient } from './registry-client.ts';
import { type FakeRegistry, memoryBlob, startFakeRegistry } from './testing/fake-registry.ts';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** An image of uncompressed layers, as `docker save` gives (layer digest = diff_id). */
function archiveImage(layers: Buffer[]): ImageSource {
  const blobs = layers.map(memoryBlob);
  const configBytes = Buffer.from(JSON.stringify({ rootfs: { diff_ids: blobs.map((b) => b.digest) } }));
  const config = { ...memoryBlob(configBytes), mediaType: 'application/vnd.oci.image.config.v1+json' };
  const bytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      config: { digest: config.digest, size: config.size },
      layers: blobs.map((b) => ({ mediaType: b.mediaType, digest: b.digest, size: b.size })),
    }),
  );
  const top = {
    digest: sha(bytes),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    bytes,
    children: [],
    blobs: [config, ...blobs],
  };
  return { kind: 'docker-archive', path: '/nowhere', top };
}

let registry: FakeRegistry | undefined;
let dir = '';
afterEach(async () => {
  await registry?.stop();
  registry = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('compressLayers', () => {
  it('compresses each layer into the registry; the record then spares every compression', async () => {
    registry = await startFakeRegistry();
    dir = mkdtempSync(join(tmpdir(), 'compress-layers-'));
    const client = new RegistryClient({ url: registry.url });
    const layers = [Buffer.alloc(300_000, 'a'), Buffer.alloc(200_000, 'b')];
    const options = { client, repository: 'app', reuseFrom: ['v1'], record: layerRecord(dir) };
    const how: string[] = [];
    const first = await compressLayers(archiveImage(layers), {
      ...options,
      onLayer: (_f, _t, h) => how.push(h),
    });
    expect(how).toEqual(['compressed', 'compressed']);
    const json = JSON.parse(first.source.top.bytes.toString('utf8')) as { layers: { digest: string }[] };
    expect(json.layers.every((l) => registry?.blobs.has(l.digest))).toBe(true);

    const before = registry.requests.length;
    const again = await compressLayers(archiveImage(layers), { ...options, reuseFrom: ['new-tag'] });
    const asked = registry.requests.slice(before).map((r) => `${r.method} ${r.url.split('/')[3]}`);
    // The new tag has no image to vouch for the recorded layers: each is checked (2 layers + config).
    expect(asked.sort()).toEqual(['GET manifests', 'HEAD blobs', 'HEAD blobs', 'HEAD blobs']);
    expect(again.source.top.digest).toBe(first.source.top.digest);
    client.close();
  });

  it("takes recorded layers that the tag's image is made of as there: one manifest read, no check per layer", async () => {
    registry = await startFakeRegistry();
    dir = mkdtempSync(join(tmpdir(), 'compress-layers-'));
    const client = new RegistryClient({ url: registry.url });
    const layers = Array.from({ length: 6 }, (_, i) => Buffer.alloc(100_000 + i, `layer ${i}`));
    const options = { client, repository: 'app', reuseFrom: ['v1'], record: layerRecord(dir) };
    const first = await compressLayers(archiveImage(layers), options);
    const top = first.source.top;
    await client.putManifest('app', 'v1', top.mediaType, top.bytes);
    const before = registry.requests.length;
    const how: string[] = [];
    await compressLayers(archiveImage(layers), { ...options, onLayer: (_f, _t, h) => how.push(h) });
    const asked = registry.requests.slice(before).map((r) => `${r.method} ${r.url.split('/')[3]}`);
    expect(how).toEqual(Array(6).fill('reused'));
    expect(asked.sort()).toEqual(['GET manifests', 'HEAD blobs']); // the tag's manifest; the config's own check
    client.close();
  });

  it('with some layers recorded, compresses a new one at once (no wait for the tag)', async () => {
    registry = await startFakeRegistry();
    dir = mkdtempSync(join(tmpdir(), 'compress-layers-'));
    const client = new RegistryClient({ url: registry.url });
    const options = { client, repository: 'app', reuseFrom: ['v1'], record: layerRecord(dir) };
    const old = Buffer.alloc(100_000, 'o');
    await compressLayers(archiveImage([old]), options);
    const before = registry.requests.length;
    const changed = Buffer.alloc(150_000, 'n');
    const result = await compressLayers(archiveImage([old, changed]), options);
    const asked = registry.requests.slice(before);
    // The recorded layer is checked against the tag (missing here); the new one never waits for
    // the tag's config: no blob is read.
    expect(asked.filter((r) => r.url.includes('/manifests/')).map((r) => r.method)).toEqual(['GET']);
    expect(asked.some((r) => r.method === 'GET' && r.url.includes('/blobs/'))).toBe(false);
    const json = JSON.parse(result.source.top.bytes.toString('utf8')) as { layers: { digest: string }[] };
    expect(json.layers).toHaveLength(2);
    // A small layer goes up in one PUT (no PATCH); the config (new diff_ids) too.
    const sent = asked.filter((r) => r.url.includes('/blobs/uploads/') && r.body[0] === 0x1f);
    expect(sent.map((r) => r.method)).toEqual(['PUT']);
    expect(asked.some((r) => r.method === 'PATCH')).toBe(false);
    expect(gunzipSync(sent[0]?.body ?? Buffer.alloc(0)).equals(changed)).toBe(true);
    client.close();
  });

  it('streams a large layer into its upload (PATCH), digest learnt on the way', async () => {
    registry = await startFakeRegistry();
    const client = new RegistryClient({ url: registry.url });
    const big = Buffer.alloc(SMALL_LAYER + 1, 'x');
    const result = await compressLayers(archiveImage([big]), { client, repository: 'app', reuseFrom: [] });
    const patch = registry.requests.find((r) => r.method === 'PATCH');
    expect(gunzipSync(patch?.body ?? Buffer.alloc(0)).equals(big)).toBe(true);
    const json = JSON.parse(result.source.top.bytes.toString('utf8')) as { layers: { digest: string }[] };
    expect(registry.blobs.has(json.layers[0]?.digest ?? '')).toBe(true);
    client.close();
  });

  it('layers read from disk into pooled blocks, several at once: every upload is its layer, under its digest', async () => {
    registry = await startFakeRegistry({ uploadDelayMs: 30 }); // uploads wait while other layers compress
    const client = new RegistryClient({ url: registry.url });
    dir = mkdtempSync(join(tmpdir(), 'compress-'));
    const mixed = (n: number, seed: number) =>
      Buffer.concat(
        Array.from({ length: Math.ceil(n / 65536) }, (_, i) =>
          i % 2 ? Buffer.alloc(65536, `layer ${seed} text ${i} `) : randomBytes(65536),
        ),
      ).subarray(0, n);
    const sizes = [SMALL_LAYER + 3_000_000, 3_000_000, SMALL_LAYER + 1, 2_500_001, 0, 3_100_000, 2_000_000];
    const layers = sizes.map(mixed);
    const path = join(dir, 'layers');
    writeFileSync(path, Buffer.concat(layers));
    const image = archiveImage(layers);
    let at = 0;
    const onDisk = image.top.blobs.map((b, i) => {
      if (i === 0) return b; // the config
      const end = at + b.size;
      const start = at;
      const blob = { ...b, open: () => readPooled({ path, start, end }) };
      at = end;
      return blob;
    });
    const result = await compressLayers(
      { ...image, top: { ...image.top, blobs: onDisk } },
      { client, repository: 'app', reuseFrom: [], concurrency: 2 },
    );
    const json = JSON.parse(result.source.top.bytes.toString('utf8')) as { layers: { digest: string }[] };
    const sessions = new Map<string, Buffer[]>();
    for (const r of registry.requests.filter((q) => q.method === 'PATCH' || q.method === 'PUT')) {
      const path = new URL(r.url, registry.url).pathname;
      if (path.includes('/blobs/uploads/')) sessions.set(path, [...(sessions.get(path) ?? []), r.body]);
    }
    const sent = new Map(
      [...sessions.values()].map((parts) => [sha(Buffer.concat(parts)), Buffer.concat(parts)]),
    );
    for (const [i, layer] of layers.entries()) {
      const digest = json.layers[i]?.digest ?? '';
      expect(registry.blobs.has(digest)).toBe(true);
      expect(gunzipSync(sent.get(digest) ?? Buffer.alloc(1)).equals(layer)).toBe(true);
    }
    client.close();
  });

  it("keeps a small layer's compressed bytes intact until its upload is done (its buffers are reused only then)", async () => {
    const layer = Buffer.concat([randomBytes(1_500_000), Buffer.alloc(1_500_000, 'text ')]);
    const checked: string[] = [];
    const client = {
      uploadBlob: async () => ({ outcome: 'uploaded' as const, resumes: 0 }),
      uploadMade: async (_repository: string, made: Promise<BlobSource>) => {
        const blob = await made;
        const other = Array.from({ length: 8 }, () => borrow().fill(0xee)); // another layer at work
        const sent: Buffer[] = [];
        for await (const chunk of blob.open()) sent.push(chunk as Buffer);
        for (const b of other) giveBack(b);
        checked.push(sha(Buffer.concat(sent)) === blob.digest ? 'intact' : 'overwritten');
      },
    } as unknown as RegistryClient;
    await compressLayers(archiveImage([layer]), { client, repository: 'app', reuseFrom: [] });
    expect(checked).toEqual(['intact']);
  });

  it('a recorded blob the repository lacks is compressed again, and the record then names the new one', async () => {
    registry = await startFakeRegistry();
    dir = mkdtempSync(join(tmpdir(), 'compress-layers-'));
    const client = new RegistryClient({ url: registry.url });
    const record = layerRecord(dir);
    const layer = Buffer.alloc(50_000, 'r');
    const diffId = sha(layer);
    const stale = {
      digest: `sha256:${'0'.repeat(64)}`,
      size: 10,
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    };
    await record.remember(diffId, stale);
    const how: string[] = [];
    const result = await compressLayers(archiveImage([layer]), {
      client,
      repository: 'app',
      reuseFrom: ['v1'],
      record,
      onLayer: (_f, _t, h) => how.push(h),
    });
    expect(how).toEqual(['compressed']);
    const json = JSON.parse(result.source.top.bytes.toString('utf8')) as { layers: { digest: string }[] };
    const now = (await record.lookup([diffId])).get(diffId);
    expect(now?.digest).toBe(json.layers[0]?.digest);
    expect(now?.digest).not.toBe(stale.digest);
    client.close();
  });

  it('a layer recorded as sent to another registry starts compressing at once, while its blob is checked', async () => {
    registry = await startFakeRegistry();
    dir = mkdtempSync(join(tmpdir(), 'compress-layers-'));
    const record = layerRecord(dir);
    const layer = Buffer.alloc(300_000, 'e');
    const gzType = 'application/vnd.oci.image.layer.v1.tar+gzip';
    const elsewhere = { digest: `sha256:${'e'.repeat(64)}`, size: 9, mediaType: gzType };
    await record.remember(sha(layer), elsewhere, 'registry.elsewhere.example/app');
    const image = archiveImage([layer]);
    let opened = false;
    const opening = (b: BlobSource) => () => {
      opened = true;
      return b.open();
    };
    const blobs = image.top.blobs.map((b) => (b.digest === sha(layer) ? { ...b, open: opening(b) } : b));
    let openedFirst: boolean | undefined;
    // A registry slow to answer the check: it answers once the layer is being read (or after 2 s).
    class SlowCheck extends RegistryClient {
      override async hasBlob(repository: string, digest: string): Promise<boolean> {
        if (digest === elsewhere.digest) {
          for (let waited = 0; !opened && waited < 2000; waited += 5) await sleep(5);
          openedFirst = opened;
        }
        return super.hasBlob(repository, digest);
      }
    }
    const client = new SlowCheck({ url: registry.url });
    const how: string[] = [];
    await compressLayers(
      { ...image, top: { ...image.top, blobs } },
      { client, repository: 'app', reuseFrom: ['v1'], record, onLayer: (_f, _t, h) => how.push(h) },
    );
    expect(openedFirst).toBe(true);
    expect(how).toEqual(['compressed']);
    expect((await record.lookup([sha(layer)])).get(sha(layer))?.at).toBe(`${registry.host}/app`);
    client.close();
  });

  it('a layer recorded elsewhere that this repository holds is reused, and recorded as here', async () => {
    registry = await startFakeRegistry();
    dir = mkdtempSync(join(tmpdir(), 'compress-layers-'));
    const client = new RegistryClient({ url: registry.url });
    const record = layerRecord(dir);
    const layer = Buffer.alloc(200_000, 'h');
    const options = { client, repository: 'app', reuseFrom: ['v1'], record };
    await compressLayers(archiveImage([layer]), options);
    const sent = (await record.lookup([sha(layer)])).get(sha(layer));
    expect(sent?.at).toBe(`${registry.host}/app`);
    await record.remember(sha(layer), sent as KnownLayer, 'registry.elsewhere.example/app');
    const before = registry.requests.length;
    const how: string[] = [];
    await compressLayers(archiveImage([layer]), { ...options, onLayer: (_f, _t, h) => how.push(h) });
    const asked = registry.requests.slice(before).map((r) => r.method);
    expect(how).toEqual(['reused']);
    expect(asked).not.toContain('POST');
    expect((await record.lookup([sha(layer)])).get(sha(layer))).toEqual(sent);
    client.close();
  });

  it("reads the tag's manifest alongside the record, not after it (a warm push waits on neither in turn)", async () => {
    registry = await startFakeRegistry();
    dir = mkdtempSync(join(tmpdir(), 'compress-layers-'));
    const client = new RegistryClient({ url: registry.url });
    const layers = [Buffer.alloc(60_000, 'w')];
    const stored = layerRecord(dir);
    const options = { client, repository: 'app', reuseFrom: ['v1'], record: stored };
    const first = await compressLayers(archiveImage(layers), options);
    await client.putManifest('app', 'v1', first.source.top.mediaType, first.source.top.bytes);
    const before = registry.requests.length;
    const tagRead = () =>
      registry?.requests.slice(before).some((r) => r.method === 'GET' && r.url.includes('/manifests/v1'));
    let readFirst: boolean | undefined;
    // A record slow to answer: it answers once the tag's manifest was asked for (or after 2 s).
    const slow = {
      lookup: async (diffIds: readonly string[]) => {
        for (let waited = 0; !tagRead() && waited < 2000; waited += 5) await sleep(5);
        readFirst = tagRead();
        return stored.lookup(diffIds);
      },
      remember: stored.remember,
    };
    const how: string[] = [];
    await compressLayers(archiveImage(layers), {
      ...options,
      record: slow,
      onLayer: (_f, _t, h) => how.push(h),
    });
    expect(readFirst).toBe(true);
    expect(how).toEqual(['reused']);
    client.close();
  });
});
