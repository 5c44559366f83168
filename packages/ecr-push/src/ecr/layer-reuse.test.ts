import { describe, expect, it } from 'vitest';
import { listedBlobs, pairLayers } from './layer-reuse.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const manifest = (layers: object[]) => Buffer.from(JSON.stringify({ schemaVersion: 2, layers }));
const config = (diffIds: string[]) =>
  Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: diffIds } }));
const gz = 'application/vnd.oci.image.layer.v1.tar+gzip';

describe('pairLayers', () => {
  it('pairs diff_ids[i] with layers[i] (gzip layers only)', () => {
    const found = pairLayers(
      manifest([
        { mediaType: gz, digest: d('a'), size: 10 },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', digest: d('b'), size: 20 },
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: d('c'), size: 30 },
      ]),
      config([d('1'), d('2'), d('3')]),
    );
    expect([...found.entries()]).toEqual([
      [d('1'), { digest: d('a'), size: 10, mediaType: gz }],
      [d('3'), { digest: d('c'), size: 30, mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' }],
    ]);
  });

  it('trusts nothing when the counts differ or a digest is malformed', () => {
    expect(pairLayers(manifest([{ mediaType: gz, digest: d('a'), size: 1 }]), config([])).size).toBe(0);
    expect(pairLayers(manifest([{ mediaType: gz, digest: '../x', size: 1 }]), config([d('1')])).size).toBe(0);
  });
});

describe('listedBlobs', () => {
  it("lists the layers and config the tags' manifests name, and nothing from what is not a manifest", () => {
    const m = Buffer.from(
      JSON.stringify({
        config: { digest: d('c'), size: 2 },
        layers: [
          { mediaType: gz, digest: d('a'), size: 1 },
          { mediaType: gz, digest: '../../etc/passwd', size: 1 },
        ],
      }),
    );
    expect([...listedBlobs([m, Buffer.from('not json'), Buffer.from('{"manifests":[]}')])].sort()).toEqual(
      [d('a'), d('c')].sort(),
    );
  });
});
