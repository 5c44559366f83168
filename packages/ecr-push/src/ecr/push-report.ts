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

function cell(text: string): string {
  return text.replace(/[|\r\n<>]/g, (c) => ({ '|': '\\|', '<': '&lt;', '>': '&gt;' })[c] ?? ' ');
}

/** Markdown for the run summary: image URI, digest, tags, platforms, sizes. */
export function pushSummaryMarkdown(result: PushResult, mode: string): string {
  const lines = [
    '### Amazon ECR push',
    '',
    '| | |',
    '| --- | --- |',
    `| Image | \`${cell(result.repositoryUri)}\` |`,
    `| Digest | \`${cell(result.digest)}\` |`,
    `| Tags | ${result.tags.map((t) => `\`${cell(t)}\``).join(' ') || 'none'} |`,
    ...(result.platforms.length ? [`| Platforms | ${result.platforms.map(cell).join(', ')} |`] : []),
    `| Size | ${formatBytes(result.bytesTotal)} (${formatBytes(result.bytesUploaded)} uploaded) |`,
    `| Push | ${cell(mode)}, ${result.seconds.toFixed(2)} s |`,
    '',
  ];
  if (result.blobs.length > 0) {
    lines.push('| Blob | Size | Outcome |', '| --- | ---: | --- |');
    for (const b of result.blobs) {
      lines.push(`| \`${b.digest.slice(0, 19)}\` | ${formatBytes(b.size)} | ${b.outcome} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
