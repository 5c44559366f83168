#!/usr/bin/env node
// Builds the Azure DevOps extension (.vsix) with tfx-cli, offline.
//
// Every contribution of type `ms.vss-distributed-task.task` in vss-extension.json names its
// folder `tasks/<package>`; the task is `packages/<package>/task.json` with its bundle in
// `packages/<package>/dist/` (build it first: `pnpm --filter <package> bundle`). To add a task,
// add a contribution; this script stages it. Usage:
//   node scripts/build-vsix.mjs [--out <dir>] [--version <x.y.z>]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const adapterDir = resolve(here, '..');
const packagesDir = resolve(adapterDir, '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const outDir = resolve(option('--out') ?? join(adapterDir, 'out'));

const manifest = JSON.parse(readFileSync(join(adapterDir, 'vss-extension.json'), 'utf8'));
if (option('--version')) manifest.version = option('--version');
const stage = mkdtempSync(join(tmpdir(), 'aws-ci-kit-vsix-'));
try {
  const files = [];
  for (const contribution of manifest.contributions) {
    if (contribution.type !== 'ms.vss-distributed-task.task') continue;
    const folder = contribution.properties.name;
    const pkg = folder.replace(/^tasks\//, '');
    const source = join(packagesDir, pkg);
    for (const needed of ['task.json', 'dist/azure.js']) {
      if (!existsSync(join(source, needed))) {
        throw new Error(
          `${folder}: ${join(source, needed)} is missing (run \`pnpm --filter @aws-ci-kit/${pkg} bundle\`).`,
        );
      }
    }
    const target = join(stage, folder);
    mkdirSync(target, { recursive: true });
    cpSync(join(source, 'task.json'), join(target, 'task.json'));
    // The whole dist/: azure.js loads chunks/ on demand, package.json makes them ES modules, and
    // the third-party notice goes with the code it covers.
    cpSync(join(source, 'dist'), join(target, 'dist'), { recursive: true });
    // The agent installs nothing: the bundle is self-contained.
    files.push({ path: folder });
  }
  manifest.files = [...(manifest.files ?? []), ...files];
  writeFileSync(join(stage, 'vss-extension.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = join(packagesDir, '..', 'README.md');
  writeFileSync(
    join(stage, 'README.md'),
    existsSync(readme) ? readFileSync(readme, 'utf8') : '# aws-ci-kit\n',
  );
  mkdirSync(outDir, { recursive: true });
  const tfx = join(adapterDir, 'node_modules', '.bin', 'tfx');
  execFileSync(
    tfx,
    [
      'extension',
      'create',
      '--root',
      stage,
      '--manifest-globs',
      'vss-extension.json',
      '--output-path',
      outDir,
      '--no-prompt',
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, TFX_TRACE: '' } },
  );
} finally {
  rmSync(stage, { recursive: true, force: true });
}
