import { execFile } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256, writeDockerArchive, writeOciLayout } from '../testing/fakes.ts';
import { readFileBytes } from './file-bytes.ts';
import { openImageSource } from './image-source.ts';
import { indexTar } from './tar-index.ts';

// mkfifo, run without stdin.
const run = promisify(execFile);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'image-source-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** A one-layer `docker save` archive of `layer`; returns its path. */
async function archiveOf(name: string, layer: Buffer): Promise<string> {
  const path = join(work, `${name}.tar`);
  await writeDockerArchive(join(work, `${name}-tree`), path, 'app:1', layer);
  return path;
}

describe('openImageSource', () => {
  it('reads an OCI layout: the manifest checked against its digest, config then layers', async () => {
    const dir = join(work, 'layout');
    const digest = await writeOciLayout(dir, 'layer bytes');
    const source = await openImageSource(dir);
    expect(source.kind).toBe('oci-layout');
    expect(source.top.digest).toBe(digest);
    expect(source.top.blobs.map((b) => b.digest)).toEqual([expect.any(String), sha256('layer bytes')]);
  });

  it('reads a docker save archive: the layer named by its diff_id, the manifest made for it', async () => {
    const layer = Buffer.alloc(3000, 'a');
    const source = await openImageSource(await archiveOf('saved', layer));
    expect(source.kind).toBe('docker-archive');
    expect(source.top.blobs.map((b) => [b.digest, b.size])).toEqual([
      [expect.any(String), expect.any(Number)],
      [sha256(layer), 3000],
    ]);
  });

  it('refuses a compressed layer inside a docker save archive', async () => {
    const path = await archiveOf('gzipped', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    await expect(openImageSource(path)).rejects.toThrow(/layer layer.tar is compressed/);
  });

  it('an archive cut short inside a file it names fails as changed on disk', async () => {
    const path = await archiveOf('cut', Buffer.alloc(3000, 'b'));
    const manifest = indexTar(path).get('manifest.json');
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
    const dir = join(work, 'fifo-layout');
    await writeOciLayout(dir);
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
