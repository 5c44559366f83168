// The daemonless push as a process of its own (for wall time with start-up, CPU and peak RSS):
//   node push-cli.mjs <layout-or-archive> <registry-url> <repository> <tag>...
// As the step does it: layers of a `docker save` archive are compressed straight into the registry
// (reusing what the tags already hold), then the rest is pushed. Credentials from REGISTRY_USER /
// REGISTRY_PASSWORD (never argv); REGISTRY_CA names a CA file to trust; LAYER_RECORD a folder for the
// record of what each layer compressed to (as skopeo keeps its blob-info cache in the home folder).
import { readFileSync } from 'node:fs';
import type { CompressedImage } from '../../packages/ecr-push/src/ecr/compress-layers.ts';
import { openImageSource } from '../../packages/ecr-push/src/ecr/image-source.ts';
import { hasUncompressedLayers } from '../../packages/ecr-push/src/ecr/image-types.ts';
import { pushImage } from '../../packages/ecr-push/src/ecr/push-image.ts';
import { RegistryClient } from '../../packages/ecr-push/src/ecr/registry-client.ts';

// PUSH_MARKS=1: when each phase ended, in ms since the process started, and the CPU used so far (on stderr).
const mark = (what: string): void => {
  if (!process.env.PUSH_MARKS) return;
  const { user, system } = process.cpuUsage();
  process.stderr.write(
    `${what} ${performance.now().toFixed(1)} ms, CPU ${((user + system) / 1000).toFixed(1)} ms\n`,
  );
};
mark('loaded');
const [path, url, repository, ...tags] = process.argv.slice(2) as [string, string, string, ...string[]];
const client = new RegistryClient({
  url,
  credentials: { username: process.env.REGISTRY_USER ?? '', password: process.env.REGISTRY_PASSWORD ?? '' },
  maxSockets: 6,
  ...(process.env.REGISTRY_CA ? { ca: readFileSync(process.env.REGISTRY_CA) } : {}),
});
let source = await openImageSource(path);
mark('opened');
let done: CompressedImage['done'] | undefined;
const how: string[] = [];
if (hasUncompressedLayers(source.top)) {
  // As the step does, compression loads only for an archive's uncompressed layers.
  const { compressLayers } = await import('../../packages/ecr-push/src/ecr/compress-layers.ts');
  const { layerRecord } = await import('../../packages/ecr-push/src/ecr/layer-record.ts');
  const compressed = await compressLayers(source, {
    client,
    repository,
    reuseFrom: tags,
    ...(process.env.LAYER_RECORD ? { record: layerRecord(process.env.LAYER_RECORD) } : {}),
    onLayer: (_from, _to, h) => how.push(h),
  });
  source = compressed.source;
  done = compressed.done;
}
mark('compressed');
const result = await pushImage({
  client,
  repository,
  source,
  tags,
  concurrency: 4,
  ...(done ? { done } : {}),
});
mark('pushed');
client.close();
process.stdout.write(
  `${JSON.stringify({
    digest: result.digest,
    seconds: result.seconds,
    uploaded: result.bytesUploaded,
    outcomes: result.blobs.map((b) => b.outcome),
    layers: how,
  })}\n`,
);
