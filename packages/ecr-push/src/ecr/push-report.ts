import { markdownTable, type TableCell } from '@aws-ci-kit/core';
import type { BlobReport, PushResult } from './push-image.ts';

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function kind(mediaType: string): string {
  if (/config/.test(mediaType)) return 'config';
  return 'layer';
}

/** One log line per blob: digest, kind, size, outcome, time and rate. */
export function formatBlobLine(report: BlobReport): string {
  const short = report.digest.replace(/^sha256:/, '').slice(0, 12);
  const rate =
    report.outcome === 'uploaded' && report.seconds > 0
      ? `, ${formatBytes(report.size / report.seconds)}/s`
      : '';
  const resumed = report.resumes > 0 ? `, resumed ${report.resumes}x` : '';
  return `${kind(report.mediaType).padEnd(6)} ${short}  ${formatBytes(report.size).padStart(10)}  ${report.outcome.padEnd(8)} ${report.seconds.toFixed(2)} s${rate}${resumed}`;
}

/** The one-line result of a push. */
export function formatPushLine(result: PushResult): string {
  const counts = { uploaded: 0, skipped: 0, mounted: 0 };
  for (const b of result.blobs) counts[b.outcome]++;
  return `Pushed ${result.repositoryUri}@${result.digest} (${result.tags.join(', ') || 'no tag'}): ${formatBytes(result.bytesUploaded)} uploaded of ${formatBytes(result.bytesTotal)} in ${result.seconds.toFixed(2)} s; blobs ${counts.uploaded} uploaded, ${counts.skipped} skipped, ${counts.mounted} mounted.`;
}

/** Markdown for the run summary: what was pushed (rows of label and value), then the blobs if known. */
function summaryMarkdown(rows: readonly (readonly TableCell[])[], blobs: readonly BlobReport[] = []): string {
  const parts = ['### Amazon ECR push', '', markdownTable(['', ''], rows), ''];
  if (blobs.length > 0) {
    const blobRows = blobs.map((b) => [{ code: b.digest.slice(0, 19) }, formatBytes(b.size), b.outcome]);
    parts.push(markdownTable(['Blob', 'Size', 'Outcome'], blobRows, ['left', 'right', 'left']), '');
  }
  return parts.join('\n');
}

const tagCell = (tags: readonly string[]): TableCell => (tags.length ? { code: tags.join(', ') } : 'none');

/** The run summary of a daemonless push: image URI, digest, tags, platforms, sizes, blobs. */
export function pushSummaryMarkdown(result: PushResult, mode: string): string {
  return summaryMarkdown(
    [
      ['Image', { code: result.repositoryUri }],
      ['Digest', { code: result.digest }],
      ['Tags', tagCell(result.tags)],
      ...(result.platforms.length ? [['Platforms', result.platforms.join(', ')]] : []),
      ['Size', `${formatBytes(result.bytesTotal)} (${formatBytes(result.bytesUploaded)} uploaded)`],
      ['Push', `${mode}, ${result.seconds.toFixed(2)} s`],
    ],
    result.blobs,
  );
}

/** The run summary of a push through a container CLI (docker, podman): what the CLI reported. */
export function cliPushSummaryMarkdown(push: {
  readonly repositoryUri: string;
  readonly digest: string | undefined;
  readonly tags: readonly string[];
  readonly cli: string;
}): string {
  return summaryMarkdown([
    ['Image', { code: push.repositoryUri }],
    ['Digest', { code: push.digest ?? 'unknown' }],
    ['Tags', tagCell(push.tags)],
    ['Push', push.cli],
  ]);
}
