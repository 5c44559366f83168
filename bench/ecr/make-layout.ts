// Writes OCI image layouts for the benchmark without any tool: each layer is a one-file tar of
// random (incompressible) bytes, gzip level 1, so every pusher moves the same compressed blobs.
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface LayerBlob {
  readonly digest: string;
  readonly size: number;
  readonly diffId: string;
  readonly file: string;
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function tarOf(name: string, data: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100, 8);
  header.write('0000000\0', 108, 8);
  header.write('0000000\0', 116, 8);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 12);
  header.write(`${(1_700_000_000).toString(8).padStart(11, '0')}\0`, 136, 12);
  header.write('        ', 148, 8);
  header.write('0', 156, 1);
  header.write('ustar\0', 257, 6);
  header.write('00', 263, 2);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, pad, Buffer.alloc(1024)]);
}

/** One gzip'd layer of `mb` MiB random data, written into `store` (a blobs/sha256 directory). */
export async function makeLayer(store: string, mb: number, name: string): Promise<LayerBlob> {
  await mkdir(store, { recursive: true });
  const tar = tarOf(name, randomBytes(Math.round(mb * 1024 * 1024)));
  const gz = gzipSync(tar, { level: 1 });
  const digest = sha(gz);
  const file = join(store, digest.slice(7));
  await writeFile(file, gz);
  return { digest, size: gz.length, diffId: sha(tar), file };
}

/** An OCI layout at `dir` (tag `tag`) made of `layers` (blob files copied from the store). */
export async function makeLayout(dir: string, layers: readonly LayerBlob[], tag = 'latest'): Promise<string> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  for (const layer of layers) await copyFile(layer.file, join(blobs, layer.digest.slice(7)));
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    }),
  );
  await writeFile(join(blobs, sha(config).slice(7)), config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha(config),
        size: config.length,
      },
      layers: layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: l.digest,
        size: l.size,
      })),
    }),
  );
  await writeFile(join(blobs, sha(manifest).slice(7)), manifest);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: sha(manifest),
          size: manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
  );
  return sha(manifest);
}
