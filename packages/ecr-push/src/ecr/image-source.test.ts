import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileBytes } from './file-bytes.ts';
import { openImageSource } from './image-source.ts';

// GNU tar and mkfifo, run without stdin.
const run = promisify(execFile);
const sha256 = (bytes: Buffer | string): string =>
  `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'image-source-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A one-layer OCI layout written by hand; returns its folder and manifest digest. */
async function writeLayout(name: string): Promise<{ dir: string; digest: string; layer: string }> {
  const dir = join(work, name);
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (bytes: string): Promise<string> => {
    const digest = sha256(bytes);
    await writeFile(join(blobs, digest.slice(7)), bytes);
    return digest;
  };
  const config = '{"rootfs":{"type":"layers","diff_ids":[]}}';
  const layer = 'not really gzip, never read here';
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: sha256(config),
      size: config.length,
    },
    layers: [
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(layer), size: layer.length },
    ],
  });
  await Promise.all([put(config), put(layer)]);
  const digest = await put(manifest);
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ digest, size: manifest.length }] }),
  );
  return { dir, digest, layer: sha256(layer) };
}

/** A `docker save` archive (manifest.json form) of one layer, written with GNU tar. */
async function writeArchive(name: string, layerBytes: Buffer): Promise<{ path: string; diffId: string }> {
  const dir = join(work, `${name}-tree`);
  await mkdir(dir, { recursive: true });
  const diffId = sha256(layerBytes);
  await writeFile(join(dir, 'layer.tar'), layerBytes);
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({ rootfs: { type: 'layers', diff_ids: [diffId] } }),
  );
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify([{ Config: 'config.json', RepoTags: ['app:1'], Layers: ['layer.tar'] }]),
  );
  const path = join(work, `${name}.tar`);
  await run('tar', ['--format=pax', '-C', dir, '-cf', path, 'config.json', 'layer.tar', 'manifest.json']);
  return { path, diffId };
}

describe('openImageSource', () => {
  it('reads an OCI layout: the manifest checked against its digest, config then layers', async () => {
    const { dir, digest, layer } = await writeLayout('layout');
    const source = await openImageSource(dir);
    expect(source.kind).toBe('oci-layout');
    expect(source.top.digest).toBe(digest);
    expect(source.top.blobs.map((b) => b.digest)).toEqual([expect.any(String), layer]);
  });

  it('reads a docker save archive: the layer named by its diff_id, the manifest made for it', async () => {
    const { path, diffId } = await writeArchive('saved', Buffer.alloc(3000, 'a'));
    const source = await openImageSource(path);
    expect(source.kind).toBe('docker-archive');
    expect(source.top.blobs.map((b) => [b.digest, b.size])).toEqual([
      [expect.any(String), expect.any(Number)],
      [diffId, 3000],
    ]);
  });

  it('refuses a compressed layer inside a docker save archive', async () => {
    const { path } = await writeArchive('gzipped', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    await expect(openImageSource(path)).rejects.toThrow(/layer layer.tar is compressed/);
  });

  it('an archive cut short inside a file it names fails as changed on disk', async () => {
    const { path } = await writeArchive('cut', Buffer.alloc(3000, 'b'));
    const entries = (await import('./tar-index.ts')).indexTar(path);
    const manifest = entries.get('manifest.json');
    await truncate(path, (manifest?.offset ?? 0) + 5);
    await expect(openImageSource(path)).rejects.toMatchObject({ code: 'ImageSourceChanged' });
  });

  it('a FIFO in place of the archive or of a layout file fails at once instead of waiting for a writer', async () => {
    const fifo = join(work, 'image.fifo');
    await run('mkfifo', [fifo]);
    const started = performance.now();
    await expect(openImageSource(fifo)).rejects.toMatchObject({
      code: 'ImageSourceInvalid',
      message: `${fifo} is not a regular file.`,
    });
    const { dir } = await writeLayout('fifo-layout');
    await rm(join(dir, 'index.json'));
    await run('mkfifo', [join(dir, 'index.json')]);
    await expect(openImageSource(dir)).rejects.toMatchObject({ code: 'ImageSourceInvalid' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a path that does not exist is one line naming it', async () => {
    await expect(openImageSource(join(work, 'nothing-here'))).rejects.toMatchObject({
      code: 'ImageSourceMissing',
      message: `The image path ${join(work, 'nothing-here')} does not exist.`,
    });
  });
});

describe('readFileBytes', () => {
  it('reads a range, the rest of a file, and fewer bytes when the file ends first', async () => {
    const path = join(work, 'bytes.bin');
    await writeFile(path, '0123456789');
    expect(readFileBytes(path).toString()).toBe('0123456789');
    expect(readFileBytes(path, 3, 4).toString()).toBe('3456');
    expect(readFileBytes(path, 7).toString()).toBe('789');
    expect(readFileBytes(path, 8, 10).toString()).toBe('89');
    expect(readFileBytes(path, 0, 0).length).toBe(0);
  });
});
