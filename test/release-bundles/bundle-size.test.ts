// Bundle sizes: every file of every committed dist/ is under 400 KiB, and the credentials step's
// entries load under 400 KiB at start (each entry with the chunks it imports statically, before any
// `await import()`; a keys + assume-role run then adds the STS chunks, 250 KiB in all; the
// chunks of credential sources and clients a run does not use are loaded only on demand). The ECR
// step loads its compression only for a `docker save` archive.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundlePackage, listFiles, startupBytes, startupFiles } from '../../scripts/bundle.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const LIMIT = 400 * 1024;
const scratch = mkdtempSync(join(tmpdir(), 'bundle-size-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(['aws-credentials', 'ecr-push', 'ssm-secret'])('packages/%s/dist', (pkg) => {
  it('has no JavaScript file of 400 KiB or more', () => {
    const dist = join(ROOT, 'packages', pkg, 'dist');
    const js = listFiles(dist).filter((file) => file.endsWith('.js'));
    expect(js).toContain('github.js');
    expect(js).toContain('azure.js');
    const big = js.filter((file) => statSync(join(dist, file)).size >= LIMIT);
    expect(big).toEqual([]);
  });
});

it('the credentials entries load less than 400 KiB at start', async () => {
  const packageDir = join(ROOT, 'packages', 'aws-credentials');
  const out = join(scratch, 'aws-credentials');
  const { metafile, names } = await bundlePackage(packageDir, out);
  const start = startupBytes(metafile, out, packageDir, names);
  expect(Object.keys(start).sort()).toEqual(['azure.js', 'github.js']);
  for (const [entry, bytes] of Object.entries(start)) expect(bytes, entry).toBeLessThan(LIMIT);
  // The SDK's credential providers (profiles, SSO, containers, instance metadata) are not among them.
  expect(start['github.js']).toBeLessThan(
    listFiles(out).reduce(
      (sum, file) => sum + (file.endsWith('.js') ? statSync(join(out, file)).size : 0),
      0,
    ) / 2,
  );
}, 60_000); // one esbuild rebuild: ~1.5 s warm, 4-5 s on a fresh machine with cold caches

it('the ecr-push entries load no compression code at start (only an archive with uncompressed layers does)', async () => {
  const packageDir = join(ROOT, 'packages', 'ecr-push');
  const out = join(scratch, 'ecr-push');
  const { metafile, names } = await bundlePackage(packageDir, out);
  const compression = /src\/ecr\/(compress-layers|parallel-gzip|layer-record|layer-reuse)\.ts$/;
  const inputsOf = (files: readonly string[]) =>
    files.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
  const start = startupFiles(metafile, out, packageDir, names);
  expect(Object.keys(start).sort()).toEqual(['azure.js', 'github.js']);
  for (const [entry, files] of Object.entries(start))
    expect(
      inputsOf(files).filter((input) => compression.test(input)),
      entry,
    ).toEqual([]);
  // It is in the bundle all the same, in a chunk loaded on demand.
  expect(inputsOf(Object.keys(metafile.outputs)).filter((input) => compression.test(input))).toHaveLength(4);
}, 60_000); // one esbuild rebuild, as above
