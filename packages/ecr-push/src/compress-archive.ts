import { join } from 'node:path';
import type { CiRuntime } from '@aws-ci-kit/core';
import { type CompressedImage, compressLayers } from './ecr/compress-layers.ts';
import type { ImageSource } from './ecr/image-types.ts';
import { type LayerRecord, layerRecord } from './ecr/layer-record.ts';
import { formatBytes } from './ecr/push-report.ts';
import type { RegistryClient } from './ecr/registry-client.ts';
import { stopwatch } from './ecr/stopwatch.ts';
import type { PushPlan } from './plan.ts';

// Loaded on demand (push-daemonless.ts): compression, the layer record and layer reuse are code an
// OCI layout's push never runs.

/** What this machine compressed before (diff_id -> blob), kept in the runtime's cache folder if it has one. */
function layerRecordOf(runtime: CiRuntime): { record?: LayerRecord } {
  if (!runtime.cacheDir) return {};
  const dir = join(runtime.cacheDir, 'aws-ci-kit', 'layer-record');
  return { record: layerRecord(dir, (message) => runtime.log.debug(message)) };
}

/** Layers a `docker save` archive holds uncompressed, gzipped (or found in the repository already). */
export async function compressArchive(
  runtime: CiRuntime,
  client: RegistryClient,
  plan: PushPlan,
  source: ImageSource,
): Promise<{ image: ImageSource; done: CompressedImage['done'] }> {
  const elapsed = stopwatch();
  const result = await compressLayers(source, {
    client,
    repository: plan.target.name,
    reuseFrom: plan.tags,
    mountFrom: plan.settings.mountFrom,
    ...layerRecordOf(runtime),
    onLayer: (from, to, how) =>
      runtime.log.info(
        how === 'reused'
          ? `reuse  ${from.digest.slice(7, 19)} -> ${to.digest.slice(7, 19)}  ${formatBytes(to.size)} already in the repository`
          : `gzip   ${from.digest.slice(7, 19)} -> ${to.digest.slice(7, 19)}  ${formatBytes(from.size)} -> ${formatBytes(to.size)}`,
      ),
  });
  runtime.log.info(`Compressed and uploaded the uncompressed layers in ${elapsed().toFixed(2)} s.`);
  return { image: result.source, done: result.done };
}
